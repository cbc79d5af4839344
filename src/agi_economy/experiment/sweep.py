"""Parameter sweeps: a design over scenario fields (or policy parameters), paired replicates.

Every point runs the same replicate seeds (common random numbers across points, as
across the arms of a comparison). Writes ``runs.parquet`` (one row per run, with the
point's parameter values), ``comparison.parquet`` (one row per point: the measures
of a comparison with their intervals), ``phase.png`` (takeover probability over two
parameters; a curve over one) and, for a Sobol design, ``sobol.parquet`` and
``sobol.png`` (first- and total-order indices with intervals); and each run's thinned
trajectory in ``trajectories.parquet`` (keyed by ``point`` and ``replicate``).

A design point the scenario rejects (``labs.careless`` above ``labs.count``, say) is
not an error: its runs are recorded as failed with the reason, like any run that
raises.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

from agi_economy import style
from agi_economy.experiment.compare import (
    ExperimentResult,
    base_scenario,
    check_replicates,
    choose_seed,
)
from agi_economy.experiment.design import DEFAULT_SAMPLES
from agi_economy.experiment.designed import designed_experiment
from agi_economy.experiment.runner import Progress, execute
from agi_economy.experiment.sensitivity import sobol_indices
from agi_economy.experiment.store import ResultStore
from agi_economy.experiment.summary import summarise
from agi_economy.experiment.tasks import Cell
from agi_economy.experiment.trajectory import DEFAULT_POINTS
from agi_economy.experiment.vary import Vary, parse_vary
from agi_economy.policies import parse_policy_spec
from agi_economy.scenario import ScenarioError, load_scenario


def _with_params(
    frame: pl.DataFrame, cells: Sequence[Cell], varies: Sequence[Vary]
) -> pl.DataFrame:
    """``frame`` (keyed by ``cell``) with ``point`` and each parameter's column first."""
    params = pl.DataFrame(
        [{"cell": i, **c.params} for i, c in enumerate(cells)],
        infer_schema_length=None,
        strict=False,
    )
    frame = frame.join(params, on="cell", how="left").rename({"cell": "point"})
    first = ["point", *(v.path for v in varies)]
    return frame.select(first + [c for c in frame.columns if c not in first])


def _point_cells(points: list[dict[str, Any]]) -> tuple[Cell, ...]:
    """One cell per point."""
    return tuple(Cell(f"point {i}", params=p) for i, p in enumerate(points))


def sweep(
    scenario: Any,
    vary: Sequence[str],
    *,
    out: str | Path,
    design: str = "lhs",
    samples: int | None = None,
    replicates: int = 8,
    seed: int | None = None,
    policies: Sequence[str] = (),
    phase: tuple[str, str] | None = None,
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
    """Run a design over the varied parameters, ``replicates`` paired runs per point.

    Args:
        scenario: built-in name, path, mapping or scenario.
        vary: items ``key.path=low:high`` (``:log`` for a log scale) or ``key.path=a,b,c``.
        out: results folder.
        design: ``grid``, ``lhs`` or ``sobol``.
        samples: grid levels per parameter, LHS points, or Sobol base samples (a power
            of two; the design has ``samples * (D + 2)`` points).
        replicates: runs per point.
        seed: the experiment's seed (design and replicate seeds come from it).
        policies: policy specs applied at every point (their parameters can be varied
            as ``policies.<i>.<key>``, counting the scenario's own policies first).
        phase: the two parameters of the phase plot (default: the first two varied).
        executor: serial (default), process or dask executor.
        resume: complete an interrupted sweep in ``out``.
        force: delete what ``out`` holds first.
        retry_failed: run failed runs again when resuming.
        checkpoint: most seconds finished runs wait before being written.
        chunk_size: runs a worker takes at a time.
        progress: called as ``progress(finished, total, failed)``.
        plot: write the figures.
        trajectory_points: grid points of each run's kept trajectory (None or 0: none).
        **overrides: scenario fields, by path with double underscores.
    """
    check_replicates(replicates)
    cfg, base = base_scenario(scenario, overrides)
    if policies:
        base["policies"] = [*base["policies"], *(parse_policy_spec(p) for p in policies)]
        cfg = load_scenario(base)
    varies = [parse_vary(item, cfg) for item in vary]
    if phase is not None and not set(phase) <= {v.path for v in varies}:
        raise ScenarioError("--phase", [f"{phase}: name two of the varied parameters"])
    seed = choose_seed(seed, cfg, out, resume)
    samples = DEFAULT_SAMPLES.get(design) if samples is None else samples
    experiment, _, bad = designed_experiment(
        "sweep", base, varies, _point_cells, option="--vary", design=design, samples=samples,
        replicates=replicates, seed=seed, trajectory_points=trajectory_points,
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
    table = _with_params(summarise(runs, len(cells)), cells, varies)
    runs = _with_params(runs, cells, varies)
    store.write_runs(runs)
    table.write_parquet(store.root / "comparison.parquet")
    points_only = pl.DataFrame({"cell": range(len(cells))})
    store.write_trajectories(len(cells), replicates, points_only, rename={"cell": "point"})
    extra: dict[str, Any] = {"invalid_points": bad, "notes": []}
    if design == "sobol":
        indices, notes = sobol_indices(table, varies, seed)
        indices.write_parquet(store.root / "sobol.parquet")
        extra.update(sobol=indices, notes=notes)
    if plot:
        _plot(store.root, table, varies, design, phase, extra, cfg.meta.name, replicates)
    return ExperimentResult(runs, table, store.root, experiment, extra)


def _plot(root, table, varies, design, phase, extra, name, replicates) -> None:
    from agi_economy.experiment import plots

    title = f"{name}: {design}, {replicates} replicates per point"
    if len(varies) >= 2:
        x, y = phase or (varies[0].path, varies[1].path)
        fig = plots.phase_figure(table, x, y, grid=design == "grid", title=title)
    else:
        fig = plots.curve_figure(table, varies[0].path, title=title)
    fig.savefig(root / "phase.png", dpi=style.DPI)
    if "sobol" in extra and extra["sobol"].height:
        base = table.height // (len(varies) + 2)  # Saltelli's N: N (d + 2) points, no 2nd order
        fig = plots.sobol_figure(extra["sobol"], title=title, base_samples=base)
        fig.savefig(root / "sobol.png", dpi=style.DPI)
