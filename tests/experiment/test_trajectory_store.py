"""Trajectories are stored once: the parts go when the consolidated file is in place."""

from __future__ import annotations

import polars as pl
import pytest

from agi_economy.columns import RUN_ROW_SCHEMA, TRAJECTORY_SCHEMA
from agi_economy.experiment import compare, explore, sweep
from agi_economy.experiment.store import ResultStore

UNCERTAIN = ["agis.growth.k=0.9:1.4", "containment.box_strength=0.5:4:log"]


def _run(command: str, out, replicates: int, tiny: dict, **kwargs):
    """One small experiment of the given command, seed 6, no figures."""
    args = {"out": out, "replicates": replicates, "seed": 6, "plot": False, **tiny, **kwargs}
    if command == "compare":
        return compare("foom", ["rsi_gating"], **args)
    if command == "explore":
        return explore("foom", ["rsi_gating"], UNCERTAIN, samples=3, **args)
    return sweep("foom", UNCERTAIN[:1], design="grid", samples=3, **args)


CELL_COLUMN = {"compare": "arm", "explore": "cell", "sweep": "point"}
"""The column of ``trajectories.parquet`` that holds a run's cell, by command."""


@pytest.mark.parametrize("command", sorted(CELL_COLUMN))
def test_trajectories_are_kept_once(tmp_path, tiny, command):
    """After an experiment no trajectory part is left, and the file has each run once."""
    result = _run(command, tmp_path, 2, tiny)
    assert not (tmp_path / "trajectories").exists()
    paths = pl.read_parquet(tmp_path / "trajectories.parquet")
    keys = [CELL_COLUMN[command], "replicate"]
    assert paths.select(*keys, "year").is_unique().all()
    assert paths.select(keys).unique().height == result.runs.height


@pytest.mark.parametrize("command", sorted(CELL_COLUMN))
def test_extending_a_finished_experiment_keeps_its_trajectories(tmp_path, tiny, command):
    """Resumed with more replicates, a finished experiment's file is the one of a fresh run."""
    _run(command, tmp_path / "grown", 2, tiny)
    _run(command, tmp_path / "grown", 4, tiny, resume=True)
    _run(command, tmp_path / "fresh", 4, tiny)
    grown = (tmp_path / "grown" / "trajectories.parquet").read_bytes()
    assert grown == (tmp_path / "fresh" / "trajectories.parquet").read_bytes()
    assert not (tmp_path / "grown" / "trajectories").exists()


def test_a_kill_after_the_file_and_before_its_parts_go_loses_and_repeats_nothing(tmp_path, tiny):
    """Parts left beside the file they were merged into are merged once more, not twice."""
    _run("explore", tmp_path, 2, tiny)
    written = tmp_path / "trajectories.parquet"
    before = written.read_bytes()
    rows = pl.read_parquet(written).select("cell", "replicate", *TRAJECTORY_SCHEMA)
    store = ResultStore(tmp_path)
    store.append_trajectories(rows.head(rows.height // 2))  # as a kill would leave them
    store.append_trajectories(rows.tail(rows.height - rows.height // 2))
    _run("explore", tmp_path, 2, tiny, resume=True)
    assert written.read_bytes() == before
    assert not (tmp_path / "trajectories").exists()


def test_trajectory_file_has_the_stated_types(tmp_path, tiny):
    """Every key, label and measure column of trajectories.parquet has its stated type."""
    _run("explore", tmp_path, 1, tiny)
    schema = pl.read_parquet_schema(tmp_path / "trajectories.parquet")
    stated = {**RUN_ROW_SCHEMA, **TRAJECTORY_SCHEMA}
    uncertain = {u.split("=")[0] for u in UNCERTAIN}
    for column, dtype in schema.items():
        assert dtype == (pl.Float64 if column in uncertain else stated[column]), column
    assert set(TRAJECTORY_SCHEMA) <= set(schema)


def test_trajectory_tables_without_figures_never_load_matplotlib(tmp_path):
    """An experiment asked for no figures writes its trajectory tables without matplotlib."""
    import subprocess
    import sys

    code = (
        "import sys; from agi_economy.experiment import compare; "
        f"compare('foom', [], out={str(tmp_path)!r}, replicates=1, seed=1, plot=False, "
        "humans__count=100, meta__steps=12); "
        "print(any(m.split('.')[0] == 'matplotlib' for m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "False"
    assert (tmp_path / "trajectory_bands.parquet").exists()
