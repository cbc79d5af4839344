"""Experiment commands: ``compare`` (policy arms against ``none``) and ``sweep`` (designs)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from agi_economy.cli.app import app
from agi_economy.cli.common import BadInput, console, err_console, parse_sets
from agi_economy.cli.completion import complete_policy, complete_scenario
from agi_economy.limits import MAX_STEPS, SEED_MAX

if TYPE_CHECKING:
    import polars as pl

Executor = Annotated[
    str, typer.Option(help="Where runs execute: serial, process (all cores) or dask.")
]
Workers = Annotated[
    int | None, typer.Option(min=1, help="Processes or Dask workers (default: one per core).")
]
Scheduler = Annotated[
    str | None,
    typer.Option(
        help="Dask scheduler address tcp://host:port (default: DASK_SCHEDULER_ADDRESS, "
        "else a LocalCluster on 127.0.0.1)."
    ),
]
Replicates = Annotated[
    int, typer.Option("--replicates", "-r", min=1, help="Runs per arm (or point), paired by seed.")
]
Seed = Annotated[
    int | None,
    typer.Option(min=0, max=SEED_MAX, help="Experiment seed; replicate seeds are spawned from it."),
]
Steps = Annotated[
    int | None,
    typer.Option(min=0, max=MAX_STEPS, help="Steps per run (default: scenario's)."),
]
Sets = Annotated[
    list[str] | None,
    typer.Option("--set", help="Override a scenario field, e.g. --set humans.count=200 (repeat)."),
]
Resume = Annotated[
    bool, typer.Option(help="Complete an interrupted experiment in --out (missing runs only).")
]
Force = Annotated[bool, typer.Option(help="Delete what --out holds and start over.")]
RetryFailed = Annotated[bool, typer.Option(help="With --resume, run failed runs again.")]
Checkpoint = Annotated[
    float, typer.Option(min=0.0, help="Most seconds finished runs wait before being written.")
]
TrajectoryPoints = Annotated[
    int,
    typer.Option(
        min=0, help="Points of each run's kept trajectory on a calendar grid (0: keep none)."
    ),
]
TRAJECTORY_POINTS = 17  # agi_economy.experiment.trajectory.DEFAULT_POINTS, without importing it


def _executor(name: str, workers: int | None, scheduler: str | None):
    from agi_economy.experiment import ExecutorError, make_executor

    try:
        return make_executor(name, workers, scheduler)
    except ExecutorError as exc:
        raise BadInput(f"--executor: {exc}") from None


@contextlib.contextmanager
def _running(label: str, executor: Any) -> Iterator[Any]:
    """A progress bar on stderr, and the experiment's errors as bad input (exit 2)."""
    from agi_economy.experiment import StoreError
    from agi_economy.experiment.runner import ExperimentTooLarge

    err_console.print(f"{label} on {executor.describe()}", highlight=False)
    columns = (
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[failed]}"),
        TimeElapsedColumn(),
    )
    with Progress(
        *columns, console=err_console, disable=not err_console.is_terminal, transient=True
    ) as bar:
        task = bar.add_task("runs", total=None, failed="")

        def progress(done: int, total: int, failed: int) -> None:
            bar.update(
                task, completed=done, total=total, failed=f"{failed} failed" if failed else ""
            )

        try:
            yield progress
        except (StoreError, ExperimentTooLarge) as exc:
            raise BadInput(str(exc)) from None
        except KeyboardInterrupt:
            err_console.print("interrupted: finished runs are saved; add --resume to complete")
            raise
        finally:
            executor.close()


def _check_flags(resume: bool, retry_failed: bool) -> None:
    if retry_failed and not resume:
        raise BadInput(
            "--retry-failed: only with --resume (it reruns a stored experiment's failures)"
        )


def _overrides(sets: list[str] | None, steps: int | None) -> dict[str, Any]:
    overrides = parse_sets(sets)
    if steps is not None:
        overrides["meta.steps"] = steps
    return {k.replace(".", "__"): v for k, v in overrides.items()}


def _num(value: Any, digits: int = 3) -> str:
    if value is None:
        return "-"
    if abs(value) >= 1e4 or (value != 0 and abs(value) < 1e-3):
        return f"{value:.{digits - 1}e}"
    return f"{value:.{digits}g}"


def _outward(value: float, digits: int, rounding: str) -> float:
    """``value`` rounded to ``digits`` significant digits, down (ROUND_FLOOR) or up."""
    exact = Decimal(value)
    if not exact.is_finite() or exact.is_zero():
        return value
    return float(exact.quantize(Decimal(1).scaleb(exact.adjusted() - digits + 1), rounding))


def _interval(row: dict[str, Any], name: str, sep: str = " ") -> str:
    """A point and its interval, the bounds rounded outward so the printed point lies within.

    The point has three significant digits, the bounds two, rounded down and up: every
    number of two significant digits also has three, so a point inside its interval is
    printed inside its printed interval, and the printed interval holds the true one.
    ``sep`` goes between the point and its interval (a new line keeps columns narrow).
    """
    est, low, high = row.get(name), row.get(f"{name}_low"), row.get(f"{name}_high")
    if est is None:
        return "-"
    if low is None or high is None:
        return _num(est)
    low, high = _outward(low, 2, ROUND_FLOOR), _outward(high, 2, ROUND_CEILING)
    return f"{_num(est)}{sep}[{_num(low, 2)}, {_num(high, 2)}]"


COLUMNS = (
    ("takeover_probability", "P(takeover)"),
    ("median_takeover_year", "takeover year"),
    ("median_max_intelligence", "max I"),
    ("mean_human_power_share", "human power"),
    ("mean_output_growth", "output growth"),
)


def comparison_table(table: pl.DataFrame, title: str, key: list[str]) -> Table:
    """Each arm (or point): runs, the measures with 95% intervals, and paired differences."""
    out = Table(title=title, title_justify="left")
    for name in key:
        out.add_column(name, style="bold", overflow="fold")
    out.add_column("runs", justify="right")
    paired = "diff_takeover_probability" in table.columns
    out.add_column(f"{COLUMNS[0][1]}\n[95% CI]", justify="right")
    if paired:
        out.add_column("vs none,\npaired", justify="right")
    for _, label in COLUMNS[1:]:
        out.add_column(label, justify="right")
    for row in table.iter_rows(named=True):
        runs = f"{row['runs']}" + (f" ({row['failed']} failed)" if row["failed"] else "")
        cells = [_num(row[k]) if isinstance(row[k], float) else escape(str(row[k])) for k in key]
        cells += [runs, _interval(row, "takeover_probability", "\n")]
        if paired:
            cells.append(_interval(row, "diff_takeover_probability", "\n"))
        cells += [_interval(row, name, "\n") for name, _ in COLUMNS[1:]]
        out.add_row(*cells)
    return out


def _print(table: Table) -> None:
    """Print a wide table (the console never squeezes piped output into 80 columns)."""
    console.print(table)


def _written(out: Path) -> None:
    names = sorted(p.name for p in out.iterdir() if p.is_file() and not p.name.startswith("."))
    console.print(f"wrote {out}/: " + ", ".join(names), highlight=False)


@app.command("compare")
def compare_cmd(
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
            help="A policy arm NAME[:key=value,...] (repeat; join policies with +). "
            "The baseline 'none' is always included.",
        ),
    ] = None,
    replicates: Replicates = 32,
    executor: Executor = "process",
    workers: Workers = None,
    scheduler: Scheduler = None,
    out: Annotated[
        Path | None, typer.Option(help="Results folder (default: experiments/compare-SCENARIO).")
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
    """Compare policies with the baseline 'none' over paired replicates.

    Replicate i of every arm runs with the same seed, so differences are paired.
    Writes runs.parquet, comparison.parquet and comparison.png to --out, and each run's
    trajectory (trajectories.parquet) with fan.png, takeover_by_time.png and
    paired_trajectories.png (calendar years on the axis).

    Example: agi-economy compare foom --policy pause:above=1.5 --policy rsi_gating -r 64
    """
    from agi_economy.experiment import compare
    from agi_economy.experiment.summary import horizon_note

    out = out or Path("experiments") / f"compare-{Path(scenario).stem}"
    _check_flags(resume, retry_failed)
    overrides = _overrides(sets, steps)
    runner = _executor(executor, workers, scheduler)
    with _running(f"compare {scenario}", runner) as progress:
        result = compare(
            scenario,
            policy or [],
            out=out,
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
    seed_used = result.experiment.seed
    title = f"{scenario}: {replicates} replicates per arm, seed {seed_used}"
    title += horizon_note(result.table)
    _print(comparison_table(result.table, title, ["policy"]))
    _written(result.out)


@app.command("sweep")
def sweep_cmd(
    scenario: Annotated[
        str,
        typer.Argument(
            help="Built-in scenario name or a TOML file.", autocompletion=complete_scenario
        ),
    ],
    vary: Annotated[
        list[str],
        typer.Option(
            help="A parameter and its range: key.path=low:high, low:high:log, a,b,c or "
            "weighted a@2,b@1 (repeat). Policy parameters: policies.<i>.<key>."
        ),
    ],
    design: Annotated[str, typer.Option(help="grid, lhs or sobol.")] = "lhs",
    samples: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="grid: levels per parameter (5); lhs: points (32); sobol: base samples, "
            "a power of two (64), giving samples x (parameters + 2) points.",
        ),
    ] = None,
    replicates: Replicates = 8,
    policy: Annotated[
        list[str] | None,
        typer.Option(
            "--policy",
            "-p",
            autocompletion=complete_policy,
            help="A policy applied at every point (repeat).",
        ),
    ] = None,
    phase: Annotated[
        str | None, typer.Option(help="Two varied parameters for the phase plot: X,Y.")
    ] = None,
    executor: Executor = "process",
    workers: Workers = None,
    scheduler: Scheduler = None,
    out: Annotated[
        Path | None, typer.Option(help="Results folder (default: experiments/sweep-SCENARIO).")
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
    """Sweep parameters over a design, with paired replicates at every point.

    Writes runs.parquet, comparison.parquet (one row per point) and phase.png; a Sobol
    design adds sobol.parquet and sobol.png (first- and total-order indices).

    Example: agi-economy sweep foom --vary agis.growth.k=0.9:1.4
    --vary containment.box_strength=0.5:4 --design grid --samples 6 -r 16
    """
    from agi_economy.experiment import sweep

    axes = None
    if phase is not None:
        parts = [p.strip() for p in phase.split(",")]
        if len(parts) != 2:
            raise BadInput("--phase: expected two parameters X,Y")
        axes = (parts[0], parts[1])
    out = out or Path("experiments") / f"sweep-{Path(scenario).stem}"
    _check_flags(resume, retry_failed)
    overrides = _overrides(sets, steps)
    runner = _executor(executor, workers, scheduler)
    with _running(f"sweep {scenario}", runner) as progress:
        result = sweep(
            scenario,
            vary,
            out=out,
            design=design,
            samples=samples,
            replicates=replicates,
            seed=seed,
            policies=policy or [],
            phase=axes,
            executor=runner,
            resume=resume,
            force=force,
            retry_failed=retry_failed,
            checkpoint=checkpoint,
            progress=progress,
            trajectory_points=trajectory_points,
            **overrides,
        )
    _report_sweep(result, scenario, design, replicates)


def _report_sweep(result: Any, scenario: str, design: str, replicates: int) -> None:
    from agi_economy.experiment.summary import horizon_note

    extra = result.extra or {}
    for point, reason in extra.get("invalid_points", [])[:5]:
        err_console.print(f"point {point} is invalid, its runs are recorded as failed: {reason}")
    params = [c for c in result.table.columns[1 : result.table.columns.index("runs")]]
    shown = result.table.head(25)
    title = (
        f"{scenario}: {design} design, {result.table.height} points x {replicates} replicates, "
        f"seed {result.experiment.seed}" + horizon_note(result.table)
    )
    _print(comparison_table(shown, title, ["point", *params]))
    if result.table.height > shown.height:
        console.print(f"... {result.table.height - shown.height} more points in comparison.parquet")
    indices = extra.get("sobol")
    if indices is not None and indices.height:
        table = Table(title="Sobol indices (95% CI)", title_justify="left")
        for name in ("output", "parameter", "first order S1", "total order ST"):
            table.add_column(name, justify="left" if name in ("output", "parameter") else "right")
        for row in indices.iter_rows(named=True):
            table.add_row(
                row["output"],
                row["parameter"],
                _interval(row, "S1"),
                _interval(row, "ST"),
            )
        _print(table)
    for note in extra.get("notes", []):
        console.print(f"Sobol: {note}")
    _written(result.out)


@app.command("policies")
def policies_cmd() -> None:
    """List the policies, their parameters and the measures a trigger can test.

    Example: agi-economy policies
    """
    from agi_economy.policies import METRICS, POLICIES

    table = Table(title="Policies (-p NAME:key=value,...)", title_justify="left")
    for name in ("policy", "parameters (default)", "what it does"):
        table.add_column(name, style="bold" if name == "policy" else None)
    skip = {"name", "trigger", "enforcement"}
    for name, cls in POLICIES.items():
        fields = cls.model_fields
        params = ", ".join(f"{k}={_value(f.default)}" for k, f in fields.items() if k not in skip)
        table.add_row(name, params or "-", escape(cls.description))
    _print(table)
    console.print(
        "Every policy also takes enforcement=0..1 and trigger keys: from_month, until_month, "
        "when, latch, duration."
    )
    measures = Table(title="Trigger measures (when=METRIC>VALUE and ...)", title_justify="left")
    measures.add_column("measure", style="bold")
    measures.add_column("meaning")
    for name, meaning in METRICS.items():
        measures.add_row(name, escape(meaning))
    _print(measures)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return f"{value:g}" if isinstance(value, float) else str(value)
