"""The Typer application every command module registers with."""

from __future__ import annotations

import typer
import typer.core

_NAMES = {"str": "TEXT", "int": "INTEGER", "float": "NUMBER", "path": "PATH", "bool": "BOOLEAN"}


def _readable_type(param: typer.core.TyperOption, ctx: typer.Context) -> str | None:
    """The type column of ``--help`` in click's words (``TEXT``, ``PATH``); none for a flag.

    Typer 0.29 shows Python annotations (``<bool>``, ``<list[str]>``), which read as
    code rather than as what to type; a repeatable option says so in its help.
    """
    if getattr(param, "is_flag", False):
        return None
    if param.metavar is not None:
        return param.metavar
    label = typer.core.TyperOption.display_type(param, ctx).strip("<>")
    if label.startswith("list[") and label.endswith("]"):
        label = label[5:-1]
    label = label.removesuffix(" range")
    return _NAMES.get(label, label if "|" in label else label.upper())


for _kind in (typer.core.TyperOption, typer.core.TyperArgument):
    _kind.display_type_rich = _readable_type  # the rich help panels read this

app = typer.Typer(
    name="agi-economy",
    help="Simulate a multi-AGI economy: recursive self-improvement, containment, power, policy.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion (Typer's)
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


def _show_version(value: bool) -> None:
    if value:
        from agi_economy import __version__

        typer.echo(f"agi-economy {__version__}")
        raise typer.Exit(0)


@app.callback()
def _options(
    version: bool = typer.Option(
        False,
        "--version",
        callback=_show_version,
        is_eager=True,
        help="Print the version and exit.",
    ),
) -> None:
    """Simulate a multi-AGI economy: recursive self-improvement, containment, power, policy."""
