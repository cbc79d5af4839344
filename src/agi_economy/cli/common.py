"""What every command shares: consoles, bad-input errors and ``--set`` parsing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console, ConsoleDimensions

UNWRAPPED = 100_000
"""Width of output to a file or pipe: wide enough that no line is ever wrapped."""


class _Console(Console):
    """A console that fits a terminal, and never wraps what goes to a file or a pipe.

    Rich otherwise wraps at 80 columns (or at ``COLUMNS``, which some runners set to 80)
    when its stream is not a terminal, breaking paths and table rows in the middle.
    """

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._asked_width = kwargs.get("width")  # Rich also fills _width from COLUMNS

    @property
    def size(self) -> ConsoleDimensions:
        """The terminal's size, or an unbounded width when not writing to a terminal."""
        size = super().size
        if self.is_terminal or self._asked_width is not None:
            return size
        return ConsoleDimensions(UNWRAPPED, size.height)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        self._width, self._height = new_size


console = _Console(highlight=False)
err_console = _Console(stderr=True, highlight=False)


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
