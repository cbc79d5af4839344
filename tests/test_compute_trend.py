"""The trend of frontier training compute: labs keep to labs.compute_growth at any step length."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest

from agi_economy import simulate
from agi_economy.compute_trend import annual_factor, frontier_compute, frontier_growth
from agi_economy.scenario import ScenarioError, load_scenario

DOUBLINGS = (4.0, 6.0, 12.0)  # months
STEPS = (1.0, 3.0)  # months per step
SEEDS = range(10)
HORIZON = 120  # months


def _run(scenario, doubling, months, seed, **overrides):
    return simulate(
        scenario,
        seed=seed,
        labs__compute_growth=math.log(2.0) / doubling,
        meta__months_per_step=months,
        meta__steps=int(HORIZON / months),
        **overrides,
    )


@pytest.mark.parametrize("months", [1.0, 2.0, 3.0])
def test_labs_buying_nothing_follow_the_trend_exactly(months):
    """Buying and losing nothing, each lab holds C_j(0) exp(g t) at every step."""
    g = math.log(2.0) / 6.0
    run = simulate(
        {},
        seed=3,
        labs__compute_growth=g,
        labs__spend_fraction=0.0,
        agis__misaligned_probability=0.0,
        meta__months_per_step=months,
        meta__steps=int(36 / months),
    )
    labs = run.agents.filter(pl.col("kind") == "lab").sort("agent_id", "step")
    for _, lab in labs.group_by("agent_id"):
        t = lab["step"].to_numpy() * months
        c = lab["compute"].to_numpy()
        assert c == pytest.approx(c[0] * np.exp(g * t), rel=1e-12)


@pytest.mark.parametrize("months", STEPS)
@pytest.mark.parametrize("doubling", DOUBLINGS)
def test_frontier_compute_grows_at_ln2_over_d_a_month(doubling, months):
    """Default sizes, nothing taking compute: each seed's frontier grows at ln 2 / d within 2%."""
    g = math.log(2.0) / doubling
    for seed in SEEDS:
        run = _run({}, doubling, months, seed, agis__misaligned_probability=0.0)
        assert frontier_growth(run.agents, months) == pytest.approx(g, rel=0.02)


@pytest.mark.parametrize("doubling", DOUBLINGS)
def test_slow_takeoff_frontier_follows_the_trend_within_ten_percent(doubling):
    """In slow_takeoff (escapes take compute, revenue buys more) the mean is within 10%."""
    g = math.log(2.0) / doubling
    rates = [frontier_growth(_run("slow_takeoff", doubling, 1.0, s).agents, 1.0) for s in SEEDS]
    assert np.mean(rates) == pytest.approx(g, rel=0.10)


def test_unset_trend_leaves_labs_to_their_budgets():
    """Without the field, slow_takeoff's frontier grows far slower than Epoch's 4.7x a year."""
    assert load_scenario("slow_takeoff").labs.compute_growth is None
    rates = [frontier_growth(simulate("slow_takeoff", seed=s).agents, 1.0) for s in range(3)]
    assert all(annual_factor(r) < 2.5 for r in rates)


def test_frontier_growth_is_the_log_slope_by_hand():
    """Frontier 1, 2, 4 at steps 0, 1, 2 of two months: ln 2 / 2 a month; the largest lab counts."""
    agents = pl.DataFrame(
        {
            "step": [0, 0, 1, 1, 2, 2],
            "kind": ["lab"] * 6,
            "compute": [1.0, 0.5, 2.0, 0.1, 4.0, 3.0],
        }
    )
    assert frontier_compute(agents)["frontier"].to_list() == [1.0, 2.0, 4.0]
    assert frontier_growth(agents, 2.0) == pytest.approx(math.log(2.0) / 2.0, rel=1e-12)
    assert annual_factor(math.log(2.0) / 2.0) == pytest.approx(64.0)
    assert frontier_growth(agents.head(2), 2.0) is None


@pytest.mark.parametrize("value", [-0.1, 3.5, float("nan")])
def test_a_bad_trend_is_refused_naming_the_field(value):
    """A negative, too large or NaN trend fails validation with the field's path."""
    with pytest.raises(ScenarioError, match="labs.compute_growth"):
        load_scenario({"labs": {"compute_growth": value}})
