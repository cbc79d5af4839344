"""GrowthState.with_ is the named tuple's _replace; new_state(s) are its constructor, faster."""

from __future__ import annotations

import itertools

import pytest

from agi_economy.growth import GrowthState
from agi_economy.growth.base import new_state, new_states

START = GrowthState(1.5, 0.25, 7, 3.0, 2.0)
NEW = {"intelligence": 2.5, "delta": 0.0, "iteration": 8, "log_compute": -1.0, "doublings": 0.5}


@pytest.mark.parametrize(
    "names",
    [names for r in range(len(NEW) + 1) for names in itertools.combinations(NEW, r)],
)
def test_with_changes_exactly_the_fields_given(names):
    """For every subset of fields (zeros included), with_ equals the named tuple's _replace."""
    changes = {name: NEW[name] for name in names}
    made = START.with_(**changes)
    assert type(made) is GrowthState
    assert made == START._replace(**changes)
    assert made == GrowthState(**{**START._asdict(), **changes})


def test_with_refuses_an_unknown_field():
    """A name that is no field raises, as _replace does."""
    with pytest.raises(TypeError):
        START.with_(intelligenc=2.0)


def test_new_state_is_a_frozen_growth_state():
    """new_state makes a GrowthState equal to the constructor's own, immutable and hashable."""
    made = new_state(1.5, 0.25, 7, 3.0, 2.0)
    assert type(made) is GrowthState
    assert made == START
    assert hash(made) == hash(START)
    assert repr(made) == repr(START)
    with pytest.raises(AttributeError):
        made.delta = 1.0  # type: ignore[misc]
    assert made.with_(delta=1.0) == START._replace(delta=1.0)


def test_new_states_builds_each_row_and_refuses_ragged_columns():
    """new_states gives the constructor's state of each row; columns of unequal length raise."""
    made = new_states([1.0, 2.0], [0.1, 0.2], [3, 4], [0.0, 1.0], [5.0, 6.0])
    assert made == [GrowthState(1.0, 0.1, 3, 0.0, 5.0), GrowthState(2.0, 0.2, 4, 1.0, 6.0)]
    assert all(type(s) is GrowthState for s in made)
    with pytest.raises(ValueError, match="zip"):
        new_states([1.0], [0.1, 0.2], [3], [0.0], [5.0])
