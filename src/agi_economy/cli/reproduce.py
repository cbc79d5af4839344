"""``reproduce``: published models run as special cases, their figures beside ours."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from agi_economy.cli.app import app
from agi_economy.cli.common import BadInput, console, err_console


def reproduction_figure(name: str, title: str, figures):
    """Paper against ours with the tolerance band, one row per figure (two columns wide)."""
    import textwrap

    from agi_economy import palette, style

    fig = style.figure(style.DOUBLE, 0.45 * len(figures) + 1.4)
    ax = fig.add_subplot()
    rows = range(len(figures))
    log = all(f.paper > 0 for f in figures) and max(f.paper for f in figures) > 50
    for y, f in zip(rows, figures, strict=True):
        label = "tolerance" if y == 0 else None
        ax.plot([f.paper - f.tolerance, f.paper + f.tolerance], [y, y], color=palette.BAND_TEXT,
                alpha=0.35, lw=6, zorder=1, label=label)  # fmt: skip
    ax.scatter([f.paper for f in figures], rows, marker="|", s=300, color=palette.INK,
               zorder=2, label="paper")  # fmt: skip
    ours = [f.ours for f in figures]
    ax.scatter(ours, rows, marker="o", color=palette.arm_colour(0), zorder=3,
               label="agi-economy")  # fmt: skip
    ax.set_yticks(list(rows), [f.name for f in figures])
    if log:
        ax.set_xscale("log")
    ax.set_xlabel("value, in each row's own unit" + (" (log scale)" if log else ""))
    ax.invert_yaxis()
    ax.set_title(textwrap.fill(f"{name}: {title}", 100))
    ax.legend(loc="best")
    return style.finish(fig)


def _figure(name: str, title: str, figures, path: Path) -> None:
    """Write :func:`reproduction_figure` to ``path``."""
    from agi_economy import style

    reproduction_figure(name, title, figures).savefig(path, dpi=style.DPI)


@app.command("reproduce")
def reproduce_command(
    name: Annotated[
        str | None, typer.Argument(help="One reproduction (default: every one).")
    ] = None,
    draws: Annotated[int, typer.Option(help="Monte Carlo draws of the priors.")] = 4000,
    seed: Annotated[int, typer.Option(help="Seed of the sampling design.")] = 0,
    out: Annotated[Path, typer.Option(help="Folder for the comparison figures.")] = Path(
        "reproductions"
    ),
    as_json: Annotated[bool, typer.Option("--json", help="Print the numbers as JSON.")] = False,
    write: Annotated[
        Path | None,
        typer.Option("--write", help="Also rewrite the generated table of this file (README)."),
    ] = None,
) -> None:
    """Run published models as special cases of the simulator; print paper beside ours.

    Each reproduction is a built-in scenario (e.g. davidson_houlden) run through the
    simulator's own growth rules and sampling design. Exits 1 if a figure misses its
    tolerance.

    Example: agi-economy reproduce davidson_houlden --draws 10000
    """
    from agi_economy.validation.published import REPRODUCTIONS, reproduce

    if name is not None and name not in REPRODUCTIONS:
        raise BadInput(f"NAME: expected one of {', '.join(REPRODUCTIONS)} (got {name!r})")
    if draws < 1:
        raise BadInput(f"--draws: expected a positive integer (got {draws})")
    if seed < 0:
        raise BadInput(f"--seed: expected a non-negative integer (got {seed})")
    if write is not None and name is not None:
        raise BadInput(f"--write: the table holds every reproduction; give no NAME (got {name!r})")
    names = [name] if name is not None else list(REPRODUCTIONS)
    results = {n: reproduce(n, draws, seed) for n in names}
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(f"--out: cannot create {out} ({exc.strerror})") from None
    paths = {}
    for n, figures in results.items():
        paths[n] = out / f"{n}.png"
        _figure(n, REPRODUCTIONS[n].title, figures, paths[n])
    failed = [f"{n}: {f.name}" for n, fs in results.items() for f in fs if not f.passed]
    if write is not None:
        from agi_economy.validation.reproduction_table import markdown_table, replace_block

        try:
            text = write.read_text(encoding="utf-8")
            write.write_text(replace_block(text, markdown_table(results, draws, seed)), "utf-8")
        except (OSError, ValueError) as exc:
            raise BadInput(f"--write: {exc}") from None
    if as_json:
        payload = {
            n: {
                "title": REPRODUCTIONS[n].title,
                "scenario": REPRODUCTIONS[n].scenario,
                "draws": draws,
                "seed": seed,
                "figure": str(paths[n]),
                "figures": [f.as_dict() for f in figures],
            }
            for n, figures in results.items()
        }
        console.print_json(json.dumps(payload))
    else:
        for n, figures in results.items():
            table = Table(title=f"{n}: {REPRODUCTIONS[n].title}", title_justify="left")
            for column in ("figure", "paper", "ours", "tolerance", "pass", "source"):
                table.add_column(column, overflow="fold")
            for f in figures:
                mark = "[green]pass[/green]" if f.passed else "[bold red]FAIL[/bold red]"
                table.add_row(
                    escape(f.name),
                    f"{f.paper:.4g}",
                    f"{f.ours:.4g}",
                    f"±{f.tolerance:.3g}",
                    mark,
                    f"[dim]{escape(f.source)}[/dim]",
                )
            console.print(table)
            console.print(f"wrote {paths[n]}")
    if failed:
        err_console.print(f"outside tolerance: {'; '.join(failed)}", markup=False)
        raise typer.Exit(1)
