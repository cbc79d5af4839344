"""Every output records the package version and, from a clone, the commit and dirtiness."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import polars as pl
import pytest

import agi_economy
from agi_economy.experiment import compare
from agi_economy.outputs import write_run
from agi_economy.provenance import git_state, read_parquet_provenance
from agi_economy.run import simulate

WORLD = {"humans__count": 60, "meta__steps": 12}


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _expected() -> dict:
    """The provenance read independently: git run where the imported package lives."""
    here = Path(agi_economy.__file__).resolve().parent
    try:
        commit = _git("rev-parse", "HEAD", cwd=here).strip()
        dirty = bool(_git("status", "--porcelain", "--untracked-files=no", cwd=here).strip())
    except (OSError, subprocess.CalledProcessError):
        commit, dirty = None, None
    return {"version": agi_economy.__version__, "git_commit": commit, "git_dirty": dirty}


def test_run_outputs_record_provenance(tmp_path):
    """summary.json and every Parquet file of a run hold the version, commit and dirtiness."""
    write_run(simulate("foom", seed=3, **WORLD), tmp_path)
    expected = _expected()
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["provenance"] == expected
    for name in ("steps", "agents", "events"):
        assert read_parquet_provenance(tmp_path / f"{name}.parquet") == expected


def test_experiment_outputs_record_provenance(tmp_path):
    """An experiment's manifest.json and runs.parquet hold the same provenance."""
    compare("foom", ["pause:above=2"], out=tmp_path, replicates=1, seed=1, plot=False, **WORLD)
    expected = _expected()
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["provenance"] == expected
    assert read_parquet_provenance(tmp_path / "runs.parquet") == expected
    assert pl.read_parquet(tmp_path / "runs.parquet").height == 2


def test_outside_a_clone_there_is_no_commit(tmp_path):
    """A package outside any git clone records neither a commit nor dirtiness."""
    assert git_state(tmp_path) == (None, None)


@pytest.mark.parametrize("dirty", [False, True])
def test_clone_commit_and_dirtiness(tmp_path, dirty):
    """In a clone of the project, the commit is HEAD and a changed tracked file is dirty."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "agi-economy"\n')
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("x = 1\n")
    _git("init", "-q", cwd=tmp_path)
    _git("add", ".", cwd=tmp_path)
    _git("commit", "-qm", "first", cwd=tmp_path)
    if dirty:
        (tmp_path / "pkg" / "a.py").write_text("x = 2\n")
    head = _git("rev-parse", "HEAD", cwd=tmp_path).strip()
    assert git_state(tmp_path / "pkg") == (head, dirty)


def test_clone_of_another_project_is_not_ours(tmp_path):
    """A git clone that is not this project's records no commit."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "other"\n')
    _git("init", "-q", cwd=tmp_path)
    _git("add", ".", cwd=tmp_path)
    _git("commit", "-qm", "first", cwd=tmp_path)
    assert git_state(tmp_path) == (None, None)
