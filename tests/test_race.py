"""Racing labs that choose: the DSAIR payoff matrix, its thresholds and social learning."""

import math

import networkx as nx
import numpy as np
import pytest

from agi_economy.race import (
    SAFE,
    UNSAFE,
    RaceGame,
    fixation_frequency,
    fixation_probability,
    learn,
    unsafe_share,
)

GAMES = [
    RaceGame(),
    RaceGame(s=3.0),
    RaceGame(s=1.2, rounds=1000.0),
    RaceGame(s=2.0, detection=0.3),
    RaceGame(b=1.0, c=0.5, s=4.0, rounds=10.0),
]


@pytest.mark.parametrize("game", GAMES)
def test_society_threshold_is_where_all_safe_and_all_unsafe_pay_alike(game):
    """At the society threshold the matrix gives Pi_SS = Pi_UU; safe pays more above it."""
    t = game.society_threshold()
    p = RaceGame(**{**game.__dict__, "risk": min(max(t, 0.0), 1.0)}).payoffs()
    if 0.0 <= t <= 1.0:
        assert p[SAFE, SAFE] == pytest.approx(p[UNSAFE, UNSAFE], rel=1e-12)
    for risk in (max(t - 0.05, 0.0), min(t + 0.05, 1.0)):
        q = RaceGame(**{**game.__dict__, "risk": risk}).payoffs()
        if risk != t:
            assert (q[SAFE, SAFE] > q[UNSAFE, UNSAFE]) == (risk > t)


@pytest.mark.parametrize("game", GAMES)
def test_risk_dominance_threshold_is_where_both_rows_sum_alike(game):
    """Below the risk-dominance threshold unsafe's row sum exceeds safe's, above it not."""
    t = game.risk_dominance_threshold()
    for risk in (t - 0.05, t + 0.05):
        if 0.0 <= risk <= 1.0:
            p = RaceGame(**{**game.__dict__, "risk": risk}).payoffs()
            unsafe_wins = p[UNSAFE].sum() > p[SAFE].sum()
            assert unsafe_wins == (risk < t)


@pytest.mark.parametrize("s", [1.0, 1.5, 2.0, 5.0])
def test_thresholds_tend_to_one_minus_one_over_s_and_three_s(s):
    """When the prize dominates (b, c -> 0) the thresholds are 1 - 1/s and 1 - 1/(3s).

    Derived on paper from the matrix: Pi_SS = B/2W, Pi_UU = p s B/2W, Pi_SU = 0 and
    Pi_US = p s B/W.
    """
    game = RaceGame(b=1e-12, c=0.0, s=s)
    assert game.society_threshold() == pytest.approx(1.0 - 1.0 / s, abs=1e-9)
    assert game.risk_dominance_threshold() == pytest.approx(1.0 - 1.0 / (3.0 * s), abs=1e-9)


def test_the_dilemma_region_exists_for_every_speed_advantage():
    """Unsafe risk-dominates although society prefers safety between the two thresholds."""
    for s in (1.1, 1.5, 2.0, 3.0, 5.0):
        game = RaceGame(s=s)
        assert game.society_threshold() < game.risk_dominance_threshold()


@pytest.mark.parametrize("size", [2, 3, 10, 100])
@pytest.mark.parametrize("beta", [0.001, 0.01, 0.05])
def test_fixation_ratio_has_its_closed_form(size, beta):
    """ln(rho_U / rho_S) = beta [(Z-2)(P_UU - P_SS) + Z (P_US - P_SU)] / 2, exactly."""
    p = RaceGame(s=2.0).payoffs()
    rho_u = fixation_probability(p, size, beta, UNSAFE)
    rho_s = fixation_probability(p, size, beta, SAFE)
    gap = (size - 2) * (p[1, 1] - p[0, 0]) + size * (p[1, 0] - p[0, 1])
    assert math.log(rho_u / rho_s) == pytest.approx(beta * gap / 2.0, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("size", [2, 5, 50])
def test_no_selection_is_neutral_drift(size):
    """With selection intensity 0 a single invader fixes with chance 1/Z."""
    p = RaceGame().payoffs()
    assert fixation_probability(p, size, 0.0, UNSAFE) == pytest.approx(1.0 / size, rel=1e-12)


def test_fixation_never_overflows_at_strong_selection():
    """Strong selection gives a probability in [0, 1], not NaN or inf."""
    p = RaceGame().payoffs()
    for invader in (SAFE, UNSAFE):
        rho = fixation_probability(p, 100, 10.0, invader)
        assert math.isfinite(rho)
        assert 0.0 <= rho <= 1.0


def test_learning_on_a_complete_network_matches_the_well_mixed_closed_form():
    """Simulated social learning among 10 rival labs fixes unsafe as often as rho predicts."""
    p = RaceGame().payoffs()
    runs, beta = 1500, 0.02
    expected = fixation_probability(p, 10, beta, UNSAFE)
    got = fixation_frequency(nx.complete_graph(10), p, beta, runs, seed=11)
    se = math.sqrt(expected * (1.0 - expected) / runs)
    assert abs(got - expected) < 4.0 * se


def test_learning_is_fixed_by_its_seed():
    """The same seed gives the same learning run; imitation never invents a strategy."""
    p = RaceGame().payoffs()
    g = nx.barabasi_albert_graph(12, 2, seed=np.random.default_rng(3))
    start = np.array([0, 1] * 6)
    a = learn(g, start, p, 0.02, np.random.default_rng(5), 200)
    b = learn(g, start, p, 0.02, np.random.default_rng(5), 200)
    assert np.array_equal(a, b)
    assert set(np.unique(a)) <= {0, 1}


def test_labs_without_rivals_keep_their_strategy():
    """On a network without edges no lab can learn, so nothing changes."""
    p = RaceGame().payoffs()
    g = nx.empty_graph(4)
    start = np.array([0, 1, 0, 1])
    assert np.array_equal(learn(g, start, p, 1.0, np.random.default_rng(0), 100), start)


def test_unsafe_wins_below_the_risk_dominance_threshold_and_loses_above():
    """Among 100 labs the long-run unsafe share crosses one half near the threshold."""
    game = RaceGame(s=2.0)
    t = game.risk_dominance_threshold()
    below = unsafe_share(RaceGame(s=2.0, risk=t - 0.05).payoffs(), 100, 0.01)
    above = unsafe_share(RaceGame(s=2.0, risk=t + 0.05).payoffs(), 100, 0.01)
    assert below > 0.5 > above


def test_regulation_helps_in_the_dilemma_region():
    """Detecting unsafe play lowers the unsafe share where society prefers safety."""
    base = RaceGame(s=2.0)
    risk = 0.5 * (base.society_threshold() + base.risk_dominance_threshold())
    free = unsafe_share(RaceGame(s=2.0, risk=risk).payoffs(), 100, 0.01)
    ruled = unsafe_share(RaceGame(s=2.0, risk=risk, detection=0.5).payoffs(), 100, 0.01)
    assert free > 0.5
    assert ruled < free


@pytest.mark.parametrize(
    ("field", "value"),
    [("risk", 1.5), ("s", 0.5), ("detection", -0.1), ("rounds", 0.0), ("b", math.nan)],
)
def test_bad_parameters_are_named(field, value):
    """An out-of-range parameter raises a message naming it."""
    with pytest.raises(ValueError, match=field):
        RaceGame(**{field: value})
