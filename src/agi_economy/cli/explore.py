"""Exploratory modelling commands: ``explore``, ``discover`` and ``robust``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from agi_economy.cli.app import app
from agi_economy.cli.common import console
from agi_economy.cli.completion import complete_policy, complete_scenario
from agi_economy.cli.experiment import (
    TRAJECTORY_POINTS,
    Checkpoint,
    Executor,
    Force,
    Replicates,
    Resume,
    RetryFailed,
    Scheduler,
    Seed,
    Sets,
    Steps,
    TrajectoryPoints,
    Workers,
    _executor,
    _interval,
    _num,
    _overrides,
    _print,
    _running,
    _written,
    comparison_table,
)


@app.command("explore")
def explore_cmd(
    scenario: Annotated[
        str,
        typer.Argument(
            help="Built-in scenario name or a TOML file.", autocompletion=complete_scenario
        ),
    ],
    uncertain: Annotated[
        list[str],
        typer.Option(
            help="An uncertainty and its range: key.path=low:high, low:high:log, or a,b,c (repeat)."
        ),
    ],
    policy: Annotated[
        list[str] | None,
        typer.Option(
            "--policy",
            "-p",
            autocompletion=complete_policy,
            help="A policy arm (repeat); the baseline 'none' is always run.",
        ),
    ] = None,
    samples: Annotated[
        int, typer.Option(min=1, help="Points sampled over the uncertainties.")
    ] = 64,
    design: Annotated[str, typer.Option(help="lhs (Latin hypercube), grid or sobol.")] = "lhs",
    replicates: Replicates = 4,
    executor: Executor = "process",
    workers: Workers = None,
    scheduler: Scheduler = None,
    out: Annotated[
        Path | None, typer.Option(help="Results folder (default: experiments/explore-SCENARIO).")
    ] = None,
    seed: Seed = None,
    steps: Steps = None,
    sets: Sets = None,
    resume: Resume = False,
    force: Force = False,
    retry_failed: RetryFailed = False,
    checkpoint: Checkpoint = 5.0,
    trajectory_points: TrajectoryPoints = TRAJECTORY_POINTS,
) -> None:
    """Run every policy at points sampled over the uncertainties, paired by seed.

    Writes runs.parquet (one row per run, the uncertain values included), points.parquet
    (per policy and point), comparison.parquet (per policy, pooled), the trajectories
    and their figures. Then: agi-economy discover DIR, agi-economy robust DIR.

    Example: agi-economy explore foom -p pause:above=2 -p rsi_gating
    --uncertain agis.growth.k=0.9:1.4 --uncertain containment.box_strength=0.5:4:log
    --samples 64 -r 4
    """
    from agi_economy.experiment.explore import explore

    out = out or Path("experiments") / f"explore-{Path(scenario).stem}"
    overrides = _overrides(sets, steps)
    runner = _executor(executor, workers, scheduler)
    with _running(f"explore {scenario}", runner) as progress:
        result = explore(
            scenario,
            policy or [],
            uncertain,
            out=out,
            samples=samples,
            design=design,
            replicates=replicates,
            seed=seed,
            executor=runner,
            resume=resume,
            force=force,
            retry_failed=retry_failed,
            checkpoint=checkpoint,
            progress=progress,
            trajectory_points=trajectory_points,
            **overrides,
        )
    points = result.extra["points"]["point"].n_unique()
    title = (
        f"{scenario}: {points} points x {replicates} replicates per policy, pooled over the "
        f"points, seed {result.experiment.seed}"
    )
    _print(comparison_table(result.table, title, ["policy"]))
    _written(result.out)


@app.command("discover")
def discover_cmd(
    folder: Annotated[Path, typer.Argument(help="An exploration's results folder.")],
    outcome: Annotated[
        str, typer.Option(help="takeover, escape, or a numeric column of runs.parquet.")
    ] = "takeover",
    policy: Annotated[str, typer.Option(help="The explored policy whose runs are searched.")] = (
        "none"
    ),
    method: Annotated[str, typer.Option(help="prim, or cart (a classification tree).")] = "prim",
    threshold: Annotated[
        float | None, typer.Option(help="For a numeric outcome: the value it must exceed.")
    ] = None,
    below: Annotated[bool, typer.Option(help="A numeric outcome happens below --threshold.")] = (
        False
    ),
    density: Annotated[float, typer.Option(help="Least density of a reported box.")] = 0.5,
    min_coverage: Annotated[
        float, typer.Option(help="PRIM reports the densest box with at least this coverage.")
    ] = 0.5,
    mass_min: Annotated[float, typer.Option(help="Least share of runs a box keeps.")] = 0.05,
    boxes: Annotated[int, typer.Option(min=1, help="Most boxes to find.")] = 1,
) -> None:
    """Scenario discovery: the boxes of uncertain values where an outcome is likely.

    Prints each box's limits with quasi-p values, coverage, density and restricted
    dimensions, and the feature scores; writes tables, peeling.png and box_limits.png.

    Example: agi-economy discover experiments/explore-foom --outcome takeover --policy none
    """
    from agi_economy.experiment.discovery import discover

    result = discover(
        folder, outcome, policy=policy, method=method, threshold=threshold, below=below,
        density=density, min_coverage=min_coverage, mass_min=mass_min, boxes=boxes,
    )  # fmt: skip
    console.print(
        f"{result.outcome} under {escape(result.policy)}: {result.cases} runs, "
        f"{result.base_rate:.3g} of them with the outcome ({result.method.upper()})"
    )
    if result.stats.height == 0:
        console.print(f"no box reaches density {density:g}")
    for box in result.stats.iter_rows(named=True):
        table = Table(
            title=(
                f"box {box['box']}: coverage {box['coverage']:.3g}, density {box['density']:.3g}, "
                f"mass {box['mass']:.3g}, {box['res_dim']} restricted, {box['k']} of "
                f"{box['n']} runs inside with the outcome"
            ),
            title_justify="left",
        )
        for name in ("uncertainty", "low", "high", "explored range", "quasi-p low", "quasi-p high"):
            table.add_column(name, justify="left" if name == "uncertainty" else "right")
        limits = result.limits.filter(pl_box(box["box"]))
        for row in limits.iter_rows(named=True):
            table.add_row(
                escape(row["uncertainty"]) + ("" if row["restricted"] else " (free)"),
                _num(row["low"]) if row["low"] != row["full_low"] else "-",
                _num(row["high"]) if row["high"] != row["full_high"] else "-",
                _range(row),
                _num(row["qp_low"], 2),
                _num(row["qp_high"], 2),
            )
        _print(table)
    if result.features.height:
        scores = Table(title="feature scores (extra trees)", title_justify="left")
        scores.add_column("uncertainty")
        scores.add_column("score", justify="right")
        for row in result.features.iter_rows(named=True):
            scores.add_row(escape(row["uncertainty"]), _num(row["score"]))
        _print(scores)


def _range(row: dict) -> str:
    """The uncertainty's declared range, else the range its runs span."""
    low, high = row.get("range_low"), row.get("range_high")
    if low is None or high is None:
        low, high = row["full_low"], row["full_high"]
    return f"{_num(low)} - {_num(high)}"


def pl_box(number: int):
    """The rows of box ``number``."""
    import polars as pl

    return pl.col("box") == number


@app.command("robust")
def robust_cmd(
    folder: Annotated[Path, typer.Argument(help="An exploration's results folder.")],
    outcome: Annotated[
        str, typer.Option(help="takeover, escape, or a numeric column of runs.parquet.")
    ] = "takeover",
    maximize: Annotated[bool, typer.Option(help="More of the outcome is better.")] = False,
    threshold: Annotated[float, typer.Option(help="Satisficing threshold per point.")] = 0.1,
    percentile: Annotated[float, typer.Option(help="High percentile of the bad tail.")] = 90.0,
    resamples: Annotated[int, typer.Option(min=1, help="Bootstrap resamples.")] = 1000,
) -> None:
    """Rank the explored policies by expected outcome, a percentile, regret, satisficing.

    Intervals are 95% paired bootstraps over replicates. Writes robust.parquet,
    robust_points.parquet and robust.png.

    Example: agi-economy robust experiments/explore-foom --threshold 0.1
    """
    from agi_economy.experiment.robust import robust

    result = robust(
        folder, outcome, maximize=maximize, threshold=threshold, percentile=percentile,
        resamples=resamples,
    )  # fmt: skip
    points = result.values["point"].n_unique()
    table = Table(
        title=f"{outcome}: {points} explored points, policies by minimax regret (95% CI)",
        title_justify="left",
    )
    good = ">" if maximize else "<"
    tail = 100 - percentile if maximize else percentile
    headers = ("rank", "policy", "expected", f"p{tail:g}", "max regret",
               f"share {good} {threshold:g}")  # fmt: skip
    for name in headers:
        table.add_column(name, justify="left" if name == "policy" else "right", no_wrap=True)
    for row in result.table.iter_rows(named=True):
        table.add_row(
            str(row["rank_regret"]),
            escape(row["policy"]),
            *(_interval(row, m) for m in ("expected", "percentile", "max_regret", "satisficing")),
        )
    _print(table)
    _written(Path(folder))
