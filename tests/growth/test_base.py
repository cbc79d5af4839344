"""GrowthState.with_ is dataclasses.replace; new_state is the dataclass's constructor, faster."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from agi_economy.growth import GrowthState
from agi_economy.growth.base import new_state

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


def test_new_state_is_a_frozen_growth_state():
    """new_state makes a GrowthState equal to the dataclass's own, as frozen and hashable."""
    made = new_state(1.5, 0.25, 7, 3.0, 2.0)
    assert type(made) is GrowthState
    assert made == START
    assert hash(made) == hash(START)
    assert repr(made) == repr(START)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.delta = 1.0
    assert made.with_(delta=1.0) == dataclasses.replace(START, delta=1.0)
