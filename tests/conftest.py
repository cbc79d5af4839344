"""Shared fixtures: small worlds that run in milliseconds."""

from __future__ import annotations

import pytest

SMALL = {
    "humans__count": 200,
    "meta__steps": 60,
}


@pytest.fixture
def small() -> dict:
    """Overrides that shrink any scenario to a fast test world."""
    return dict(SMALL)
