"""Forecasts: runs whose parameters are draws of a saved posterior, and what they report."""

from __future__ import annotations

import json
import math

import polars as pl
import pytest

from agi_economy.cli import main
from agi_economy.evidence.drawn import pool_from
from agi_economy.evidence.forecast import forecast, targets_for
from agi_economy.evidence.forecast_report import forecast_table
from agi_economy.experiment import compare
from agi_economy.experiment.draws import ParameterDraws, draw_column
from agi_economy.experiment.tasks import Cell
from agi_economy.scenario import ScenarioError, load_scenario

TINY = {"humans__count": 100, "meta__steps": 36}
FAMILIES = ("software_returns", "scaling_law", "self_improvement")


def _posterior(folder, k_values, parallelism=1.0):
    """A saved posterior whose families all draw ``k_values`` (as 'evidence posterior' writes)."""
    folder.mkdir(parents=True, exist_ok=True)
    n = len(k_values)
    frames = [
        pl.DataFrame(
            {
                "family": [fam] * n,
                "draw": list(range(n)),
                "log_mu": [0.0] * n,
                "tau": [0.1] * n,
                "log_new": [math.log(k) for k in k_values],
            }
        )
        for fam in FAMILIES
    ]
    pl.concat(frames).write_parquet(folder / "posterior_draws.parquet")
    info = {"mapping": {"parallelism": parallelism}, "sources": ["hand_made"]}
    (folder / "posterior.json").write_text(json.dumps(info), encoding="utf-8")
    return folder


def test_targets_follow_the_growth_rule():
    """Criticality draws k, self-finetuning rho, software_r r; scaling alone draws nothing."""
    assert targets_for(load_scenario("foom")) == {"agis.growth.k": "software_returns"}
    rho = load_scenario("foom", agis__growth__rule="self_finetune")
    assert targets_for(rho) == {"agis.growth.rho": "self_improvement"}
    r = load_scenario("davidson_houlden")
    assert targets_for(r) == {"agis.growth.software_returns": "software_returns"}
    with pytest.raises(ScenarioError, match="agis.growth.rule"):
        targets_for(load_scenario("scaling_only"))


def test_software_r_draws_r_as_k_over_lambda(tmp_path):
    """With lambda = 2, a draw of k = 1.5 becomes r = 0.75 (k = lambda r, by hand)."""
    folder = _posterior(tmp_path / "post", [1.5, 3.0], parallelism=2.0)
    pool = pool_from(folder, {"agis.growth.software_returns": "software_returns"})
    assert pool.columns["agis.growth.software_returns"] == pytest.approx((0.75, 1.5))
    crit = pool_from(folder, {"agis.growth.k": "software_returns"})
    assert crit.columns["agis.growth.k"] == pytest.approx((1.5, 3.0))


def test_forecast_table_counts_by_year_by_hand():
    """Four runs worked by hand: takeovers at 0.5 and 2 years, superhuman at 1, 3 and never."""
    runs = pl.DataFrame(
        {
            "arm": [0, 0, 0, 0, 0],
            "status": ["ok", "ok", "ok", "ok", "failed"],
            "takeover": [True, True, False, False, None],
            "takeover_year": [0.5, 2.0, None, None, None],
            "superhuman_year": [1.0, 1.0, 3.0, None, None],
            "bostrom_takeoff_years": [0.5, 0.25, 2.0, None, None],
            "christiano_slow": [False, None, True, True, None],
            "regime": ["explosion", "explosion", "fizzle", "unknown", None],
            draw_column("agis.growth.k"): [1.4, 1.2, 0.8, 0.9, 1.0],
            "k_hat": [1.4, 1.2, 0.8, 0.9, None],
        }
    )
    table = forecast_table(runs, [Cell("none")], [1.0, 2.0], ["agis.growth.k"])
    got = {r["measure"]: r for r in table.iter_rows(named=True)}
    assert got["P(takeover)"]["estimate"] == 0.5
    assert got["P(takeover)"]["n"] == 4  # the failed run is not counted
    assert got["P(takeover by year 1)"]["estimate"] == 0.25
    assert got["P(takeover by year 2)"]["estimate"] == 0.5
    assert got["P(superhuman by year 1)"]["estimate"] == 0.5
    assert got["P(superhuman by year 2)"]["estimate"] == 0.5
    assert got["Bostrom takeoff [years], median"]["estimate"] == 0.5
    assert got["Bostrom takeoff [years], median"]["n"] == 3
    assert got["P(slow takeoff, Christiano)"]["estimate"] == pytest.approx(2 / 3)
    assert got["P(regime explosion)"]["estimate"] == 0.5
    assert got["P(regime unknown)"]["estimate"] == 0.25
    assert got["drawn agis.growth.k"]["estimate"] == pytest.approx(1.05)
    low, high = got["P(takeover)"]["low"], got["P(takeover)"]["high"]
    assert 0.0 < low < 0.5 < high < 1.0


def test_the_forecast_follows_the_posterior(tmp_path):
    """A posterior of k far below 1 gives no superhuman system; far above 1, most runs reach it."""
    low = forecast("foom", out=tmp_path / "low", replicates=12, seed=2, plot=False,
                   posterior_from=_posterior(tmp_path / "p_low", [0.5, 0.6]), **TINY)  # fmt: skip
    high = forecast("foom", out=tmp_path / "high", replicates=12, seed=2, plot=False,
                    posterior_from=_posterior(tmp_path / "p_high", [1.6, 1.8]), **TINY)  # fmt: skip
    assert set(low.runs[draw_column("agis.growth.k")].to_list()) <= {0.5, 0.6}
    assert low.runs["superhuman_year"].null_count() == 12
    assert high.runs["superhuman_year"].null_count() <= 4
    p = {
        name: r.extra["forecast"].filter(pl.col("measure") == "P(regime explosion)")["estimate"][0]
        for name, r in (("low", low), ("high", high))
    }
    assert p["low"] == 0.0
    assert p["high"] == 1.0


def test_a_forecast_saves_its_posterior_and_repeats_exactly(tmp_path):
    """The folder holds the posterior used; resuming with more runs equals a fresh forecast."""
    post = _posterior(tmp_path / "post", [0.7, 1.0, 1.3, 1.6])
    folder = tmp_path / "grow"
    forecast("foom", out=folder, replicates=3, seed=9, plot=False, posterior_from=post, **TINY)
    saved = (folder / "posterior_draws.parquet").read_bytes()
    assert saved == (post / "posterior_draws.parquet").read_bytes()
    grown = forecast("foom", out=folder, replicates=6, resume=True, plot=False, **TINY)
    fresh = forecast("foom", out=tmp_path / "fresh", replicates=6, seed=9, plot=False,
                     posterior_from=post, **TINY)  # fmt: skip
    assert grown.runs.equals(fresh.runs)
    assert grown.extra["forecast"].equals(fresh.extra["forecast"])


def test_compare_under_the_forecasts_draws_runs_the_forecasts_worlds(tmp_path):
    """compare(draws=pool) runs what the forecast ran: the same seeds, draws and results."""
    post = _posterior(tmp_path / "post", [0.7, 1.0, 1.3, 1.6])
    fc = forecast("foom", ["pause:above=1.5"], out=tmp_path / "fc", replicates=4, seed=9,
                  plot=False, posterior_from=post, **TINY)  # fmt: skip
    pool = pool_from(tmp_path / "fc", fc.extra["targets"])
    same = compare("foom", ["pause:above=1.5"], out=None, replicates=4, seed=9, draws=pool,
                   **TINY)  # fmt: skip
    assert fc.runs[draw_column("agis.growth.k")].n_unique() > 1
    assert same.runs.equals(fc.runs)
    plain = compare("foom", ["pause:above=1.5"], out=None, replicates=4, seed=9, **TINY)
    assert draw_column("agis.growth.k") not in plain.runs.columns
    assert plain.runs["seed"].equals(same.runs["seed"])  # the same seeds: only the draws differ
    assert not plain.runs["k_hat"].equals(same.runs["k_hat"])


def test_compare_refuses_draws_the_scenario_rejects_before_any_run(tmp_path):
    """A pool with a value out of a field's bounds fails at once, naming the field."""
    bad = ParameterDraws.from_arrays({"agis.growth.k": [1.2, -3.0, 0.9]})
    with pytest.raises(ScenarioError, match="agis.growth.k"):
        compare("foom", [], out=tmp_path / "cmp", replicates=3, seed=1, draws=bad, **TINY)
    assert not (tmp_path / "cmp" / "runs.parquet").exists()


def test_cli_forecast_reports_and_refuses_bad_input(tmp_path, capsys):
    """The command prints the measures and exits 2 with a message on bad input."""
    post = _posterior(tmp_path / "post", [0.9, 1.3])
    common = ["--executor", "serial", "--set", "humans.count=100", "--steps", "24",
              "--posterior", str(post), "--seed", "1"]  # fmt: skip
    out = tmp_path / "fc"
    status = main(
        ["forecast", "foom", "--runs", "4", "-p", "rsi_gating", "--out", str(out), *common]
    )
    text = capsys.readouterr().out
    assert status == 0
    for words in ("P(takeover)", "P(superhuman by year", "Christiano", "P(regime explosion)",
                  "drawn agis.growth.k", "paired against none"):  # fmt: skip
        assert words in text
    assert pl.read_parquet(out / "forecast.parquet")["policy"].unique().len() == 2
    assert main(["forecast", "foom", "--year", "-1", "--out", str(tmp_path / "x"), *common]) == 2
    assert "--year" in capsys.readouterr().err
    assert main(["forecast", "scaling_only", "--out", str(tmp_path / "y"), *common]) == 2
    assert "agis.growth.rule" in capsys.readouterr().err
    again = ["forecast", "foom", "--runs", "4", "-p", "rsi_gating", "--out", str(out), "--resume"]
    assert main([*again, *common]) == 2
    assert "posterior saved in its folder" in capsys.readouterr().err


def test_a_users_curve_moves_the_drawn_rho_below_the_prior(tmp_path):
    """A self-finetuning forecast with a curve of rho = 1/2 draws rho mostly below 1."""
    from pathlib import Path

    from agi_economy.evidence import builtin_sources
    from agi_economy.evidence.posterior import PriorSettings

    curve = Path(__file__).with_name("curve.toml")
    result = forecast(
        "foom", out=tmp_path / "fc", replicates=24, seed=3, plot=False, evidence=[curve],
        without=[s.id for s in builtin_sources() if s.family == "self_improvement"],
        prior=PriorSettings(warmup=100, samples=200), agis__growth__rule="self_finetune", **TINY,
    )  # fmt: skip
    info = json.loads((tmp_path / "fc" / "posterior.json").read_text(encoding="utf-8"))
    assert "test_curve" in info["sources"]
    drawn = result.runs[draw_column("agis.growth.rho")]
    pool = set(pool_from(tmp_path / "fc", {"agis.growth.rho": "self_improvement"}).columns[
        "agis.growth.rho"
    ])  # fmt: skip
    assert set(drawn.to_list()) <= pool
    # the prior's median is 1 (k_prior_median); the curve's rho is 1/2
    assert drawn.median() < 0.8
