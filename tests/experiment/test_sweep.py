"""Sweeps: points, invalid points recorded as failed, phase plots and Sobol indices."""

from __future__ import annotations

import polars as pl
import pytest

from agi_economy import ScenarioError
from agi_economy.experiment import replicate_seeds, sweep


def test_grid_sweep_writes_one_row_per_run_and_per_point(tmp_path, tiny):
    """runs.parquet has points x replicates rows with the parameter values; a phase plot exists."""
    result = sweep(
        "foom",
        ["agis.growth.k=0.9:1.3", "containment.box_strength=0.5:3"],
        out=tmp_path,
        design="grid",
        samples=2,
        replicates=3,
        seed=8,
        **tiny,
    )
    runs = pl.read_parquet(tmp_path / "runs.parquet")
    assert runs.height == 4 * 3
    assert runs.columns[:4] == ["point", "agis.growth.k", "containment.box_strength", "replicate"]
    assert sorted(set(runs["agis.growth.k"].to_list())) == [0.9, 1.3]
    for point in range(4):
        seeds = runs.filter(pl.col("point") == point).sort("replicate")["seed"].to_list()
        assert seeds == replicate_seeds(8, 3)
    table = pl.read_parquet(tmp_path / "comparison.parquet")
    assert table.height == 4
    assert table["runs"].to_list() == [3] * 4
    assert result.table.equals(table)
    assert (tmp_path / "phase.png").stat().st_size > 10_000


def test_invalid_points_fail_without_stopping_the_others(tmp_path, tiny):
    """Points the scenario rejects are failed runs with the reason; the rest run."""
    result = sweep(
        "slow_takeoff",
        ["labs.careless=0:5"],
        out=tmp_path,
        design="grid",
        samples=6,
        replicates=2,
        seed=1,
        labs__count=3,
        **tiny,
    )
    runs = result.runs
    bad = runs.filter(pl.col("labs.careless") > 3)
    good = runs.filter(pl.col("labs.careless") <= 3)
    assert bad["status"].to_list() == ["failed"] * 4
    assert all("labs.careless: cannot exceed labs.count" in e for e in bad["error"].to_list())
    assert bad["seed"].null_count() == 0
    assert good["status"].to_list() == ["ok"] * 8
    assert good["takeover"].null_count() == 0
    assert [p for p, _ in result.extra["invalid_points"]] == [4, 5]
    with pytest.raises(ScenarioError, match="every design point is invalid"):
        sweep(
            "slow_takeoff",
            ["labs.careless=4:5"],
            out=tmp_path / "all",
            design="grid",
            samples=2,
            replicates=1,
            labs__count=3,
            **tiny,
        )


def test_policy_parameters_can_be_swept(tmp_path, tiny):
    """A policy given to the sweep can have its parameters varied as policies.<i>.<key>."""
    result = sweep(
        "foom",
        ["policies.0.above=0.5:2"],
        policies=["pause"],
        out=tmp_path,
        design="grid",
        samples=2,
        replicates=2,
        seed=3,
        plot=False,
        **tiny,
    )
    assert sorted(set(result.runs["policies.0.above"].to_list())) == [0.5, 2.0]
    assert result.runs["status"].to_list() == ["ok"] * 4


def test_sobol_sweep_reports_first_and_total_indices_with_intervals(tmp_path, tiny):
    """A Sobol design writes S1 and ST with intervals for each parameter and outcome."""
    result = sweep(
        "foom",
        ["agis.growth.k=0.8:1.4", "containment.box_strength=0.5:3"],
        out=tmp_path,
        design="sobol",
        samples=8,
        replicates=2,
        seed=6,
        **tiny,
    )
    assert result.table.height == 8 * (2 + 2)
    indices = pl.read_parquet(tmp_path / "sobol.parquet")
    assert set(indices["parameter"]) == {"agis.growth.k", "containment.box_strength"}
    for row in indices.iter_rows(named=True):
        assert row["S1_low"] <= row["S1"] <= row["S1_high"]
        assert row["ST_low"] <= row["ST"] <= row["ST_high"]
    growth = indices.filter(pl.col("output") == "log10_median_max_intelligence")
    k = growth.filter(pl.col("parameter") == "agis.growth.k").row(0, named=True)
    box = growth.filter(pl.col("parameter") == "containment.box_strength").row(0, named=True)
    assert k["ST"] > box["ST"]  # the growth exponent, not the box, drives capability
    assert (tmp_path / "sobol.png").exists()
