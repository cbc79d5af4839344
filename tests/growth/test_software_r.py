"""The software-returns rule (Davidson & Houlden 2025) against its closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest

from agi_economy.growth import GrowthContext, build_rule
from agi_economy.scenario.schema import AgisConfig, GrowthConfig

BOUNDS = AgisConfig().domain_bounds
MONTH = GrowthContext(dt_years=1.0 / 12.0, compute_flop=1e23)  # the reference compute


def rule(**changes):
    """The rule with the paper's medians, changed where asked."""
    return build_rule(GrowthConfig(rule="software_r", **changes), BOUNDS)


def months(rule_, state, total, ctx=MONTH):
    """Advance ``state`` by ``total`` one-month steps."""
    rng = np.random.default_rng(0)
    for _ in range(total):
        state = rule_.advance(state, 1, ctx, rng)
    return state


def test_first_doubling_takes_the_recent_doubling_time_over_the_speed_up():
    """Doubling time 3 months / f when research is automated (3 / 8 at the medians)."""
    times = rule().doubling_times(48.0)
    assert times[1] == pytest.approx(3.0 / 8.0, rel=1e-12)
    assert rule(software_speedup=2.0).doubling_times(48.0)[1] == pytest.approx(1.5, rel=1e-12)


def test_returns_of_one_give_a_constant_doubling_time():
    """At r = 1 every doubling takes the first one's time: exponential growth."""
    r = rule(software_returns=1.0, software_constant_r=True)
    gaps = np.diff(r.doubling_times(24.0))
    assert np.allclose(gaps, 3.0 / 8.0, rtol=1e-12, atol=0.0)
    state = months(r, r.initial_state(1.0, 0.0), 12)
    assert state.doublings == pytest.approx(12.0 * 8.0 / 3.0, rel=1e-12)
    assert state.intelligence == pytest.approx(2.0 ** (12.0 * 8.0 / 3.0), rel=1e-9)


@pytest.mark.parametrize(("r0", "p"), [(0.4, 0.15), (0.7, 0.3), (0.9, 0.6)])
def test_returns_below_one_fizzle(r0, p):
    """Below 1 each doubling takes a = 2^(p (1/r - 1)) > 1 times the last (a fizzle)."""
    r = rule(software_returns=r0, software_parallel=p, software_constant_r=True)
    a = 2.0 ** (p * (1.0 / r0 - 1.0))
    times = r.doubling_times(1e4)
    n = np.arange(times.size)
    assert np.allclose(times, 0.375 * (a**n - 1.0) / (a - 1.0), rtol=1e-9, atol=0.0)
    per_year = np.diff([months(r, r.initial_state(1.0, 0.0), 12 * y).doublings for y in range(6)])
    assert np.all(np.diff(per_year) < 0.0)  # each year brings fewer doublings than the last


@pytest.mark.parametrize(("r0", "p"), [(1.5, 0.3), (3.6, 0.6), (1.1, 0.15)])
def test_returns_above_one_explode_in_finite_time(r0, p):
    """Above 1 the doubling times shrink geometrically: all doublings by T0 / (1 - a)."""
    rule(software_returns=r0, software_parallel=p, software_constant_r=True)
    a = 2.0 ** (p * (1.0 / r0 - 1.0))
    blowup = 0.375 / (1.0 - a)
    r_capped = rule(
        software_returns=r0, software_parallel=p, software_constant_r=True, intelligence_cap=1e60
    )
    times = r_capped.doubling_times(blowup)  # the chain never reaches the blow-up time
    assert times[-1] < blowup
    n = np.arange(min(times.size, 60))
    assert np.allclose(times[n], 0.375 * (1.0 - a**n) / (1.0 - a), rtol=1e-9, atol=0.0)
    months_past = math.ceil(blowup * 1.001)  # one iteration a month, as the clock allots
    ctx = GrowthContext(dt_years=months_past / 12.0, compute_flop=1e23)
    start = r_capped.initial_state(1.0, 0.0)
    state = r_capped.advance(start, months_past, ctx, np.random.default_rng(0))
    assert state.intelligence == 1e60  # the singularity saturates at the cap, finitely


@pytest.mark.parametrize("r0", [0.4, 1.2, 3.6])
@pytest.mark.parametrize("years", [6.0, 10.5])
def test_progress_stops_at_the_effective_limits(r0, years):
    """With limits, r falls by r_0 / N per doubling; the total is ceil(N) doublings, never more."""
    r = rule(software_returns=r0, software_limit_years=years, intelligence_cap=1e100)
    n_limit = years * 8.0
    assert r.returns_at(0) == r0
    assert r.returns_at(20) == pytest.approx(r0 * (1.0 - 20.0 / n_limit), rel=1e-12)
    times = r.doubling_times(math.inf)
    assert times.size - 1 == math.ceil(n_limit)  # the chain ends at the limits
    assert np.all(np.diff(times[-5:]) > np.diff(times[-6:-1]))  # and slows down before them
    ever = GrowthContext(dt_years=1e300, compute_flop=1e23)
    state = r.advance(r.initial_state(1.0, 0.0), 1, ever, np.random.default_rng(0))
    assert state.doublings <= math.ceil(n_limit)
    assert state.intelligence <= 2.0 ** math.ceil(n_limit) * (1 + 1e-9)


def test_drag_closed_form_matches_the_direct_sum():
    """The digamma form of sum_i p / r_i equals the sum doubling by doubling (second method)."""
    r = rule(software_limit_years=9.3)
    for j in (1, 5, 40, 74):
        direct = sum(0.3 / (1.2 * (1.0 - i / r.ceiling)) for i in range(1, j + 1))
        assert r._drag(j) == pytest.approx(direct, rel=1e-10)


def test_stepping_the_rule_follows_the_chain_of_doubling_times():
    """Monthly steps land on the chain, linear in doublings within a doubling (second method)."""
    r = rule(software_returns=2.0, software_limit_years=8.0)
    times = r.doubling_times(48.0)
    state = r.initial_state(1.0, 0.0)
    for month in range(1, 49):
        state = months(r, state, 1)
        expected = np.interp(month, times, np.arange(times.size))
        assert state.doublings == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_a_pause_stops_growth_and_fewer_iterations_slow_it():
    """No iterations, no change; half the iterations, half the research time."""
    r = rule(software_returns=1.0, software_constant_r=True, iterations_per_month=2.0)
    start = r.initial_state(1.0, 0.0)
    rng = np.random.default_rng(0)
    assert r.advance(start, 0, MONTH, rng) == start
    full = r.advance(start, 2, MONTH, rng).doublings
    assert r.advance(start, 1, MONTH, rng).doublings == pytest.approx(full / 2.0, rel=1e-12)


def test_compute_poor_labs_improve_more_slowly():
    """Less compute for experiments means slower software progress, more compute faster."""
    r = rule(software_returns=1.0, software_constant_r=True, software_rho=-0.2)
    got = []
    for flop in (1e22, 1e23, 1e24):
        ctx = GrowthContext(dt_years=1.0 / 12.0, compute_flop=flop)
        got.append(months(r, r.initial_state(1.0, 0.0), 6, ctx).doublings)
    assert got[0] < got[1] < got[2]
    no_compute = GrowthContext(dt_years=1.0 / 12.0, compute_flop=0.0)
    assert months(r, r.initial_state(1.0, 0.0), 6, no_compute).doublings == 0.0


@pytest.mark.parametrize("rho", [-1.0, -0.2])
def test_labour_cannot_lift_the_pace_past_the_compute_ceiling(rho):
    """With rho < 0 the labour term of the pace tends to lambda log2 of the CES ceiling."""
    r = rule(software_rho=rho, software_constant_r=True)
    lam = 0.3 / 0.5
    j = 5000  # labour 2^5000 times its level at automation
    labour_term = r.log2_pace(j) + r._drag(j) - math.log2(8.0 / 3.0)
    assert labour_term == pytest.approx(lam * math.log2(0.5 ** (1.0 / rho)), rel=1e-9)


def test_explosions_stay_finite():
    """Huge returns and long steps saturate at the cap: no NaN or inf."""
    r = rule(software_returns=100.0, software_parallel=10.0, software_constant_r=True)
    ctx = GrowthContext(dt_years=100.0, compute_flop=1e30)
    state = r.advance(r.initial_state(1.0, 0.0), 1, ctx, np.random.default_rng(0))
    assert state.intelligence == r.cap
    assert math.isfinite(state.doublings)
