"""Every column of every output file has one type, whatever the values."""

from __future__ import annotations

import polars as pl
import pytest

from agi_economy.columns import (
    AGENT_SCHEMA,
    EVENT_SCHEMA,
    PROVENANCE_SCHEMA,
    RUN_ROW_SCHEMA,
    STEP_SCHEMA,
    SUMMARY_SCHEMA,
)
from agi_economy.experiment import compare
from agi_economy.outputs import write_run
from agi_economy.run import simulate

SEEDS = (7, 3379656547)
"""An ordinary seed and one above 2^31 (which once made ``seed`` Int64, not Int32)."""

FILES = {"steps": STEP_SCHEMA, "agents": AGENT_SCHEMA, "events": EVENT_SCHEMA}


@pytest.fixture(scope="module")
def run_folders(tmp_path_factory):
    """Two short foom runs, seeds 7 and 3379656547, written to runs/a and runs/b."""
    root = tmp_path_factory.mktemp("runs")
    for name, seed in zip("ab", SEEDS, strict=True):
        result = simulate("foom", seed=seed, humans__count=100, meta__steps=24)
        write_run(result, root / name)
    return root


@pytest.mark.parametrize("name", sorted(FILES))
def test_runs_read_together(run_folders, name):
    """Two runs' files read as one frame by glob, and both seeds are in it."""
    frame = pl.read_parquet(run_folders / "*" / f"{name}.parquet")
    if name != "events":  # a run may have no events at all
        assert sorted(frame["seed"].unique().to_list()) == sorted(SEEDS)


@pytest.mark.parametrize("name", sorted(FILES))
def test_file_schema_is_the_stated_one(run_folders, name):
    """Each file holds exactly the stated columns, in order, of the stated types."""
    expected = {**FILES[name], **PROVENANCE_SCHEMA}
    for folder in ("a", "b"):
        schema = pl.read_parquet_schema(run_folders / folder / f"{name}.parquet")
        assert dict(schema) == expected


def test_summary_keys_are_stated(run_folders):
    """The summary's measures are the stated ones (so runs.parquet's types cover them)."""
    import json

    summary = json.loads((run_folders / "a" / "summary.json").read_text())
    assert set(summary) == set(SUMMARY_SCHEMA) | set(PROVENANCE_SCHEMA) | {"provenance"}


def test_empty_run_has_the_stated_steps_schema():
    """A run of zero steps still writes every step column with its stated type."""
    result = simulate("foom", seed=1, humans__count=50, meta__steps=0)
    assert dict(result.steps.schema) == {**STEP_SCHEMA, **PROVENANCE_SCHEMA}


def test_experiment_runs_read_together(tmp_path):
    """Two comparisons' runs.parquet (seeds 7 and 3379656547) read together by glob."""
    for name, seed in zip("ab", SEEDS, strict=True):
        compare(
            "foom",
            ["pause:above=2"],
            out=tmp_path / name,
            replicates=1,
            seed=seed,
            plot=False,
            trajectory_points=None,
            humans__count=50,
            meta__steps=12,
        )
    frame = pl.read_parquet(tmp_path / "*" / "runs.parquet")
    assert frame.height == 4
    for column, dtype in frame.schema.items():
        assert dtype == RUN_ROW_SCHEMA[column], column
