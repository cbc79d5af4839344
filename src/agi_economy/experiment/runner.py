"""Running an experiment: cells x replicates, streamed to a results folder, resumable.

An :class:`Experiment` is a base scenario, its cells (the arms of a comparison or the
points of a sweep), a number of replicates and a seed. :func:`execute` runs the
pairs (cell, replicate) the folder does not hold yet, writes finished runs to it in
batches (every ``checkpoint`` seconds, or every ``batch_rows`` rows), and returns the
sorted frame of every run. Memory holds one batch and a few chunks in flight, never
the whole experiment, until the final frame is built.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from agi_economy import __version__
from agi_economy.columns import RUN_ROW_SCHEMA, TRAJECTORY_SCHEMA
from agi_economy.experiment.draws import ParameterDraws
from agi_economy.experiment.executors import SerialExecutor
from agi_economy.experiment.seeds import replicate_seeds
from agi_economy.experiment.store import ResultStore, StoreError
from agi_economy.experiment.tasks import TRAJECTORY_KEY, Cell, Chunk, RunTask, run_chunk

Progress = Callable[[int, int, int], None]
"""Called as ``progress(finished, total, failed)`` as runs finish."""


@dataclass(frozen=True)
class Experiment:
    """What to run: a base scenario mapping, its cells, replicates and the seed."""

    kind: str
    scenario: dict[str, Any]
    cells: tuple[Cell, ...]
    replicates: int
    seed: int
    design: dict[str, Any] = field(default_factory=dict)
    trajectory_every: float | None = None  # years between trajectory points; None keeps none
    draws: ParameterDraws | None = None  # per-replicate parameters (a forecast's posterior)

    def identity(self) -> dict[str, Any]:
        """Everything that fixes the results of a run (replicates only add runs)."""
        return {
            "kind": self.kind,
            "scenario": self.scenario,
            "cells": [
                {"label": c.label, "policies": list(c.policies), "params": c.params}
                for c in self.cells
            ],
            "seed": self.seed,
            "design": self.design,
            "trajectory_every": self.trajectory_every,
            "version": __version__,
            **({"draws": self.draws.identity()} if self.draws is not None else {}),
        }

    def manifest(self) -> dict[str, Any]:
        """The identity, the replicates and the scenario's name."""
        return {
            **self.identity(),
            "replicates": self.replicates,
            "scenario_name": self.scenario.get("meta", {}).get("name", "custom"),
        }


def _normal(value: Any) -> Any:
    """A value as it reads back from JSON (tuples become lists, keys strings)."""
    import json

    return json.loads(json.dumps(value, sort_keys=True, default=str))


def check_same(stored: dict[str, Any], experiment: Experiment) -> None:
    """Refuse to resume a folder holding a different experiment, naming what differs."""
    current = _normal(experiment.identity())
    differ = [k for k in current if _normal(stored.get(k)) != current[k]]
    if differ:
        raise StoreError(
            f"the folder holds a different experiment ({', '.join(differ)} differ); "
            "use another --out, or --force to start over"
        )


def chunk_size_for(executor: Any, runs: int) -> int:
    """Runs per chunk: one in this process; else as the executor's chunking asks.

    Small chunks balance the load (no worker idles long at the end) and lose little
    to a kill; a chunk costs one task of the executor, whose overhead is fixed. An
    executor says how many chunks per worker it aims for (``chunks_per_worker``) and
    how many runs one chunk may hold at most (``largest_chunk``): the process pool
    about 32 chunks per worker of at most 8 runs, Dask fewer and larger ones.
    """
    if isinstance(executor, SerialExecutor):
        return 1
    per_worker = getattr(executor, "chunks_per_worker", 32)
    largest = getattr(executor, "largest_chunk", 8)
    return max(1, min(largest, math.ceil(runs / (per_worker * executor.workers))))


def _chunks(
    experiment: Experiment, todo: Iterator[tuple[int, int]], seeds: list[int], size: int
) -> Iterator[Chunk]:
    """Chunks of ``size`` runs, built only as the executor asks for them."""
    while batch := list(itertools.islice(todo, size)):
        draws = experiment.draws
        tasks = tuple(
            RunTask(c, r, seeds[r], draws.for_replicate(experiment.seed, r) if draws else ())
            for c, r in batch
        )
        cells = {t.cell: experiment.cells[t.cell] for t in tasks}
        yield Chunk(experiment.scenario, cells, tasks, experiment.trajectory_every)


MAX_RUNS = 10_000_000
"""Most runs of one experiment: its final frame holds a row of about 1 kB per run."""
ROW_BYTES = 1024


class ExperimentTooLarge(ValueError):
    """The experiment has more runs than one folder and one frame should hold."""


def check_size(experiment: Experiment) -> None:
    """Refuse, before any work, an experiment of more than :data:`MAX_RUNS` runs."""
    runs = len(experiment.cells) * experiment.replicates
    if runs > MAX_RUNS:
        need = runs * ROW_BYTES / 2**30
        raise ExperimentTooLarge(
            f"--replicates: {len(experiment.cells):,} cells x {experiment.replicates:,} "
            f"replicates = {runs:,} runs; at most {MAX_RUNS:,} (the results frame would need "
            f"about {need:,.0f} GB)"
        )


def prepare(experiment: Experiment, store: ResultStore, *, resume: bool, force: bool) -> None:
    """Check the folder against the experiment and write its manifest."""
    stored = store.read_manifest()
    if stored is not None and not (resume or force):
        raise StoreError(
            f"{store.root} already holds an experiment: add --resume to complete it, "
            "or --force to delete it and start over"
        )
    if stored is not None and force:
        store.clear(derived=DERIVED_FILES)
    elif stored is not None:
        check_same(stored, experiment)
    store.write_manifest(experiment.manifest())


DERIVED_FILES = (
    "comparison.parquet",
    "comparison.png",
    "sobol.parquet",
    "sobol.png",
    "phase.png",
    "fan.png",
    "takeover_by_time.png",
    "paired_trajectories.png",
    "trajectory_bands.parquet",
    "takeover_by_time.parquet",
    "paired_trajectories.parquet",
    "points.parquet",
    "robust.parquet",
    "robust_points.parquet",
    "robust.png",
    "discover",
    "forecast.parquet",
    "forecast_delta.parquet",
    "library_alone",
)


class _Trajectories:
    """Finished runs' trajectories, gathered column by column until they are written."""

    def __init__(self) -> None:
        self.columns: dict[str, list] = {}

    def take(self, row: dict[str, Any]) -> None:
        """Move a row's trajectory (if any) out of the row, keyed by its cell and replicate."""
        points = row.pop(TRAJECTORY_KEY, None)
        if not points:
            return
        n = len(points["year"])
        self.columns.setdefault("cell", []).extend([row["cell"]] * n)
        self.columns.setdefault("replicate", []).extend([row["replicate"]] * n)
        for name, values in points.items():
            self.columns.setdefault(name, []).extend(values)

    def flush(self, store: ResultStore) -> None:
        """Write what is gathered as one part, and start again."""
        if self.columns:
            keys = {k: RUN_ROW_SCHEMA[k] for k in ("cell", "replicate")}
            store.append_trajectories(
                pl.DataFrame(self.columns, schema={**keys, **TRAJECTORY_SCHEMA})
            )
        self.columns = {}


def execute(
    experiment: Experiment,
    out: str | Path,
    executor: Any = None,
    *,
    resume: bool = False,
    force: bool = False,
    retry_failed: bool = False,
    checkpoint: float = 5.0,
    batch_rows: int = 512,
    chunk_size: int | None = None,
    progress: Progress | None = None,
) -> pl.DataFrame:
    """Run the experiment's missing runs into folder ``out``; return every run, sorted.

    Args:
        experiment: what to run.
        out: the results folder (created if needed).
        executor: serial (default), process or dask (see ``make_executor``).
        resume: complete a folder that holds this experiment.
        force: delete whatever the folder holds first.
        retry_failed: run again the runs recorded as failed.
        checkpoint: most seconds finished runs wait before they are written.
        batch_rows: most finished runs held before they are written.
        chunk_size: runs a worker takes at a time (default: by executor and size).
        progress: called as runs finish.

    Raises:
        StoreError: the folder holds another experiment or is in use.
    """
    check_size(experiment)
    executor = executor or SerialExecutor()
    store = ResultStore(out)
    store.acquire()
    try:
        prepare(experiment, store, resume=resume, force=force)
        n_cells, n_rep = len(experiment.cells), experiment.replicates
        done = store.done(n_cells, n_rep, retry_failed=retry_failed)
        # replicate-major order: an interrupted experiment has every arm about as far along
        todo = ((c, r) for r in range(n_rep) for c in range(n_cells) if not done[c, r])
        total, finished, failed = n_cells * n_rep, int(done.sum()), 0
        if progress is not None:
            progress(finished, total, failed)
        seeds = replicate_seeds(experiment.seed, n_rep)
        size = chunk_size or chunk_size_for(executor, total - finished)
        batch: list[dict[str, Any]] = []
        paths = _Trajectories()
        last_write = time.monotonic()
        try:
            for rows in executor.map_unordered(run_chunk, _chunks(experiment, todo, seeds, size)):
                for row in rows:
                    paths.take(row)
                batch.extend(rows)
                finished += len(rows)
                failed += sum(row["status"] != "ok" for row in rows)
                if progress is not None:
                    progress(finished, total, failed)
                if len(batch) >= batch_rows or time.monotonic() - last_write >= checkpoint:
                    paths.flush(store)  # before the runs: a recorded run has its trajectory
                    store.append(batch)
                    batch, last_write = [], time.monotonic()
        finally:
            paths.flush(store)  # also on Ctrl-C: what finished is kept
            store.append(batch)
        store.compact()  # trajectory parts are consolidated once, by write_trajectories
        return store.collect(n_cells, n_rep)
    finally:
        store.release()
