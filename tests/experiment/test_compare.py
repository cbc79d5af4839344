"""Comparisons: common random numbers, the files written, resuming and refusing."""

from __future__ import annotations

import polars as pl
import pytest

from agi_economy import ScenarioError
from agi_economy.experiment import StoreError, compare, replicate_seeds

NEVER = "pause:above=0,when=step>100000"  # a policy that never switches on


def test_replicate_i_of_every_arm_runs_with_the_same_spawned_seed(tmp_path, tiny):
    """Seeds are paired across arms and spawned from the experiment's seed."""
    result = compare(
        "foom",
        ["rsi_gating", "pause:above=1"],
        out=tmp_path,
        replicates=5,
        seed=11,
        plot=False,
        **tiny,
    )
    runs = pl.read_parquet(tmp_path / "runs.parquet")
    assert runs.height == 15
    for arm in ("none", "rsi_gating", "pause:above=1"):
        mine = runs.filter(pl.col("policy") == arm).sort("replicate")
        assert mine["seed"].to_list() == replicate_seeds(11, 5)
    assert runs.equals(result.runs)


def test_an_arm_that_never_binds_reproduces_the_baseline_run_for_run(tmp_path, tiny):
    """With common random numbers a policy that changes nothing gives identical runs."""
    result = compare("foom", [NEVER], out=tmp_path, replicates=6, seed=3, plot=False, **tiny)
    runs = result.runs.drop("policy", "arm")
    base = runs.filter(result.runs["arm"] == 0)
    other = runs.filter(result.runs["arm"] == 1)
    assert other.equals(base)
    row = result.table.filter(pl.col("policy") == NEVER).row(0, named=True)
    assert row["diff_takeover_probability"] == 0.0
    assert row["diff_mean_output_growth"] == 0.0


def test_comparison_has_every_arm_with_ordered_intervals(tmp_path, tiny):
    """comparison.parquet has one row per arm (none first); each interval contains its estimate."""
    compare(
        "foom",
        ["audit_mandate:rate=0.9", "rsi_gating+pause:above=1"],
        out=tmp_path,
        replicates=8,
        seed=5,
        **tiny,
    )
    table = pl.read_parquet(tmp_path / "comparison.parquet")
    assert table["policy"].to_list() == [
        "none",
        "audit_mandate:rate=0.9",
        "rsi_gating+pause:above=1",
    ]
    assert table["runs"].to_list() == [8, 8, 8]
    for name in ("takeover_probability", "mean_human_power_share", "diff_takeover_probability"):
        for row in table.iter_rows(named=True):
            est, low, high = row[name], row[f"{name}_low"], row[f"{name}_high"]
            if None not in (est, low, high):
                assert low <= est + 1e-12
                assert est <= high + 1e-12
    assert (tmp_path / "comparison.png").stat().st_size > 10_000


def test_same_seed_same_files_and_other_seed_other_runs(tmp_path, tiny):
    """An experiment is fixed by its seed: byte-identical runs.parquet; another seed differs."""
    for name, seed in (("a", 9), ("b", 9), ("c", 10)):
        compare(
            "foom", ["rsi_gating"], out=tmp_path / name, replicates=3, seed=seed, plot=False, **tiny
        )
    a, b, c = ((tmp_path / n / "runs.parquet").read_bytes() for n in "abc")
    assert a == b
    assert a != c


def test_bad_arm_is_an_input_error_before_any_run(tmp_path, tiny):
    """An unknown policy parameter stops the comparison before anything runs or is written."""
    with pytest.raises(ScenarioError, match="threshold: unknown parameter"):
        compare("foom", ["pause:threshold=2"], out=tmp_path / "x", replicates=2, **tiny)
    with pytest.raises(ScenarioError, match="given once"):
        compare("foom", ["rsi_gating", "rsi_gating"], out=tmp_path / "x", replicates=2, **tiny)
    assert not (tmp_path / "x").exists()


def test_a_folder_is_reused_only_for_the_same_experiment(tmp_path, tiny):
    """Without --resume or --force a used folder is refused; resuming another experiment too."""
    kw = {"out": tmp_path, "replicates": 2, "seed": 1, "plot": False, **tiny}
    compare("foom", ["rsi_gating"], **kw)
    with pytest.raises(StoreError, match="--resume"):
        compare("foom", ["rsi_gating"], **kw)
    with pytest.raises(StoreError, match="cells differ"):
        compare("foom", ["pause"], resume=True, **kw)
    with pytest.raises(StoreError, match="seed differ"):
        compare("foom", ["rsi_gating"], resume=True, **{**kw, "seed": 2})
    forced = compare("foom", ["pause"], force=True, **kw)
    assert forced.runs["policy"].unique().sort().to_list() == ["none", "pause"]


def test_resume_without_a_seed_uses_the_folders_seed(tmp_path, tiny):
    """--resume with no --seed continues with the seed the folder was started with."""
    first = compare("foom", [], out=tmp_path, replicates=2, plot=False, **tiny)
    again = compare("foom", [], out=tmp_path, replicates=2, resume=True, plot=False, **tiny)
    assert again.experiment.seed == first.experiment.seed
    assert again.runs.equals(first.runs)


def test_more_replicates_on_resume_runs_only_the_new_ones(tmp_path, tiny):
    """Raising --replicates on resume keeps the runs done and equals a fresh larger run."""
    kw = {"replicates": 3, "seed": 4, "plot": False, **tiny}
    compare("foom", ["rsi_gating"], out=tmp_path / "grow", **kw)
    parts_before = len(list((tmp_path / "grow" / "parts").glob("*.parquet")))
    calls = []
    grown = compare(
        "foom",
        ["rsi_gating"],
        out=tmp_path / "grow",
        resume=True,
        progress=lambda done, total, failed: calls.append((done, total)),
        **{**kw, "replicates": 5},
    )
    fresh = compare("foom", ["rsi_gating"], out=tmp_path / "fresh", **{**kw, "replicates": 5})
    assert parts_before == 1
    assert calls[0] == (6, 10)
    assert grown.runs.equals(fresh.runs)
    assert (tmp_path / "grow/runs.parquet").read_bytes() == (
        tmp_path / "fresh/runs.parquet"
    ).read_bytes()


def test_a_run_that_raises_is_recorded_as_failed_with_its_seed(tmp_path, tiny):
    """Runs that raise (here: a network file missing on the worker) are rows, not crashes."""
    result = compare(
        "foom",
        ["rsi_gating"],
        out=tmp_path,
        replicates=3,
        seed=2,
        plot=True,
        network__kind="file",
        network__path=str(tmp_path / "missing.txt"),
        **tiny,
    )
    runs = result.runs
    assert runs["status"].to_list() == ["failed"] * 6
    assert all("edge-list file not found" in e for e in runs["error"].to_list())
    assert runs.filter(pl.col("arm") == 0)["seed"].to_list() == replicate_seeds(2, 3)
    assert result.table["failed"].to_list() == [3, 3]
    assert result.table["takeover_probability"].to_list() == [None, None]
