"""Levers combine lever by lever to the stricter setting, every lever included."""

from __future__ import annotations

import math
from dataclasses import fields, replace

import pytest

from agi_economy.levers import Levers

NEUTRAL = Levers()


def stricter(name: str, a, b):
    """The stricter of two settings, read from the lever's neutral value alone.

    A neutral ceiling (infinite) is lowered, a neutral permission (True) withdrawn,
    a neutral requirement (False) imposed and a neutral floor or tax (0) raised.
    """
    neutral = getattr(NEUTRAL, name)
    if neutral is True:
        return a and b
    if neutral is False:
        return a or b
    if neutral == math.inf:
        return min(a, b)
    assert neutral == 0.0, name
    return max(a, b)


def settings(name: str) -> tuple:
    """Two non-neutral settings of a lever, and the neutral one."""
    neutral = getattr(NEUTRAL, name)
    if isinstance(neutral, bool):
        return (not neutral, not neutral, neutral)
    if neutral == math.inf:
        return (3.0, 7.0, neutral)
    return (0.2, 0.6, neutral)


@pytest.mark.parametrize("name", [f.name for f in fields(Levers)])
def test_every_lever_combines_to_the_stricter_setting_and_no_other_moves(name):
    """Each lever, set on either side or both, combines to the stricter; the rest stay neutral."""
    for a in settings(name):
        for b in settings(name):
            merged = replace(NEUTRAL, **{name: a}).combine(replace(NEUTRAL, **{name: b}))
            assert getattr(merged, name) == stricter(name, a, b)
            assert replace(merged, **{name: getattr(NEUTRAL, name)}) == NEUTRAL


def test_a_copy_is_equal_and_independent():
    """A copy compares equal and changing it leaves the original as it was."""
    original = replace(NEUTRAL, compute_cap=5.0, rsi_gating=True)
    copy = original.copy()
    assert copy == original
    copy.compute_cap = 1.0
    assert original.compute_cap == 5.0
