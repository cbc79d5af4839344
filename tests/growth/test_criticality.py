"""Criticality: the fission model's closed form, regimes and saturation."""

import math

import numpy as np
import pytest

from agi_economy.growth import Criticality, GrowthContext, criticality_path

CTX = GrowthContext()


def iterate(i0: float, d0: float, k: float, n: int) -> tuple[float, float]:
    i, d = i0, d0
    for _ in range(n):
        d = k * d
        i = i + d
    return i, d


@pytest.mark.parametrize("k", [0.0, 0.3, 0.9, 1.0, 1.1, 2.0, 3.0])
@pytest.mark.parametrize("n", [0, 1, 2, 7, 40])
def test_closed_form_matches_iteration(k, n):
    """I_n = I_0 + D_0 k (1 - k^n) / (1 - k) equals n explicit iterations of D <- kD, I <- I + D."""
    expected = iterate(0.4, 0.05, k, n)
    got = criticality_path(0.4, 0.05, k, n, cap=1e300)
    assert got[0] == pytest.approx(expected[0], rel=1e-12)
    assert got[1] == pytest.approx(expected[1], rel=1e-12)


@pytest.mark.parametrize("k", [0.2, 0.5, 0.9, 0.99])
def test_fizzle_converges_to_limit(k):
    """For k < 1 intelligence converges to I_0 + D_0 k / (1 - k) and never passes it."""
    limit = 0.4 + 0.05 * k / (1 - k)
    i, _ = criticality_path(0.4, 0.05, k, 20_000, cap=1e12)
    assert i == pytest.approx(limit, rel=1e-9)
    assert i <= limit * (1 + 1e-12)


def test_combustion_is_linear():
    """For k = 1 every iteration adds the same gain."""
    rule = Criticality(1.0, 1e12)
    state = rule.initial_state(0.5, 0.01)
    path = []
    for _ in range(10):
        state = rule.advance(state, 1, CTX, np.random.default_rng(0))
        path.append(state.intelligence)
    assert np.diff(path) == pytest.approx([0.01] * 9, rel=1e-9)


def test_explosion_is_geometric():
    """For k > 1 successive gains grow by the factor k."""
    rule = Criticality(1.5, 1e12)
    state = rule.initial_state(0.5, 0.01)
    gains = []
    for _ in range(8):
        before = state.intelligence
        state = rule.advance(state, 1, CTX, np.random.default_rng(0))
        gains.append(state.intelligence - before)
    ratios = np.array(gains[1:]) / np.array(gains[:-1])
    assert ratios == pytest.approx([1.5] * 7, rel=1e-9)


def test_first_iteration_gains_initial_gain():
    """The first RSI iteration adds exactly ``initial_gain`` whatever k is."""
    for k in (0.5, 1.0, 2.0):
        rule = Criticality(k, 1e12)
        state = rule.advance(rule.initial_state(0.3, 0.02), 1, CTX, np.random.default_rng(0))
        assert state.intelligence - 0.3 == pytest.approx(0.02, rel=1e-12)


def test_several_iterations_per_step_equal_single_steps():
    """Advancing n iterations at once equals n single iterations."""
    rule = Criticality(1.2, 1e12)
    rng = np.random.default_rng(0)
    start = rule.initial_state(0.4, 0.02)
    at_once = rule.advance(start, 6, CTX, rng)
    one_by_one = start
    for _ in range(6):
        one_by_one = rule.advance(one_by_one, 1, CTX, rng)
    assert at_once.intelligence == pytest.approx(one_by_one.intelligence, rel=1e-12)
    assert at_once.iteration == one_by_one.iteration == 6


def test_k3_foom_saturates_without_nan_or_inf():
    """k = 3 over 10,000 steps saturates at the cap: every value stays finite."""
    rule = Criticality(3.0, 1e12)
    state = rule.initial_state(0.4, 0.05)
    rng = np.random.default_rng(0)
    for _ in range(10_000):
        state = rule.advance(state, 3, CTX, rng)
        assert math.isfinite(state.intelligence)
        assert math.isfinite(state.delta)
    assert state.intelligence == 1e12
