"""Small experiments that finish in about a second on one core."""

from __future__ import annotations

import pytest

TINY = {"humans__count": 100, "meta__steps": 40}
"""Overrides that make every run of an experiment a few tens of milliseconds."""


@pytest.fixture
def tiny() -> dict:
    """Overrides for a tiny world."""
    return dict(TINY)
