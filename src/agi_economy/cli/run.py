"""Headless commands: ``scenarios``, ``validate`` and ``run``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from agi_economy.cli.app import app
from agi_economy.cli.common import BadInput, console, err_console, parse_sets
from agi_economy.cli.completion import complete_policy, complete_scenario
from agi_economy.limits import MAX_STEPS, SEED_MAX

SUMMARY_ROWS = (
    ("takeover", "takeover"),
    ("takeover_year", "takeover (year)"),
    ("max_intelligence", "max intelligence"),
    ("k_hat", "k (estimated)"),
    ("input_growth", "input growth (/year)"),
    ("regime", "regime"),
    ("bostrom_takeoff_years", "Bostrom takeoff (years)"),
    ("christiano_slow", "Christiano slow takeoff"),
    ("n_agis", "AGIs trained"),
    ("n_misaligned", "misaligned AGIs"),
    ("n_escapes", "escapes"),
    ("n_shutdowns", "shutdowns"),
    ("final_power_share_humans", "power: people"),
    ("final_power_share_labs", "power: labs"),
    ("final_power_share_aligned_agi", "power: aligned AGIs"),
    ("final_power_share_misaligned_agi", "power: misaligned AGIs"),
    ("final_human_wealth_gini", "Gini of people's wealth"),
)


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def summary_table(summary: dict[str, Any]) -> Table:
    """The run summary as a two-column table."""
    table = Table(show_header=False)
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, label in SUMMARY_ROWS:
        table.add_row(label, _fmt(summary.get(key)))
    return table


@app.command("scenarios")
def scenarios() -> None:
    """List the built-in worlds with their descriptions.

    Example: agi-economy scenarios
    """
    from agi_economy.files import builtin_dir, builtin_names

    table = Table(show_lines=True)
    table.add_column("name", style="bold")
    table.add_column("description")
    for name in builtin_names():
        table.add_row(name, " ".join(_description(builtin_dir() / f"{name}.toml").split()))
    console.print(table)
    console.print(f"files in {builtin_dir()}")


def _description(path: Path) -> str:
    """A built-in's ``meta.description``, read from its file without the schema (pydantic).

    A file that extends another or states no description is loaded in full, so the
    inherited or default description is the one shown.
    """
    import tomllib

    from agi_economy.files import MAX_SCENARIO_BYTES, read_text_bounded

    raw = tomllib.loads(read_text_bounded(path, MAX_SCENARIO_BYTES))
    meta = raw.get("meta", {})
    if "extends" in raw or not isinstance(meta.get("description"), str):
        from agi_economy.scenario.loader import raw_scenario, validate

        return validate(raw_scenario(path)[0], path.stem).meta.description
    return meta["description"]


@app.command("validate")
def validate_files(
    files: Annotated[list[Path], typer.Argument(help="Scenario TOML files to check.")],
) -> None:
    """Check scenario files and report every problem found, not only the first.

    Exits 0 when every file is valid, 2 otherwise.

    Example: agi-economy validate scenarios/foom.toml my_world.toml
    """
    from agi_economy.scenario import ScenarioError
    from agi_economy.scenario.loader import raw_scenario, validate

    bad = 0
    for path in files:
        try:
            raw, label = raw_scenario(path)
            validate(raw, str(path))
        except ScenarioError as exc:
            bad += 1
            err_console.print(f"[red]invalid[/red] {exc.source}", highlight=False)
            for problem in exc.problems:
                err_console.print(f"  {problem}", markup=False)
        else:
            console.print(f"[green]ok[/green] {path}")
    if bad:
        raise typer.Exit(2)


def resolve(scenario: str, sets: list[str] | None, policies: list[str] | None):
    """Load a scenario with ``--set`` overrides and ``--policy`` additions applied."""
    from agi_economy.scenario.loader import apply_overrides, raw_scenario, validate

    raw, label = raw_scenario(scenario)
    overrides = parse_sets(sets)
    if overrides:
        raw = apply_overrides(raw, overrides)
        label = f"{label} (with --set)"
    if policies:
        from agi_economy.policies import parse_policy_spec

        added = [parse_policy_spec(spec) for spec in policies]
        raw = {**raw, "policies": [*raw.get("policies", ()), *added]}
    return validate(raw, label)


@app.command("run")
def run(
    scenario: Annotated[
        str,
        typer.Argument(
            help="Built-in scenario name (see `scenarios`) or a TOML file.",
            autocompletion=complete_scenario,
        ),
    ] = "slow_takeoff",
    steps: Annotated[
        int | None,
        typer.Option(min=0, max=MAX_STEPS, help="Steps to run (default: the scenario's)."),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(
            min=0, max=SEED_MAX, help="Seed fixing the run (default: scenario's or fresh)."
        ),
    ] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option(
            "--set", help="Override a field by dotted path, e.g. --set agis.growth.k=0.8 (repeat)."
        ),
    ] = None,
    policies: Annotated[
        list[str] | None,
        typer.Option(
            "--policy",
            "-p",
            autocompletion=complete_policy,
            help="Add a policy, e.g. --policy audit_mandate:rate=0.5 (repeatable).",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Folder for steps/agents/events Parquet, summary.json, scenario.toml, plots."
        ),
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print the summary as JSON (as in summary.json), no table."),
    ] = False,
) -> None:
    """Run one scenario headlessly, print its summary and optionally write its outputs.

    Example: agi-economy run foom --steps 60 --seed 7 --set agis.growth.k=1.2 --out runs/foom
    """
    from agi_economy.run import simulate

    cfg = resolve(scenario, sets, policies)
    total = steps if steps is not None else cfg.meta.steps
    with Progress(
        TextColumn(f"{cfg.meta.name}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        disable=not err_console.is_terminal,
        transient=True,
    ) as bar:
        task = bar.add_task("run", total=total)
        result = simulate(
            cfg, steps=steps, seed=seed, progress=lambda done, _: bar.update(task, completed=done)
        )
    s = result.summary
    if as_json:
        import json

        from agi_economy.provenance import provenance

        typer.echo(json.dumps({**s, "provenance": provenance()}, indent=2, allow_nan=False))
    else:
        title = (
            f"{cfg.meta.name}  seed {s['seed']}  {s['steps_run']} steps "
            f"({s['horizon_years']:g} years)"
        )
        console.print(title, markup=False)
        console.print(summary_table(result.summary))
    if out is not None:
        from agi_economy.outputs import OutputError, staged_folder, write_run
        from agi_economy.plots import run_figures

        try:
            with staged_folder(out) as stage:
                written = [*write_run(result, stage), *run_figures(result, stage)]
        except OutputError as exc:
            raise BadInput(str(exc)) from None
        report = err_console if as_json else console  # stdout stays one JSON document
        report.print(f"wrote {len(written)} files to {out}: " + ", ".join(p.name for p in written))
