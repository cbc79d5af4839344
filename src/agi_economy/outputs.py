"""Writing a run to a folder: Parquet frames, the summary and the resolved scenario.

A run folder is written whole or not at all: :func:`staged_folder` gives a new
folder beside the target, and only once every file is in it does it take the
target's place (a rename), so a failure, a kill or a full disk leaves either the
previous folder or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import json
import math
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import tomli_w

from agi_economy.provenance import parquet_metadata, provenance
from agi_economy.scenario import Scenario


def scenario_toml(scenario: Scenario, seed: int | None = None) -> str:
    """The fully resolved scenario as TOML; with ``seed`` set, it repeats the run exactly."""
    data = scenario.model_dump(mode="json", exclude_none=True, exclude={"extends"})
    if seed is not None:
        data["meta"]["seed"] = seed
    return tomli_w.dumps(_finite(data))


def _finite(value: Any) -> Any:
    """Check that no NaN or inf reaches a file; TOML and JSON outputs stay portable."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"non-finite value {value!r} in output")
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def write_run(result, out: Path) -> list[Path]:
    """Write steps/agents/events Parquet, summary.json and scenario.toml into ``out``.

    ``summary.json`` and each Parquet file's metadata carry the provenance of the
    code that wrote them (:mod:`~agi_economy.provenance`).
    """
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "steps": out / "steps.parquet",
        "agents": out / "agents.parquet",
        "events": out / "events.parquet",
    }
    metadata = parquet_metadata()
    result.steps.write_parquet(paths["steps"], metadata=metadata)
    result.agents.write_parquet(paths["agents"], metadata=metadata)
    result.events.write_parquet(paths["events"], metadata=metadata)
    summary = out / "summary.json"
    written = {**result.summary, "provenance": provenance()}
    summary.write_text(json.dumps(_finite(written), indent=2, allow_nan=False) + "\n")
    scenario = out / "scenario.toml"
    scenario.write_text(scenario_toml(result.scenario, result.summary["seed"]))
    return [*paths.values(), summary, scenario]


RUN_FILES = frozenset(
    {
        "steps.parquet",
        "agents.parquet",
        "events.parquet",
        "summary.json",
        "scenario.toml",
        "intelligence.png",
        "power.png",
        "output.png",
    }
)
"""What a run folder holds; a folder holding anything else is not replaced."""


class OutputError(ValueError):
    """The output folder cannot take a run (a file, or a folder of other things)."""


@contextlib.contextmanager
def staged_folder(out: str | Path) -> Iterator[Path]:
    """Yield an empty folder beside ``out``; on success it becomes ``out``, else it goes.

    Raises:
        OutputError: ``out`` is a file, or a folder holding files no run writes.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out: {out} is a file; expected a folder for the run")
    if out.is_dir():
        foreign = sorted(p.name for p in out.iterdir() if p.name not in RUN_FILES)
        if foreign:
            shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
            raise OutputError(
                f"--out: {out} holds files no run writes ({shown}); "
                "expected a new, empty or run folder"
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = out.parent / f".{out.name}.{secrets.token_hex(4)}.tmp"
    stage.mkdir()  # mode from the umask, as a folder made in place would have
    try:
        yield stage
        _move_in(stage, out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _move_in(stage: Path, out: Path) -> None:
    """Put ``stage`` at ``out``; a previous run there ends up at ``stage`` (to delete)."""
    if not out.exists() or not any(out.iterdir()):
        os.replace(stage, out)  # rename(2) takes the place of an empty folder
    elif not _exchange(stage, out):
        aside = out.parent / f".{out.name}.{secrets.token_hex(4)}.old"
        os.replace(out, aside)
        os.replace(stage, out)
        os.replace(aside, stage)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    name = ctypes.util.find_library("c")
    renameat2 = getattr(ctypes.CDLL(name, use_errno=True), "renameat2", None) if name else None
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return done == 0
