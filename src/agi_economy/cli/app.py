"""The Typer application every command module registers with."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="agi-economy",
    help="Simulate a multi-AGI economy: recursive self-improvement, containment, power, policy.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
