"""Policy comparisons: the baseline ``none`` and each policy arm over paired replicates.

Replicate ``i`` of every arm runs with the same seed, so each arm's difference from
the baseline is paired. Writes ``runs.parquet`` (one row per run),
``comparison.parquet`` (one row per arm: measures with intervals and paired
differences from ``none``) and ``comparison.png``; and each run's thinned trajectory,
``trajectories.parquet``, with its fan chart, P(takeover by t) and paired differences
over time (:mod:`~agi_economy.experiment.trajectory_plots`).
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from agi_economy.experiment.draws import ParameterDraws
from agi_economy.experiment.runner import Experiment, Progress, execute
from agi_economy.experiment.seeds import fresh_seed
from agi_economy.experiment.store import ResultStore
from agi_economy.experiment.summary import summarise
from agi_economy.experiment.tasks import KEY_COLUMNS, Cell
from agi_economy.experiment.trajectory import DEFAULT_POINTS, spacing_for
from agi_economy.experiment.vary import set_path
from agi_economy.policies import parse_arm
from agi_economy.scenario import Scenario, ScenarioError, load_scenario

if TYPE_CHECKING:
    from agi_economy.experiment.trajectory_plots import FigureJob

BASELINE = "none"


@dataclass(frozen=True)
class ExperimentResult:
    """Every run, the per-arm (or per-point) table, and where they were written."""

    runs: pl.DataFrame
    table: pl.DataFrame
    out: Path | None
    experiment: Experiment
    extra: dict[str, Any] | None = None

    def plot(self, title: str = "") -> Any:
        """The comparison's forest plots (``comparison.png``) as a matplotlib figure."""
        from agi_economy.experiment.plots import comparison_figure

        if "policy" not in self.table.columns:
            raise ValueError("plot: only a comparison's table has a forest plot")
        return comparison_figure(self.table, title=title)


def base_scenario(scenario: Any, overrides: Mapping[str, Any]) -> tuple[Scenario, dict[str, Any]]:
    """The validated scenario and the plain mapping every run starts from."""
    cfg = load_scenario(scenario, **overrides)
    return cfg, cfg.model_dump(mode="python", exclude={"extends"})


def choose_seed(seed: int | None, cfg: Scenario, out: str | Path, resume: bool) -> int:
    """The given seed; else the one a resumed folder holds; else the scenario's; else fresh."""
    if seed is not None:
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise ScenarioError("--seed", [f"expected a non-negative integer (got {seed!r})"])
        return seed
    stored = ResultStore(out).read_manifest() if resume else None
    if stored is not None and isinstance(stored.get("seed"), int):
        return stored["seed"]
    return cfg.meta.seed if cfg.meta.seed is not None else fresh_seed()


def check_replicates(replicates: int) -> None:
    """Refuse a replicate count below one."""
    if isinstance(replicates, bool) or not isinstance(replicates, int) or replicates < 1:
        raise ScenarioError("--replicates", [f"expected a positive integer (got {replicates!r})"])


def comparison_cells(policies: Sequence[str], base: Mapping[str, Any]) -> tuple[Cell, ...]:
    """The baseline and one cell per policy arm, each checked against the scenario."""
    labels = [BASELINE] + [p.strip() for p in policies if p.strip() != BASELINE]
    if len(set(labels)) != len(labels):
        raise ScenarioError("--policy", ["each policy arm may be given once"])
    cells = tuple(Cell(label, tuple(parse_arm(label))) for label in labels)
    for cell in cells[1:]:
        try:
            load_scenario(cell.scenario(base))
        except ScenarioError as exc:
            raise ScenarioError(f"policy {cell.label!r}", exc.problems) from None
    return cells


def labelled_runs(runs: pl.DataFrame, cells: Sequence[Cell]) -> pl.DataFrame:
    """Runs with the arm's policy label first (``arm`` is the arm's index)."""
    labels = pl.DataFrame({"cell": range(len(cells)), "policy": [c.label for c in cells]})
    runs = runs.join(labels, on="cell", how="left").rename({"cell": "arm"})
    first = ["policy", "arm", *KEY_COLUMNS[1:]]
    return runs.select(
        [c for c in first if c in runs.columns] + [c for c in runs.columns if c not in first]
    )


def compare(
    scenario: Any,
    policies: Sequence[str],
    *,
    out: str | Path | None,
    replicates: int = 32,
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
    draws: ParameterDraws | None = None,
    **overrides: Any,
) -> ExperimentResult:
    """Compare policy arms with the baseline ``none`` over paired replicates.

    Args:
        scenario: built-in name, path, mapping or scenario.
        policies: arm specs such as ``"pause:above=2"`` or ``"pause+audit_mandate"``.
        out: results folder; None runs in a temporary folder that is deleted after,
            and returns the frames only (no figures; ``result.out`` is None).
        replicates: runs per arm.
        seed: the experiment's seed (replicate seeds are spawned from it).
        executor: serial (default), process or dask executor.
        resume: complete an interrupted experiment in ``out``.
        force: delete what ``out`` holds first.
        retry_failed: run failed runs again when resuming.
        checkpoint: most seconds finished runs wait before being written.
        chunk_size: runs a worker takes at a time.
        progress: called as ``progress(finished, total, failed)``.
        plot: write ``comparison.png`` and the trajectory figures.
        trajectory_points: grid points of each run's kept trajectory (None or 0: none).
        draws: a pool of joint parameter draws; replicate ``i`` of every arm takes the
            same draw (:mod:`~agi_economy.experiment.draws`), as a forecast's runs do.
        **overrides: scenario fields, by path with double underscores.
    """
    if out is None:
        if resume:
            raise ScenarioError("out", ["resume needs the folder of the experiment to complete"])
        with tempfile.TemporaryDirectory(prefix="agi-economy-compare-") as tmp:
            kept = compare(
                scenario,
                policies,
                out=tmp,
                replicates=replicates,
                seed=seed,
                executor=executor,
                checkpoint=checkpoint,
                chunk_size=chunk_size,
                progress=progress,
                plot=False,
                trajectory_points=trajectory_points,
                draws=draws,
                **overrides,
            )
        return dataclasses.replace(kept, out=None)
    check_replicates(replicates)
    cfg, base = base_scenario(scenario, overrides)
    cells = comparison_cells(policies, base)
    if draws is not None:
        check_draws(base, draws)
    every = checked_spacing(base, cells, trajectory_points)
    seed = choose_seed(seed, cfg, out, resume)
    experiment = Experiment(
        "compare", base, cells, replicates, seed, trajectory_every=every, draws=draws
    )
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
    runs = labelled_runs(runs, cells)
    store.write_runs(runs)
    table = write_policy_table(store, runs, cells)
    title = f"{cfg.meta.name}: {replicates} paired replicates"
    extra = write_trajectories(
        store,
        cells,
        replicates,
        ["replicate"],
        title,
        plot=plot,
        also=[comparison_job(table, title)],
        executor=executor,
    )
    return ExperimentResult(runs, table, store.root, experiment, extra)


def comparison_job(table: pl.DataFrame, title: str) -> FigureJob:
    """``comparison.png`` as a figure to draw (:func:`.trajectory_plots.draw_figures`)."""
    maker = "agi_economy.experiment.comparison_plot:comparison_figure"
    return ("comparison.png", maker, (table, title))


def check_draws(base: Mapping[str, Any], draws: ParameterDraws) -> None:
    """Refuse, before any run, a pool holding a value the scenario rejects.

    A numeric field's smallest and largest values are checked (the scenario's bounds
    are intervals), and each distinct level of a field of levels.

    Raises:
        ScenarioError: naming the field and what it expects.
    """
    for path, values in draws.columns.items():
        numbers = [v for v in values if not isinstance(v, str)]
        levels = sorted({v for v in values if isinstance(v, str)})
        for value in [*({min(numbers), max(numbers)} if numbers else ()), *levels]:
            load_scenario(set_path(base, path, value))


def write_policy_table(store: ResultStore, runs: pl.DataFrame, cells: Sequence[Cell]):
    """Write ``comparison.parquet``: each arm's measures, paired against ``none``."""
    table = summarise(runs.rename({"arm": "cell"}), len(cells), baseline=0)
    table = table.with_columns(policy=pl.Series([c.label for c in cells])).rename({"cell": "arm"})
    table = table.select(["policy", *[c for c in table.columns if c != "policy"]])
    table.write_parquet(store.root / "comparison.parquet")
    return table


def checked_spacing(base: Mapping[str, Any], cells: Sequence[Cell], points: int | None) -> float:
    """The trajectory grid spacing, with a bad point count reported as bad input."""
    try:
        return spacing_for(base, cells, points)
    except ValueError as exc:
        raise ScenarioError("--trajectory-points", [str(exc)]) from None


def write_trajectories(
    store: ResultStore,
    cells: Sequence[Cell],
    replicates: int,
    pair_on: Sequence[str],
    title: str,
    *,
    plot: bool,
    labels: pl.DataFrame | None = None,
    rename: dict[str, str] | None = None,
    also: Sequence[FigureJob] = (),
    executor: Any = None,
) -> dict[str, Any]:
    """Write ``trajectories.parquet`` labelled by policy, and its tables and figures.

    With ``plot``, the trajectory figures and those ``also`` lists are drawn on
    ``executor`` (default: this process), side by side where it has several workers.
    """
    from agi_economy.experiment.trajectory_plots import draw_figures, write_trajectory_outputs

    if labels is None:
        labels = pl.DataFrame({"cell": range(len(cells)), "policy": [c.label for c in cells]})
    rename = {"cell": "arm"} if rename is None else rename
    if store.write_trajectories(len(cells), replicates, labels, rename) is None:
        if plot:
            draw_figures(store.root, also, executor)
        return {"trajectories": {}}
    tables = write_trajectory_outputs(
        store.root, "policy", BASELINE, pair_on, title, plot=plot, also=also, executor=executor
    )
    return {"trajectories": tables}
