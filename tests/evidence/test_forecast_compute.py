"""Forecasts draw the trend of training compute from the posterior, paired across arms."""

from __future__ import annotations

import json
import math

import polars as pl
import pytest

from agi_economy import simulate
from agi_economy.cli import main
from agi_economy.evidence.drawn import compute_targets, pool_from
from agi_economy.evidence.forecast import forecast
from agi_economy.experiment.draws import draw_column
from agi_economy.scenario import ScenarioError, load_scenario
from tests.evidence.test_forecast import TINY, _posterior

GROWTH = "labs.compute_growth"
PRICE = "economy.compute_price_decline"
DOUBLING = [3.0, 6.0, 12.0, 24.0]  # months


def _with_compute(folder, doubling=DOUBLING):
    """A saved posterior with k near 1 and a compute_growth family drawing ``doubling``."""
    _posterior(folder, [0.9 + 0.05 * i for i in range(len(doubling))])
    frame = pl.read_parquet(folder / "posterior_draws.parquet")
    growth = pl.DataFrame(
        {
            "family": ["compute_growth"] * len(doubling),
            "draw": list(range(len(doubling))),
            "log_mu": [0.0] * len(doubling),
            "tau": [0.1] * len(doubling),
            "log_new": [math.log(d) for d in doubling],
        }
    )
    pl.concat([frame, growth]).write_parquet(folder / "posterior_draws.parquet")
    return folder


def test_compute_targets_by_trend_and_world():
    """spending draws the trend, price also its fall, none nothing; labs buying none, nothing."""
    foom, fam = load_scenario("foom"), ["compute_growth"]
    assert compute_targets(foom, "spending", fam) == {GROWTH: "compute_growth"}
    assert compute_targets(foom, "price", fam) == {
        GROWTH: "compute_growth",
        PRICE: "compute_growth",
    }
    assert compute_targets(foom, "none", fam) == {}
    assert compute_targets(foom, "spending", ["software_returns"]) == {}
    assert compute_targets(load_scenario("davidson_houlden"), "spending", fam) == {}
    with pytest.raises(ScenarioError, match="--compute-trend"):
        compute_targets(foom, "hardware", fam)


def test_a_doubling_time_becomes_ln2_over_d_and_a_monthly_price_fall(tmp_path):
    """d = 6 months draws g = ln 2 / 6 a month and a price fall of 1 - 2^(-1/6) a month."""
    folder = _with_compute(tmp_path / "post", [6.0, 12.0])
    pool = pool_from(folder, {GROWTH: "compute_growth", PRICE: "compute_growth"})
    assert pool.columns[GROWTH] == pytest.approx((math.log(2) / 6, math.log(2) / 12), rel=1e-12)
    assert pool.columns[PRICE] == pytest.approx((1 - 2 ** (-1 / 6), 1 - 2 ** (-1 / 12)), rel=1e-12)


def test_forecast_runs_carry_their_replicates_drawn_trend(tmp_path):
    """Each run's trend is ln 2 / d of its replicate's draw, the same in every arm, and was used."""
    post = _with_compute(tmp_path / "post")
    folder = tmp_path / "fc"
    result = forecast("slow_takeoff", ["pause:above=1.5"], out=folder, replicates=6, seed=5,
                      plot=False, posterior_from=post, **TINY)  # fmt: skip
    assert result.extra["targets"] == {
        "agis.growth.k": "software_returns",
        GROWTH: "compute_growth",
    }
    draws = result.experiment.draws
    runs = result.runs
    for row in runs.iter_rows(named=True):
        index = draws.index_of(result.experiment.seed, row["replicate"])
        assert row[draw_column(GROWTH)] == pytest.approx(math.log(2.0) / DOUBLING[index], rel=1e-12)
    by_arm = runs.sort("replicate").partition_by("arm", as_dict=True)
    columns = [f[draw_column(GROWTH)].to_list() for f in by_arm.values()]
    assert columns[0] == columns[1]
    row = runs.filter(pl.col("arm") == 0).sort("replicate").row(0, named=True)
    scenario = load_scenario("slow_takeoff", **{k: v for k, v in TINY.items()},
                             agis__growth__k=row[draw_column("agis.growth.k")],
                             labs__compute_growth=row[draw_column(GROWTH)])  # fmt: skip
    again = simulate(scenario, seed=row["seed"]).summary
    assert again["final_power_share_labs"] == row["final_power_share_labs"]
    info = json.loads((folder / "posterior.json").read_text(encoding="utf-8"))
    assert info["forecast"] == {"drawn": result.extra["targets"], "trend": "spending"}
    assert result.extra["forecast"]["measure"].str.contains(f"drawn {GROWTH}").any()


def test_a_resumed_forecast_keeps_its_trend_and_refuses_another(tmp_path):
    """A forecast drawn with trend none draws no compute growth when resumed, and refuses price."""
    post = _with_compute(tmp_path / "post")
    folder = tmp_path / "fc"
    forecast("foom", out=folder, replicates=2, seed=3, plot=False, posterior_from=post,
             compute_trend="none", **TINY)  # fmt: skip
    grown = forecast("foom", out=folder, replicates=3, resume=True, plot=False, **TINY)
    assert grown.extra["targets"] == {"agis.growth.k": "software_returns"}
    with pytest.raises(ScenarioError, match="--compute-trend"):
        forecast("foom", out=folder, replicates=4, resume=True, plot=False,
                 compute_trend="price", **TINY)  # fmt: skip


def test_cli_names_the_drawn_fields_and_refuses_an_unknown_trend(tmp_path, capsys):
    """The title names labs.compute_growth as drawn; --compute-trend hardware exits 2 naming it."""
    post = _with_compute(tmp_path / "post")
    common = ["--executor", "serial", "--set", "humans.count=100", "--steps", "12",
              "--posterior", str(post), "--seed", "1", "--runs", "2"]  # fmt: skip
    assert main(["forecast", "slow_takeoff", "--out", str(tmp_path / "fc"), *common]) == 0
    assert "labs.compute_growth <- compute_growth" in " ".join(capsys.readouterr().out.split())
    bad = ["forecast", "slow_takeoff", "--compute-trend", "hardware", "--out", str(tmp_path / "x")]
    assert main([*bad, *common]) == 2
    assert "--compute-trend" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
