"""Exploratory modelling: every policy crossed with points sampled over the uncertainties.

An exploration asks how each policy fares across everything we are unsure of: it
samples ``samples`` points over the uncertain fields (a Latin hypercube by default,
:mod:`~agi_economy.experiment.design`), and runs every policy arm (the baseline
``none`` always among them) at every point, ``replicates`` times. Replicate ``i`` runs
with the same seed at every point and under every policy, so the runs of two policies
at a point are pairs (common random numbers), as in a comparison.

The folder holds ``runs.parquet`` (one row per run: its policy, point and uncertain
values first), ``points.parquet`` (one row per policy and point: the measures of a
comparison with their intervals), ``comparison.parquet`` (one row per policy, pooled
over the points, with paired differences from ``none``), and the trajectories with
their fan chart, P(takeover by t) and paired differences, pooled over the points.
It resumes after a kill like every experiment. :mod:`~agi_economy.experiment.discover`
and :mod:`~agi_economy.experiment.robust` read it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

from agi_economy.experiment.compare import (
    BASELINE,
    ExperimentResult,
    base_scenario,
    check_replicates,
    choose_seed,
    comparison_cells,
    comparison_job,
    write_trajectories,
)
from agi_economy.experiment.designed import designed_experiment
from agi_economy.experiment.runner import Progress, execute
from agi_economy.experiment.store import ResultStore
from agi_economy.experiment.summary import summarise
from agi_economy.experiment.tasks import KEY_COLUMNS, Cell
from agi_economy.experiment.trajectory import DEFAULT_POINTS
from agi_economy.experiment.vary import Vary, parse_vary
from agi_economy.scenario import ScenarioError

DEFAULT_EXPLORE_SAMPLES = 64


def explore_cells(arms: Sequence[Cell], points: Sequence[dict[str, Any]]) -> tuple[Cell, ...]:
    """Every arm at every point; cell ``point * len(arms) + arm``."""
    return tuple(
        Cell(f"{arm.label} @ point {p}", arm.policies, dict(params))
        for p, params in enumerate(points)
        for arm in arms
    )


def cell_labels(arms: Sequence[Cell], points: Sequence[dict[str, Any]], varies: Sequence[Vary]):
    """One row per cell: its ``policy``, ``arm``, ``point`` and uncertain values."""
    rows = [
        {"cell": p * len(arms) + a, "policy": arm.label, "arm": a, "point": p, **params}
        for p, params in enumerate(points)
        for a, arm in enumerate(arms)
    ]
    frame = pl.DataFrame(rows, infer_schema_length=None, strict=False)
    return frame.select("cell", "policy", "arm", "point", *(v.path for v in varies))


def labelled(runs: pl.DataFrame, labels: pl.DataFrame) -> pl.DataFrame:
    """Runs (keyed by ``cell``) with their policy, point and uncertain values first."""
    first = [c for c in labels.columns if c != "cell"]
    out = runs.join(labels, on="cell", how="left").drop("cell")
    keys = [c for c in KEY_COLUMNS[1:] if c in out.columns]
    return out.select(*first, *keys, pl.exclude(*first, *keys)).sort("point", "arm", "replicate")


def pooled_comparison(runs: pl.DataFrame, arms: Sequence[Cell], replicates: int) -> pl.DataFrame:
    """One row per policy over every point, paired with ``none`` by point and replicate."""
    frame = runs.with_columns(
        cell=pl.col("arm"), replicate=pl.col("point") * replicates + pl.col("replicate")
    )
    table = summarise(frame, len(arms), baseline=0)
    table = table.with_columns(policy=pl.Series([a.label for a in arms])).rename({"cell": "arm"})
    return table.select("policy", pl.exclude("policy"))


def _uncertainty(item: str, cfg: Any) -> Vary:
    """One ``--uncertain`` item, its errors naming that option (not ``--vary``)."""
    try:
        return parse_vary(item, cfg)
    except ScenarioError as exc:
        raise ScenarioError("--uncertain", exc.problems) from None


def explore(
    scenario: Any,
    policies: Sequence[str],
    uncertain: Sequence[str],
    *,
    out: str | Path,
    samples: int = DEFAULT_EXPLORE_SAMPLES,
    design: str = "lhs",
    replicates: int = 4,
    seed: int | None = None,
    executor: Any = None,
    resume: bool = False,
    force: bool = False,
    retry_failed: bool = False,
    checkpoint: float = 5.0,
    chunk_size: int | None = None,
    progress: Progress | None = None,
    plot: bool = True,
    trajectory_points: int | None = DEFAULT_POINTS,
    **overrides: Any,
) -> ExperimentResult:
    """Run every policy arm at every sampled point of the uncertainties.

    Args:
        scenario: built-in name, path, mapping or scenario.
        policies: arm specs such as ``"pause:above=2"`` (``none`` is always included).
        uncertain: items ``key.path=low:high``, ``low:high:log`` or ``a,b,c``.
        out: results folder.
        samples: points of the design (a power of two base for ``sobol``).
        design: ``lhs`` (default), ``grid`` or ``sobol``.
        replicates: runs per policy and point, paired by seed.
        seed: the experiment's seed (design and replicate seeds come from it).
        executor: serial (default), process or dask executor.
        resume: complete an interrupted exploration in ``out``.
        force: delete what ``out`` holds first.
        retry_failed: run failed runs again when resuming.
        checkpoint: most seconds finished runs wait before being written.
        chunk_size: runs a worker takes at a time.
        progress: called as ``progress(finished, total, failed)``.
        plot: write the figures.
        trajectory_points: grid points of each run's kept trajectory (None or 0: none).
        **overrides: scenario fields, by path with double underscores.

    Returns:
        The runs (``runs``), the per-policy pooled table (``table``), and in ``extra``
        the per-point table (``points``) and the trajectory tables.
    """
    check_replicates(replicates)
    if not uncertain:
        raise ScenarioError("--uncertain", ["give at least one uncertainty to explore"])
    cfg, base = base_scenario(scenario, overrides)
    arms = comparison_cells(policies, base)
    varies = [_uncertainty(item, cfg) for item in uncertain]
    seed = choose_seed(seed, cfg, out, resume)
    experiment, points, bad = designed_experiment(
        "explore", base, varies, lambda points: explore_cells(arms, points), option="--uncertain",
        design=design, samples=samples, replicates=replicates, seed=seed,
        trajectory_points=trajectory_points,
    )  # fmt: skip
    cells = experiment.cells
    runs = execute(
        experiment,
        out,
        executor,
        resume=resume,
        force=force,
        retry_failed=retry_failed,
        checkpoint=checkpoint,
        chunk_size=chunk_size,
        progress=progress,
    )
    store = ResultStore(out)
    labels = cell_labels(arms, points, varies)
    per_point = summarise(runs, len(cells)).join(labels, on="cell", how="left").drop("cell")
    per_point = per_point.select(*labels.columns[1:], pl.exclude(labels.columns[1:]))
    runs = labelled(runs, labels)
    store.write_runs(runs)
    per_point.write_parquet(store.root / "points.parquet")
    table = pooled_comparison(runs, arms, replicates)
    table.write_parquet(store.root / "comparison.parquet")
    title = f"{cfg.meta.name}: {len(points)} points x {replicates} replicates, pooled"
    trajectories = write_trajectories(
        store,
        cells,
        replicates,
        ["point", "replicate"],
        title,
        plot=plot,
        labels=labels,
        rename={},
        also=[comparison_job(table, title)],
        executor=executor,
    )
    extra = {"points": per_point, "invalid_points": bad, "baseline": BASELINE, **trajectories}
    return ExperimentResult(runs, table, store.root, experiment, extra)
