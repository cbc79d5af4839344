"""Structural uncertainty in a forecast: the growth rule sampled with weights, paired."""

from __future__ import annotations

import polars as pl
import pytest

from agi_economy.evidence.drawn import pool_from
from agi_economy.evidence.forecast import forecast, targets_for, with_varied
from agi_economy.experiment.design import varied_rules
from agi_economy.experiment.draws import draw_column
from agi_economy.experiment.vary import parse_vary
from agi_economy.scenario import ScenarioError, load_scenario
from tests.evidence.test_forecast import TINY, _posterior

RULE = "agis.growth.rule"
MIX = f"{RULE}=criticality:1,software_r:3"


def test_colon_weights_read_as_at_weights():
    """`a:1,b:3` is the same dimension as `a@1,b@3`."""
    foom = load_scenario("foom")
    assert parse_vary(MIX, foom) == parse_vary(f"{RULE}=criticality@1,software_r@3", foom)


def test_a_varied_rule_adds_the_draws_its_rules_read():
    """Varying the rule to software_r makes the forecast draw r as well as k."""
    foom = load_scenario("foom")
    rules = varied_rules([parse_vary(MIX, foom)])
    assert rules == ["criticality", "software_r"]
    assert targets_for(foom, rules) == {
        "agis.growth.k": "software_returns",
        "agis.growth.software_returns": "software_returns",
    }


def test_the_pool_holds_each_rule_in_its_weights_share(tmp_path):
    """A pool of 400 draws holds criticality in exactly 1/4 of them and software_r in 3/4."""
    folder = _posterior(tmp_path / "post", [0.8 + 0.001 * i for i in range(400)])
    pool = pool_from(folder, {"agis.growth.k": "software_returns"})
    mixed = with_varied(pool, [parse_vary(MIX, load_scenario("foom"))], seed=5)
    rules = mixed.columns[RULE]
    assert (rules.count("criticality"), rules.count("software_r")) == (100, 300)
    assert mixed.columns["agis.growth.k"] == pool.columns["agis.growth.k"]


def test_forecast_intervals_pool_runs_of_every_rule_in_proportion(tmp_path):
    """Each arm's intervals count runs of both rules, about 1:3, and replicate i keeps its rule."""
    post = _posterior(tmp_path / "post", [0.7 + 0.004 * i for i in range(200)])
    n = 32
    result = forecast(
        "foom",
        ["pause:above=1.5"],
        out=tmp_path / "f",
        replicates=n,
        seed=4,
        plot=False,
        posterior_from=post,
        vary=[MIX],
        **TINY,
    )
    runs = result.runs.filter(pl.col("status") == "ok")
    by_arm = {arm: frame.sort("replicate") for (arm,), frame in runs.group_by("arm")}
    rules = [f[draw_column(RULE)].to_list() for f in by_arm.values()]
    assert rules[0] == rules[1]  # paired: the same rule for replicate i in both arms
    assert [f["seed"].to_list() for f in by_arm.values()][0] == by_arm[1]["seed"].to_list()
    share = rules[0].count("software_r") / n
    assert abs(share - 0.75) < 4 * (0.75 * 0.25 / n) ** 0.5
    table = result.extra["forecast"]
    for arm, frame in by_arm.items():
        rows = {r["measure"]: r for r in table.filter(pl.col("arm") == arm).iter_rows(named=True)}
        crit = rows[f"share of runs with {RULE} = criticality"]
        soft = rows[f"share of runs with {RULE} = software_r"]
        assert crit["n"] == soft["n"] == rows["P(takeover)"]["n"] == n
        assert soft["estimate"] == pytest.approx(frame[draw_column(RULE)].eq("software_r").mean())
        assert crit["estimate"] + soft["estimate"] == pytest.approx(1.0)
        assert rows["P(takeover)"]["estimate"] == pytest.approx(frame["takeover"].mean())


def test_a_rule_outside_the_schema_is_refused_naming_the_field(tmp_path):
    """A misspelt rule in --vary fails before any run, naming agis.growth.rule."""
    post = _posterior(tmp_path / "post", [0.9, 1.1])
    with pytest.raises(ScenarioError, match="agis.growth.rule"):
        forecast(
            "foom",
            out=tmp_path / "f",
            replicates=2,
            seed=1,
            plot=False,
            posterior_from=post,
            vary=[f"{RULE}=criticality:1,softwar_r:1"],
            **TINY,
        )
