"""Model checks: ``validate-model`` (the validation table) and ``estimate-k`` (k per AGI)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from agi_economy.cli.app import app
from agi_economy.cli.common import BadInput, console, err_console


@app.command("validate-model")
def validate_model(
    groups: Annotated[
        list[str] | None,
        typer.Option(
            "--group",
            help="Only this group (repeatable): criticality, continuous, few-shot, "
            "chinchilla, takeoff, k estimator, published.",
        ),
    ] = None,
) -> None:
    """Check the simulator against published and closed-form results; print the table.

    Each case names its source and the kind of its reference: external (a published
    value, or a closed form or second method independent of the code), transcription
    (the code's formula typed again), identity (an algebraic identity) or internal
    (two parts of the code agree). Exits 1 if any case fails.

    Example: agi-economy validate-model --group chinchilla
    """
    from agi_economy.validation import cases, counts_line, run_cases
    from agi_economy.validation.references import REFERENCES

    try:
        selected = cases(groups)
    except ValueError as exc:
        raise BadInput(f"--group: {exc}") from None
    start = time.perf_counter()
    results = run_cases(selected)
    seconds = time.perf_counter() - start
    table = Table(
        title="validation against published and closed-form results", title_justify="left"
    )
    table.add_column("case [dim](source)[/dim]", overflow="fold", ratio=3)
    table.add_column("kind", no_wrap=True)
    table.add_column("expected", overflow="fold", ratio=2)
    table.add_column("got", overflow="fold", ratio=2)
    table.add_column("pass", no_wrap=True)
    group = None
    for case, outcome in results:
        if case.group != group:
            group = case.group
            table.add_row(f"[bold]{group}[/bold]", "", "", "", "", end_section=False)
        mark = "[green]pass[/green]" if outcome.passed else "[bold red]FAIL[/bold red]"
        name = f"{escape(case.name)} [dim]({escape(case.source)})[/dim]"
        table.add_row(name, case.kind, escape(outcome.expected), escape(outcome.got), mark)
    console.print(table)
    console.print(counts_line([case for case, _ in results]), markup=False)
    cited = sorted({part for case, _ in results for part in case.source.split("; ")})
    console.print("[bold]sources[/bold]")
    for key in cited:
        console.print(f"  {escape(key)}: {escape(REFERENCES.get(key, '?'))}", highlight=False)
    failed = [case.name for case, outcome in results if not outcome.passed]
    passed = len(results) - len(failed)
    console.print(f"{passed}/{len(results)} cases passed in {seconds:.1f} s")
    if failed:
        err_console.print(f"failed: {'; '.join(failed)}", markup=False)
        raise typer.Exit(1)


def _read_run(run_dir: Path):
    """The agent frame, intelligence cap, step length [months] and summary of a run folder.

    The folder is one ``run --out`` wrote; without its scenario, the schema's defaults.
    """
    import polars as pl

    from agi_economy.scenario import ScenarioError, load_scenario
    from agi_economy.scenario.schema import GrowthConfig, MetaConfig

    if not run_dir.is_dir():
        raise BadInput(
            f"RUN_DIR: no such folder {run_dir} (write one with: agi-economy run SCENARIO "
            f"--out {run_dir})"
        )
    frame_path = run_dir / "agents.parquet"
    if not frame_path.is_file():
        raise BadInput(
            f"RUN_DIR: {frame_path} not found (agi-economy run SCENARIO --out DIR writes it)"
        )
    try:
        agents = pl.read_parquet(frame_path)
    except Exception as exc:  # noqa: BLE001  -- any unreadable file is bad input
        raise BadInput(f"{frame_path}: not a readable Parquet file ({exc})") from None
    cap = GrowthConfig().intelligence_cap
    months = MetaConfig.model_fields["months_per_step"].default
    scenario_path = run_dir / "scenario.toml"
    if scenario_path.is_file():
        try:
            scenario = load_scenario(scenario_path)
            cap, months = scenario.agis.growth.intelligence_cap, scenario.meta.months_per_step
        except ScenarioError as exc:
            err_console.print(
                f"warning: {exc}; using the default cap and step length", markup=False
            )
    summary_path = run_dir / "summary.json"
    summary = None
    if summary_path.is_file():
        try:
            summary = json.loads(summary_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            summary = None
    return agents, cap, months, summary


def _fmt(value, digits: int = 4) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}g}"
    return str(value)


_FIGURE_NAME = "k_gains.png"
_FIGURE_FORMATS = (".png", ".pdf", ".svg")


def _figure_path(out: Path | None, run_dir: Path) -> Path:
    """Where ``estimate-k`` writes its figure: a file, or k_gains.png inside a folder.

    ``--out`` names a folder when it is one already or has no suffix (``--out figs``);
    the figure then goes inside it, never beside it as ``figs.png``.

    Raises:
        BadInput: ``--out`` names a file of a format the figure cannot take.
    """
    if out is None:
        return run_dir / _FIGURE_NAME
    if out.is_dir() or not out.suffix:
        return out / _FIGURE_NAME
    if out.suffix.lower() not in _FIGURE_FORMATS:
        raise BadInput(
            f"--out: expected a folder or a file ending in {', '.join(_FIGURE_FORMATS)} (got {out})"
        )
    return out


@app.command("estimate-k")
def estimate_k_command(
    run_dir: Annotated[Path, typer.Argument(help="Folder written by `agi-economy run --out`.")],
    out: Annotated[
        Path | None,
        typer.Option(
            help="Figure file, or a folder to write k_gains.png in (default: RUN_DIR/k_gains.png)."
        ),
    ] = None,
    method: Annotated[
        str, typer.Option(help="ratio (noise in the process) or trend (noise on each gain).")
    ] = "ratio",
    level: Annotated[float, typer.Option(help="Coverage of the intervals.")] = 0.95,
) -> None:
    """Estimate k per AGI of a finished run, with its interval and regime; plot successive gains.

    Reads RUN_DIR/agents.parquet. k is the returns on reinvested intelligence per RSI
    iteration, from successive per-step gains (the research post's central parameter).
    Columns: I is the AGI's last recorded intelligence, n the log ratios (ratio) or
    gains (trend) behind its estimate.

    Example: agi-economy run foom --out runs/foom && agi-economy estimate-k runs/foom
    """
    from agi_economy.analysis import METHODS, k_by_agent, pooled_k, successive_gains
    from agi_economy.k_plot import successive_gains_figure

    if method not in METHODS:
        raise BadInput(f"--method: expected one of {', '.join(METHODS)} (got {method!r})")
    if not 0.0 < level < 1.0:
        raise BadInput(f"--level: must lie strictly between 0 and 1 (got {level})")
    path = _figure_path(out, run_dir)
    agents, cap, months, summary = _read_run(run_dir)
    try:
        per_agent = k_by_agent(agents, level, method, cap)
        pooled = pooled_k(agents, level, cap)
        pairs = successive_gains(agents, cap)
    except ValueError as exc:
        raise BadInput(f"{run_dir / 'agents.parquet'}: {exc}") from None
    pct = f"{level:.0%}"
    table = Table(
        title=f"k per AGI ({method}, {pct} intervals)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    runs = "seed" in per_agent.columns and per_agent["seed"].n_unique() > 1
    columns = ["seed"] if runs else []
    columns += ["AGI", "lab", "aligned", "status", "I", "n", "k", f"{pct} interval", "regime"]
    for name in columns:
        left = name in ("status", "regime", f"{pct} interval")
        table.add_column(name, justify="left" if left else "right", no_wrap=True)
    for row in per_agent.iter_rows(named=True):
        interval = "-" if row["k_low"] is None else f"[{row['k_low']:.4g}, {row['k_high']:.4g}]"
        aligned = {True: "yes", False: "no"}.get(row["aligned"], "-")
        cells = [_fmt(row["seed"])] if runs else []
        cells += [
            str(row["agent_id"]),
            _fmt(row["lab_id"]),
            aligned,
            row["status"],
            _fmt(row["intelligence"]),
            str(row["n"]),
            _fmt(row["k_hat"]),
            interval,
            row["regime"],
        ]
        table.add_row(*cells)
    console.print(table)
    interval = "-" if pooled.low is None else f"[{pooled.low:.4g}, {pooled.high:.4g}]"
    console.print(
        f"all AGIs (ratio, pooled): k = {_fmt(pooled.k)}, {pct} interval {interval}, "
        f"{pooled.regime}, {pooled.n} ratios"
    )
    if summary is not None and summary.get("k_hat") is not None and pooled.k is not None:
        same = abs(summary["k_hat"] - pooled.k) <= 1e-9 * abs(pooled.k)
        verb = "matches" if same else "differs from"
        console.print(f"{verb} the run summary: k_hat = {_fmt(summary['k_hat'])}")
        if not same:
            console.print(
                "  (a rollback restarts the summary's chain of gains, which the agent "
                "frame cannot show)"
            )
    if pooled.n == 0 and agents.height:
        steps = agents["step"].unique().sort()
        if steps.len() > 1 and int(steps.diff().drop_nulls().min()) > 1:
            err_console.print(
                "note: the agent frame skips steps (output.agent_every > 1); k needs every step"
            )
    title = f"{run_dir.name}"
    try:
        successive_gains_figure(pairs, per_agent, pooled, path, title, months)
    except OSError as exc:
        raise BadInput(f"--out: cannot write {path} ({exc.strerror or exc})") from None
    console.print(f"wrote {path}")
