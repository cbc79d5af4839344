"""``forecast``: an ensemble whose uncertain parameters are drawn from the evidence posterior."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from agi_economy.cli.app import app
from agi_economy.cli.common import BadInput
from agi_economy.cli.completion import complete_policy, complete_scenario
from agi_economy.cli.evidence import Draws, EvidenceFiles, Warmup, Without, _prior, _settings
from agi_economy.cli.experiment import (
    TRAJECTORY_POINTS,
    Checkpoint,
    Executor,
    Force,
    Resume,
    RetryFailed,
    Scheduler,
    Seed,
    Sets,
    Steps,
    TrajectoryPoints,
    Workers,
    _check_flags,
    _executor,
    _num,
    _overrides,
    _print,
    _running,
    _written,
    comparison_table,
)


def _cell(row: dict) -> str:
    if row["estimate"] is None:
        return "-"
    if row["low"] is None or row["high"] is None:
        return _num(row["estimate"])
    return f"{_num(row['estimate'])} [{_num(row['low'], 2)}, {_num(row['high'], 2)}]"


def _moved(row: dict) -> str:
    """'without: x, change: d [low, high]' for one measure of one arm."""
    if row["without_change"] is None:
        return "\n[dim]without: -[/dim]"
    change = "-" if row["difference"] is None else f"{row['difference']:+.3g}"
    if row["difference"] is not None and row["low"] is not None and row["high"] is not None:
        change += f" [{_num(row['low'], 2)}, {_num(row['high'], 2)}]"
    from agi_economy.evidence.forecast_delta import PAIRED_INTERVAL

    # a median's change is the median of the pairs' changes, not medians subtracted
    label = "change" if row["interval"] == PAIRED_INTERVAL["share"] else "median paired change"
    return f"\n[dim]without: {_num(row['without_change'])}, {label}: {escape(change)}[/dim]"


def forecast_view(frame, title: str, delta=None) -> Table:
    """Measures down, policy arms across: estimate [interval], and what the interval is.

    With ``delta`` (a forecast with the user's evidence) each cell also shows the value
    under the library alone and the paired difference with its interval.
    """
    arms = list(dict.fromkeys(frame["policy"].to_list()))
    table = Table(title=title, title_justify="left")
    table.add_column("measure", style="bold")
    table.add_column("interval", style="dim")
    for arm in arms:
        table.add_column(escape(arm), justify="right", no_wrap=True)
    first = frame.filter(frame["arm"] == 0)
    moved = (
        {(r["arm"], r["measure"]): r for r in delta.iter_rows(named=True)}
        if delta is not None
        else {}
    )  # by measure, not position: a varied field's shares have no paired difference
    for i, row in enumerate(first.iter_rows(named=True)):
        cells = []
        for arm_index in range(len(arms)):
            other = frame.filter(frame["arm"] == arm_index).row(i, named=True)
            n = f" (n={other['n']})" if other["n"] != first["n"].max() else ""
            cell = escape(_cell(other) + n)
            if (arm_index, other["measure"]) in moved:
                cell += _moved(moved[arm_index, other["measure"]])
            cells.append(cell)
        table.add_row(escape(row["measure"]), row["interval"], *cells)
    return table


@app.command("forecast")
def forecast_cmd(
    scenario: Annotated[
        str,
        typer.Argument(
            help="Built-in scenario name or a TOML file.", autocompletion=complete_scenario
        ),
    ],
    policy: Annotated[
        list[str] | None,
        typer.Option(
            "--policy",
            "-p",
            autocompletion=complete_policy,
            help="A policy arm to compare under the same draws (repeat).",
        ),
    ] = None,
    runs: Annotated[
        int, typer.Option("--runs", "-r", min=1, help="Runs per arm, each with its own draw.")
    ] = 200,
    years: Annotated[
        list[float] | None,
        typer.Option("--year", help="Report P(takeover) and P(superhuman) by this year (repeat)."),
    ] = None,
    evidence_files: EvidenceFiles = None,
    without: Without = None,
    posterior: Annotated[
        Path | None,
        typer.Option(help="Use the posterior saved in this 'evidence posterior' --out folder."),
    ] = None,
    posterior_seed: Annotated[
        int, typer.Option(min=0, help="Seed of the posterior's sampler.")
    ] = 0,
    parallelism: Annotated[
        float, typer.Option("--parallelism", help="lambda in k = lambda r.")
    ] = 1.0,
    compute_trend: Annotated[
        str | None,
        typer.Option(
            "--compute-trend",
            help="Where the drawn trend of training compute goes: spending (labs' compute "
            "follows it, the compute price keeps its own fall; the default), price (the "
            "price falls at the whole trend too) or none (not drawn).",
        ),
    ] = None,
    draws: Draws = 1000,
    warmup: Warmup = 500,
    executor: Executor = "process",
    workers: Workers = None,
    scheduler: Scheduler = None,
    out: Annotated[
        Path | None, typer.Option(help="Results folder (default: experiments/forecast-SCENARIO).")
    ] = None,
    seed: Seed = None,
    steps: Steps = None,
    sets: Sets = None,
    resume: Resume = False,
    force: Force = False,
    retry_failed: RetryFailed = False,
    checkpoint: Checkpoint = 5.0,
    trajectory_points: TrajectoryPoints = TRAJECTORY_POINTS,
    vary: Annotated[
        list[str] | None,
        typer.Option(
            "--vary",
            help="A dimension the evidence does not inform, as for sweep (repeat): "
            "agis.growth.rule=criticality@1,software_r@1 samples the growth rule too.",
        ),
    ] = None,
) -> None:
    """Forecast a scenario with its uncertain parameters drawn from the evidence posterior.

    Each run takes one draw of the posterior (the k of its growth rule and, where labs
    buy compute, the trend of training compute); run i of every
    policy arm has the same seed and draw, so arms are paired. Prints P(takeover),
    P(takeover) and P(superhuman) by year, both takeoff speeds and P(each regime), each
    with its interval. Writes what compare writes, forecast.parquet, and the posterior
    used (posterior_draws.parquet, posterior.json), so the forecast can be repeated.

    With --vary the growth rule (or another field) is sampled too, with weights, and
    each replicate keeps its rule in every arm.

    Example: agi-economy forecast foom --runs 200 --policy pause:above=1.5
    """
    from agi_economy.evidence.forecast import forecast

    if any(not (y > 0) or y != y or y == float("inf") for y in years or ()):
        raise BadInput("--year: expected a positive, finite number of years")
    out = out or Path("experiments") / f"forecast-{Path(scenario).stem}"
    _check_flags(resume, retry_failed)
    mapping = _settings(0.05, 0.5, parallelism, 1.0)
    prior = _prior(draws, warmup)
    overrides = _overrides(sets, steps)
    runner = _executor(executor, workers, scheduler)
    with _running(f"forecast {scenario}", runner) as progress:
        result = forecast(
            scenario,
            policy or [],
            out=out,
            replicates=runs,
            seed=seed,
            executor=runner,
            resume=resume,
            force=force,
            retry_failed=retry_failed,
            checkpoint=checkpoint,
            progress=progress,
            trajectory_points=trajectory_points,
            years=sorted(years) if years else None,
            evidence=evidence_files or (),
            without=without or (),
            mapping=mapping,
            prior=prior,
            posterior_seed=posterior_seed,
            posterior_from=posterior,
            vary=vary or (),
            compute_trend=compute_trend,
            **overrides,
        )
    targets = ", ".join(f"{p} <- {f}" for p, f in result.extra["targets"].items())
    title = (
        f"{scenario}: forecast, {runs} runs per arm, seed {result.experiment.seed}, "
        f"drawn from the posterior ({targets})"
    )
    delta = result.extra.get("delta")
    if delta is not None:
        title += "; beside each: the library alone, same seeds and draws, and the paired change"
    _print(forecast_view(result.extra["forecast"], title, delta))
    if policy:
        _print(
            comparison_table(
                result.table, "paired against none (same seeds, same draws)", ["policy"]
            )
        )
    _written(result.out)
