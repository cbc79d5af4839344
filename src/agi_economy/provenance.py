"""What wrote an output: the package version and, run from a git clone, its commit.

Every written run (``summary.json``, the Parquet files' metadata) and every
experiment's ``manifest.json`` carries :func:`provenance`, so a result can be
traced to the code that made it. A dirty tree (uncommitted changes to tracked
files) is recorded as such: its commit alone does not say what ran.
"""

from __future__ import annotations

import functools
import json
import subprocess
from pathlib import Path
from typing import Any

from agi_economy import __version__

PARQUET_KEY = "agi_economy.provenance"
"""The Parquet key-value metadata entry that holds :func:`provenance` as JSON."""


def _git(args: list[str], where: Path) -> str | None:
    """The output of a git command run in ``where``; None without git or outside a clone."""
    try:
        done = subprocess.run(
            ["git", *args], cwd=where, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


@functools.cache
def git_state(where: Path | None = None) -> tuple[str | None, bool | None]:
    """The commit of the clone the package runs from and whether its tree is dirty.

    ``(None, None)`` when the package is not inside a git clone of this project
    (an installed wheel, or a tree without git).
    """
    here = where or Path(__file__).resolve().parent
    top = _git(["rev-parse", "--show-toplevel"], here)
    if top is None:
        return None, None
    root = Path(top.strip())
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file() or 'name = "agi-economy"' not in pyproject.read_text("utf-8"):
        return None, None  # a clone of something else that happens to hold the package
    commit = _git(["rev-parse", "HEAD"], root)
    status = _git(["status", "--porcelain", "--untracked-files=no"], root)
    if commit is None or status is None:
        return None, None
    return commit.strip(), bool(status.strip())


def provenance() -> dict[str, Any]:
    """``version``, ``git_commit`` and ``git_dirty`` (both None outside a clone)."""
    commit, dirty = git_state()
    return {"version": __version__, "git_commit": commit, "git_dirty": dirty}


def parquet_metadata() -> dict[str, str]:
    """:func:`provenance` as Parquet key-value metadata."""
    return {PARQUET_KEY: json.dumps(provenance(), sort_keys=True)}


def read_parquet_provenance(path: str | Path) -> dict[str, Any] | None:
    """The provenance a Parquet file written by the simulator holds (None if none)."""
    import polars as pl

    text = pl.read_parquet_metadata(path).get(PARQUET_KEY)
    return json.loads(text) if text is not None else None
