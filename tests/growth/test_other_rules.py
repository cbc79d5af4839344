"""Domain returns, scaling law, self-finetuning and breakthroughs against their closed forms."""

import math

import numpy as np
import pytest

from agi_economy.growth import (
    FITS,
    Breakthroughs,
    Criticality,
    DomainReturns,
    GrowthContext,
    GrowthState,
    ScalingLaw,
    SelfFinetune,
    build_rule,
    saturate,
)
from agi_economy.scenario import Scenario

BOUNDS = (0.1, 0.5, 0.9, 1.5, 3.0, 30.0)
DOMAIN_K = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1)


def domain_rule(**kw) -> DomainReturns:
    args = dict(
        domain_k=DOMAIN_K,
        bounds=BOUNDS,
        threshold=2.0,
        boost=1.5,
        max_valuable=100.0,
        k_above_max=0.4,
        cap=1e12,
    )
    args.update(kw)
    return DomainReturns(**args)


@pytest.mark.parametrize(
    ("intelligence", "k"),
    [
        (0.05, 0.5),
        (0.1, 0.6),
        (0.7, 0.7),
        (1.0, 0.8),
        (1.9, 0.9),
        (2.0, 1.35),
        (10, 1.5),
        (50, 1.65),
        (100, 1.65),
        (100.5, 0.4),
    ],
)
def test_domain_k_by_band_threshold_and_maximum(intelligence, k):
    """k(I) is the band's value, times the boost from the threshold, and falls past the maximum."""
    assert domain_rule().k_at(intelligence) == pytest.approx(k)


def test_domain_returns_follow_criticality_update():
    """Each iteration applies D <- k(I) D, I <- I + D with k read at the current I."""
    rule = domain_rule()
    state = GrowthState(0.45, 0.1)
    got = rule.advance(state, 5, GrowthContext(), np.random.default_rng(0))
    i, d = 0.45, 0.1
    for _ in range(5):
        d = rule.k_at(i) * d
        i += d
    assert got.intelligence == pytest.approx(i, rel=1e-12)
    assert got.delta == pytest.approx(d, rel=1e-12)


def test_domain_returns_with_constant_k_equal_criticality():
    """With the same k in every band and no boost, domain returns reduce to criticality."""
    rule = domain_rule(domain_k=(1.1,) * 7, boost=1.0, max_valuable=1e9)
    crit = Criticality(1.1, 1e12)
    rng = np.random.default_rng(0)
    a = rule.advance(GrowthState(0.4, 0.02), 30, GrowthContext(), rng)
    b = crit.advance(GrowthState(0.4, 0.02), 30, GrowthContext(), rng)
    assert a.intelligence == pytest.approx(b.intelligence, rel=1e-9)


def test_domain_returns_fall_above_maximum_valuable_intelligence():
    """Above the maximum valuable intelligence returns drop below 1 and growth fizzles."""
    rule = domain_rule(domain_k=(2.0,) * 7, boost=1.0, max_valuable=50.0, k_above_max=0.5)
    state = rule.advance(GrowthState(1.0, 0.5), 200, GrowthContext(), np.random.default_rng(0))
    assert 50.0 < state.intelligence < 200.0


@pytest.mark.parametrize("fit", ["hoffmann2022", "besiroglu2024"])
def test_scaling_law_power_law_in_compute(fit):
    """I = (C / C_ref)^(ab gamma) with ab = alpha beta / (alpha + beta)."""
    rule = ScalingLaw(FITS[fit], gamma=2.0, reference_compute=1e25, cap=1e12)
    f = FITS[fit]
    ab = f.alpha * f.beta / (f.alpha + f.beta)
    for c in (1e22, 1e25, 3e27):
        assert rule.intelligence_at(math.log(c)) == pytest.approx(
            (c / 1e25) ** (ab * 2.0), rel=1e-9
        )
    assert rule.intelligence_at(math.log(1e25)) == pytest.approx(1.0)


@pytest.mark.parametrize("fit", ["hoffmann2022", "besiroglu2024"])
def test_capability_matches_reducible_loss_ratio(fit):
    """I equals ((L_ref - E) / (L - E))^gamma with L the compute-optimal Chinchilla loss."""
    f = FITS[fit]
    rule = ScalingLaw(f, gamma=1.7, reference_compute=1e24, cap=1e12)
    for c in (1e21, 1e23, 1e26):
        expected = ((f.optimal_loss(1e24) - f.E) / (f.optimal_loss(c) - f.E)) ** 1.7
        assert rule.intelligence_at(math.log(c)) == pytest.approx(expected, rel=1e-9)


def test_compute_optimal_split_spends_the_budget_and_minimises_loss():
    """N and D satisfy 6 N D = C, and moving N either way raises the loss."""
    f = FITS["hoffmann2022"]
    c = 5.76e23
    n, d = f.compute_optimal(c)
    assert 6 * n * d == pytest.approx(c, rel=1e-12)
    best = f.loss(n, d)
    for factor in (0.8, 1.25):
        assert f.loss(n * factor, c / (6 * n * factor)) > best


def test_scaling_law_adds_compute_in_log_space():
    """Training compute accumulates: ln C' = ln(C + added)."""
    rule = ScalingLaw(FITS["hoffmann2022"], 2.0, 1e25, 1e12)
    state = rule.initial_state(0.5, 0.0)
    before = math.exp(state.log_compute)
    after = rule.advance(state, 1, GrowthContext(compute_flop=before), np.random.default_rng(0))
    assert math.exp(after.log_compute) == pytest.approx(2 * before, rel=1e-9)
    assert after.intelligence == pytest.approx(0.5 * 2**rule.elasticity, rel=1e-9)


def test_self_finetune_without_noise_is_geometric():
    """Gains g_1 rho^(n-1) sum to g_1 (1 - rho^n) / (1 - rho)."""
    rule = SelfFinetune(rho=0.7, noise=0.0, ceiling=100.0, cap=1e12)
    state = rule.advance(
        rule.initial_state(0.4, 0.1), 12, GrowthContext(), np.random.default_rng(0)
    )
    assert state.intelligence == pytest.approx(0.4 + 0.1 * (1 - 0.7**12) / (1 - 0.7), rel=1e-12)
    more = rule.advance(state, 3, GrowthContext(), np.random.default_rng(0))
    assert more.intelligence == pytest.approx(0.4 + 0.1 * (1 - 0.7**15) / (1 - 0.7), rel=1e-12)


def test_self_finetune_respects_ceiling():
    """Intelligence never passes the ceiling, however large the gains."""
    rule = SelfFinetune(rho=1.5, noise=0.5, ceiling=2.0, cap=1e12)
    state = rule.advance(
        rule.initial_state(0.4, 1.0), 50, GrowthContext(), np.random.default_rng(1)
    )
    assert state.intelligence == 2.0


def test_self_finetune_noise_is_lognormal_around_the_geometric_gain():
    """Over many seeds the mean first gain is g_1 exp(sigma^2 / 2)."""
    rule = SelfFinetune(rho=0.8, noise=0.3, ceiling=1e6, cap=1e12)
    start = rule.initial_state(0.0, 0.1)
    gains = [
        rule.advance(start, 1, GrowthContext(), np.random.default_rng(s)).intelligence
        for s in range(4000)
    ]
    expected = 0.1 * math.exp(0.3**2 / 2)
    sd = 0.1 * math.sqrt((math.exp(0.09) - 1) * math.exp(0.09))
    assert np.mean(gains) == pytest.approx(expected, abs=4 * sd / math.sqrt(4000))


def test_breakthrough_rate_rises_with_intelligence():
    """The Poisson mean is lambda_0 I^b n over n RSI iterations."""
    base = Criticality(0.5, 1e12)
    rule = Breakthroughs(base, rate=0.6, exponent=1.5, jump_mu=1.0, jump_sigma=0.2, cap=1e12)
    assert rule.expected_events(4.0, 2) == pytest.approx(0.6 * 4.0**1.5 * 2)
    assert rule.expected_events(0.0, 2) == 0.0
    assert rule.expected_events(4.0, 0) == 0.0


@pytest.mark.parametrize("base_name", ["criticality", "scaling_law"])
def test_breakthroughs_need_iterations(base_name):
    """A step without RSI iterations brings no jump, however high the rate or compute."""
    law = ScalingLaw(FITS["hoffmann2022"], 2.0, 1e25, 1e12)
    base = Criticality(1.3, 1e12) if base_name == "criticality" else law
    rule = Breakthroughs(base, rate=50.0, exponent=1.0, jump_mu=2.0, jump_sigma=0.5, cap=1e12)
    rng = np.random.default_rng(1)
    state = rule.initial_state(1.0, 0.05)
    for _ in range(50):
        after = rule.advance(state, 0, GrowthContext(1 / 12, compute_flop=1e26), rng)
        assert after == state


def test_breakthrough_jumps_have_the_poisson_mean_and_lognormal_size():
    """Over many steps the number of jumps matches the rate and each multiplies I by e^mu."""
    base = Criticality(0.0, 1e12)  # no growth between jumps
    rule = Breakthroughs(base, rate=0.2, exponent=0.0, jump_mu=0.01, jump_sigma=0.0, cap=1e12)
    rng = np.random.default_rng(3)
    state = GrowthState(1.0, 0.0)
    steps = 3000
    for _ in range(steps):
        state = rule.advance(state, 1, GrowthContext(dt_years=1 / 12), rng)
    jumps = math.log(state.intelligence) / 0.01
    mean = 0.2 * steps
    assert jumps == pytest.approx(mean, abs=4 * math.sqrt(mean))


def test_breakthroughs_over_scaling_law_multiply_compute():
    """Over a scaling-law base a jump multiplies effective compute, not intelligence."""
    base = ScalingLaw(FITS["hoffmann2022"], 2.0, 1e25, 1e12)
    rule = Breakthroughs(base, rate=1e6, exponent=0.0, jump_mu=1.0, jump_sigma=0.0, cap=1e12)
    state = rule.initial_state(1.0, 0.0)
    after = rule.advance(state, 0, GrowthContext(dt_years=1e-6), np.random.default_rng(0))
    events = after.log_compute - state.log_compute
    assert events == pytest.approx(round(events))
    assert after.intelligence == pytest.approx(math.exp(base.elasticity * events), rel=1e-9)


@pytest.mark.parametrize(
    "rule", ["criticality", "domain_returns", "scaling_law", "self_finetune", "breakthroughs"]
)
def test_every_rule_stays_finite_in_an_explosive_world(rule):
    """With explosive settings every rule saturates at the cap: no NaN, no inf, 10,000 steps."""
    growth = Scenario().agis.growth.model_copy(
        update={
            "rule": rule,
            "k": 3.0,
            "domain_k": (3.0,) * 7,
            "rho": 3.0,
            "ceiling": 1e300,
            "breakthrough_rate": 50.0,
            "breakthrough_exponent": 2.0,
            "jump_mu": 20.0,
        }
    )
    r = build_rule(growth, BOUNDS)
    state = r.initial_state(0.5, 0.1)
    rng = np.random.default_rng(0)
    for _ in range(10_000):
        state = r.advance(state, 3, GrowthContext(compute_flop=1e30), rng)
        assert math.isfinite(state.intelligence)
        assert 0 <= state.intelligence <= growth.intelligence_cap
        assert math.isfinite(state.delta)
        assert math.isfinite(state.log_compute)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -1.0, 5.0])
def test_saturate_never_returns_non_finite(value):
    """saturate clamps to [0, cap], NaN and inf included."""
    got = saturate(value, 2.0)
    assert math.isfinite(got)
    assert 0.0 <= got <= 2.0
