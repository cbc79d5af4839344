"""What a worker runs: chunks of runs, each one summary row, failures recorded not raised.

These are top-level functions of an importable module, so every executor can ship
them: ``import mesa`` makes the standard library's process pools spawn fresh
interpreters, which import the function by name, and Dask workers do the same.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from agi_economy.experiment.draws import draw_column
from agi_economy.experiment.trajectory import trajectory_of
from agi_economy.experiment.vary import set_path

_MAX_ERROR = 2000  # characters of an error message kept in runs.parquet
KEY_COLUMNS = ("cell", "replicate", "seed", "status", "error")
TRAJECTORY_KEY = "trajectory"  # a row's thinned trajectory, split off before it is stored


@dataclass(frozen=True)
class Cell:
    """One arm of a comparison or one point of a sweep: what it adds to the scenario."""

    label: str
    policies: tuple[dict[str, Any], ...] = ()
    params: dict[str, Any] = field(default_factory=dict)

    def scenario(self, base: Mapping[str, Any]) -> dict[str, Any]:
        """The scenario mapping of this cell: the base, its policies added, its params set."""
        raw = copy.deepcopy(dict(base))
        if self.policies:
            raw["policies"] = [*raw.get("policies", ()), *copy.deepcopy(list(self.policies))]
        for path, value in self.params.items():
            raw = set_path(raw, path, value)
        return raw


@dataclass(frozen=True)
class RunTask:
    """One run: its cell, replicate and seed, and any parameters drawn for it."""

    cell: int
    replicate: int
    seed: int
    params: tuple[tuple[str, float], ...] = ()  # (field path, value) drawn for this replicate


@dataclass(frozen=True)
class Chunk:
    """Runs sent to a worker together, with the scenario and the cells they need."""

    base: dict[str, Any]
    cells: dict[int, Cell]
    tasks: tuple[RunTask, ...]
    every: float | None = None  # trajectory grid spacing in years; None keeps none


def run_one(
    base: Mapping[str, Any], cell: Cell, task: RunTask, every: float | None = None
) -> dict[str, Any]:
    """Run one replicate of one cell; a run that raises gives a ``failed`` row.

    With a grid spacing ``every`` (years), the row's ``trajectory`` holds the run's
    thinned trajectory (:mod:`~agi_economy.experiment.trajectory`). Parameters drawn
    for the task are set on the cell's scenario and recorded as ``drawn:<path>``.
    """
    from agi_economy.run import simulate  # a worker pays for the model import once

    row: dict[str, Any] = {
        "cell": task.cell,
        "replicate": task.replicate,
        "seed": task.seed,
        "status": "ok",
        "error": None,
    }
    scenario = cell.scenario(base)
    for path, value in task.params:
        scenario = set_path(scenario, path, value)
        row[draw_column(path)] = value
    try:
        result = simulate(scenario, seed=task.seed)
        summary = {k: v for k, v in result.summary.items() if k not in row}
        if every is not None:
            summary[TRAJECTORY_KEY] = trajectory_of(result, every)
    except Exception as exc:  # noqa: BLE001  -- a failed run is a result, never a crash
        row["status"] = "failed"
        row["error"] = f"{type(exc).__name__}: {exc}"[:_MAX_ERROR]
        return row
    row.update(summary)
    return row


def run_chunk(chunk: Chunk) -> list[dict[str, Any]]:
    """Run every task of a chunk, in order; one row per run."""
    return [run_one(chunk.base, chunk.cells[t.cell], t, chunk.every) for t in chunk.tasks]
