"""Continuous self-improvement dI/dt = c I^p: blow-up time and closed-form paths vs integration."""

from __future__ import annotations

import math

import numpy as np
import pytest

from agi_economy.growth.continuous import (
    blowup_time,
    continuous_path,
    integrate,
    time_to_reach,
)


@pytest.mark.parametrize(
    ("i0", "c", "p"), [(1.0, 0.1, 1.5), (2.0, 0.5, 2.0), (0.5, 1.0, 3.0), (1.0, 0.05, 1.1)]
)
def test_blowup_time_matches_integration(i0, c, p):
    """For p > 1, a numerical solution reaches a level L a hair before t* = I_0^(1-p) / (c (p-1)).

    L is chosen so that t* - t(L) = 1e-8 t*: far enough to test the singularity, near
    enough that float time steps still resolve the approach.
    """
    t_star = i0 ** (1 - p) / (c * (p - 1))
    assert blowup_time(i0, c, p) == pytest.approx(t_star, rel=1e-12)
    level = i0 * 1e8 ** (1 / (p - 1))
    _, _, hit = integrate(2 * t_star, i0, c, p, stop_at=level)
    assert hit == pytest.approx(time_to_reach(level, i0, c, p), rel=1e-8)
    assert hit == pytest.approx(t_star, rel=1e-7)
    assert hit < t_star


@pytest.mark.parametrize("p", [0.0, 0.3, 0.5, 0.9, 1.0])
def test_no_blowup_for_p_at_most_one(p):
    """For p <= 1 there is no finite-time singularity."""
    assert blowup_time(1.0, 0.2, p) == math.inf
    _, values, hit = integrate(50.0, 1.0, 0.2, p, stop_at=1e12)
    assert hit is None
    assert np.all(np.isfinite(values))


@pytest.mark.parametrize("p", [0.0, 0.25, 0.5, 0.75, 1.0])
def test_closed_form_path_matches_integration(p):
    """For p < 1 (and p = 1) the closed-form path equals a DOP853 integration."""
    for t in (1.0, 10.0, 40.0):
        _, values, _ = integrate(t, 1.5, 0.3, p, stop_at=1e300)
        assert continuous_path(t, 1.5, 0.3, p) == pytest.approx(values[-1], rel=1e-8)


def test_path_at_zero_and_written_out():
    """I(0) = I_0, and p = 0.5 gives (sqrt(I_0) + c t / 2)^2."""
    t = np.array([0.0, 2.0, 8.0])
    expected = (math.sqrt(4.0) + 0.5 * t / 2) ** 2
    assert continuous_path(t, 4.0, 0.5, 0.5) == pytest.approx(expected, rel=1e-14)


def test_path_is_infinite_past_blowup():
    """Past t* the closed form is inf, never NaN."""
    values = continuous_path([0.0, 19.0, 20.0, 30.0], 1.0, 0.1, 1.5)
    assert np.isfinite(values[:2]).all()
    assert np.isinf(values[2:]).all()
    assert not np.isnan(values).any()


def test_time_to_reach_inverts_the_path():
    """time_to_reach(I(t)) = t for every p."""
    for p in (0.5, 1.0, 1.5):
        t = 3.0
        level = float(continuous_path(t, 1.0, 0.1, p))
        assert time_to_reach(level, 1.0, 0.1, p) == pytest.approx(t, rel=1e-12)
