"""GrowthState.with_ is dataclasses.replace: the fields given change, the others stay."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from agi_economy.growth import GrowthState

START = GrowthState(1.5, 0.25, 7, 3.0, 2.0)
NEW = {"intelligence": 2.5, "delta": 0.0, "iteration": 8, "log_compute": -1.0, "doublings": 0.5}


@pytest.mark.parametrize(
    "names",
    [names for r in range(len(NEW) + 1) for names in itertools.combinations(NEW, r)],
)
def test_with_changes_exactly_the_fields_given(names):
    """For every subset of fields (zeros included), with_ equals dataclasses.replace."""
    changes = {name: NEW[name] for name in names}
    assert START.with_(**changes) == dataclasses.replace(START, **changes)


def test_with_refuses_an_unknown_field():
    """A name that is no field raises, as dataclasses.replace does."""
    with pytest.raises(TypeError):
        START.with_(intelligenc=2.0)
