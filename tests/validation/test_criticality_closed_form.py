"""Criticality (Yudkowsky 2013, the fission model): closed form, fizzle limit, regimes."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from agi_economy import simulate
from agi_economy.analysis import estimate_k
from agi_economy.growth import Criticality, GrowthContext, criticality_path
from agi_economy.validation.world_cases import isolated_world

RNG = np.random.default_rng(0)


@pytest.mark.parametrize("k", [Fraction(1, 2), Fraction(4, 5), Fraction(1), Fraction(6, 5)])
def test_closed_form_matches_exact_rational_iteration(k):
    """I_n from the closed form equals D <- k D, I <- I + D iterated in exact arithmetic."""
    i, d = Fraction(2, 5), Fraction(1, 50)
    for n in range(1, 41):
        d *= k
        i += d
        got, dn = criticality_path(0.4, 0.02, float(k), n, 1e12)
        assert got == pytest.approx(float(i), rel=1e-12)
        assert dn == pytest.approx(float(d), rel=1e-12)


@pytest.mark.parametrize(("k", "i0", "g"), [(0.5, 0.4, 0.02), (0.8, 1.0, 0.1), (0.95, 0.3, 0.01)])
def test_fizzle_converges_to_its_limit(k, i0, g):
    """For k < 1 intelligence converges to I_0 + D_0 k / (1 - k), D_0 = g / k."""
    rule = Criticality(k, 1e12)
    state = rule.advance(rule.initial_state(i0, g), 5000, GrowthContext(), RNG)
    assert state.intelligence == pytest.approx(i0 + (g / k) * k / (1 - k), rel=1e-12)


def test_combustion_is_linear():
    """For k = 1 every iteration adds the same gain."""
    rule = Criticality(1.0, 1e12)
    state = rule.advance(rule.initial_state(0.4, 0.02), 250, GrowthContext(), RNG)
    assert state.intelligence == pytest.approx(0.4 + 250 * 0.02, rel=1e-12)


def test_explosion_is_geometric_then_saturates():
    """For k > 1 gains grow geometrically and intelligence stops, finite, at the cap."""
    rule = Criticality(1.3, 1e6)
    state = rule.initial_state(0.4, 0.02)
    gains = []
    for _ in range(80):
        new = rule.advance(state, 1, GrowthContext(), RNG)
        gains.append(new.intelligence - state.intelligence)
        state = new
    assert gains[1] / gains[0] == pytest.approx(1.3)
    assert state.intelligence == 1e6
    assert np.all(np.isfinite(gains))


@pytest.mark.parametrize(
    ("k", "regime"), [(0.6, "fizzle"), (1.0, "combustion"), (1.15, "explosion")]
)
def test_model_run_recovers_k_and_regime(k, regime):
    """A lone boxed AGI under criticality: the run summary reports k and its regime."""
    growth = {"rule": "criticality", "k": k, "initial_gain": 0.01, "iterations_per_month": 1}
    result = simulate(isolated_world(60, growth), seed=4)
    # Late gains of a fizzle are read to ~1e-7 (GAIN_RESOLUTION of I), hence rel 1e-6.
    assert result.summary["k_hat"] == pytest.approx(k, rel=1e-6)
    assert result.summary["regime"] == regime
    # Initial conditions as the model set them (calibration may scale them); dynamics by k.
    path = result.steps["max_intelligence"]
    i0, d1, final = path[0], path[1] - path[0], path[-1]
    expected = i0 + 60 * d1 if k == 1 else i0 + d1 * (1 - k**60) / (1 - k)
    assert final == pytest.approx(expected, rel=1e-12)


def test_regimes_from_rule_gains_with_several_iterations_per_step():
    """Per-step gains of m iterations estimate k per iteration."""
    rule = Criticality(0.9, 1e12)
    state = rule.initial_state(0.4, 0.05)
    gains = []
    for _ in range(30):
        new = rule.advance(state, 3, GrowthContext(), RNG)
        gains.append(new.intelligence - state.intelligence)
        state = new
    est = estimate_k(gains, iterations=[3] * 30)
    assert est.k == pytest.approx(0.9, rel=1e-9)
    assert est.regime == "fizzle"
