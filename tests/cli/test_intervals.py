"""Printed intervals: a point inside its interval is printed inside its printed interval."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from agi_economy.cli.experiment import _interval

PRINTED = re.compile(r"^(\S+) \[(\S+), (\S+)\]$")

finite = st.floats(min_value=-1e300, max_value=1e300, allow_nan=False, allow_infinity=False)


def _printed(est: float, low: float, high: float) -> tuple[float, float, float]:
    text = _interval({"x": est, "x_low": low, "x_high": high}, "x")
    match = PRINTED.match(text)
    assert match, text
    return tuple(float(group) for group in match.groups())


@given(st.lists(finite, min_size=3, max_size=3).map(sorted))
@example([1.994, 1.994, 1.996])  # printed as "1.99 [2, 2]" when bounds were rounded to nearest
@example([0.0, 0.0, 0.0])
@example([1e12, 1e12, 1e12])
@example([9.996, 9.996, 9.999])
@example([-0.0041, -0.0039, 0.0])
def test_printed_point_lies_within_its_printed_interval(triple):
    """For any low <= point <= high, the printed point lies in the printed interval."""
    low, est, high = triple
    p_est, p_low, p_high = _printed(est, low, high)
    assert p_low <= p_est <= p_high, (triple, (p_est, p_low, p_high))


@given(st.lists(finite, min_size=3, max_size=3).map(sorted))
def test_printed_interval_holds_the_true_interval(triple):
    """Bounds are rounded outward: the printed interval never claims to be narrower."""
    low, est, high = triple
    _, p_low, p_high = _printed(est, low, high)
    assert p_low <= low
    assert p_high >= high


def test_degenerate_interval_prints_as_a_point_in_itself():
    """An interval of one value prints that value as both bounds."""
    assert _interval({"x": 2.0, "x_low": 2.0, "x_high": 2.0}, "x") == "2 [2, 2]"
