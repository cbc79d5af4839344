"""What every command shares: consoles, bad-input errors and ``--set`` parsing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from agi_economy.cli.console import console, err_console

__all__ = ["BadInput", "console", "err_console", "parse_sets"]


class BadInput(ValueError):
    """A command-line value is invalid: the CLI exits with status 2 and this message."""


def parse_sets(items: Sequence[str] | None, option: str = "--set") -> dict[str, Any]:
    """Turn ``key.path=value`` strings into overrides; values are read as TOML."""
    from agi_economy.scenario import ScenarioError, parse_value  # pydantic: on use

    overrides: dict[str, Any] = {}
    problems = []
    for item in items or ():
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            problems.append(f"{item!r}: expected key.path=value, e.g. agis.growth.k=0.8")
            continue
        overrides[key] = parse_value(value.strip())
    if problems:
        raise ScenarioError(option, problems)
    return overrides
