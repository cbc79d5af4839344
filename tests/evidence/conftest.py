"""Small sources built in code, so each test states the numbers it maps."""

from __future__ import annotations

import pytest

from agi_economy.evidence.schema import Source


def make_source(family: str, measurements: list[dict], sid: str = "test_source", year: int = 2024):
    """A valid source of ``family`` with these measurements."""
    return Source.model_validate(
        {
            "id": sid,
            "family": family,
            "measured": "a test quantity",
            "conditions": "none",
            "informs": "a test parameter",
            "citation": {"authors": ["T. Est"], "year": year, "title": "T", "identifier": "t"},
            "measurements": [
                {"location": "Table 1", "uncertainty": {"kind": "none"}, **m} for m in measurements
            ],
        }
    )


@pytest.fixture
def source():
    """The source factory."""
    return make_source
