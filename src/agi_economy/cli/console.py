"""The consoles every command prints through: tables that fit and never lose text.

On a terminal, output fits the terminal's width. Written to a file or a pipe, it fits
``COLUMNS`` when that is set, else :data:`PIPED_WIDTH`. Table cells wrap at spaces, and
a word longer than its column folds onto the next line instead of being cut with an
ellipsis, so every character of every cell is printed. Plain messages written to a file
or pipe wrap at spaces too but never inside a word, so a long path stays whole and can
be copied (a line runs over the width only for a word longer than the width); error
messages are printed on one line (see :func:`print_error`).
"""

from __future__ import annotations

import os
import re
from typing import Any

from rich.console import Console, ConsoleDimensions
from rich.table import Table
from rich.text import Text

PIPED_WIDTH = 100
"""Width of output to a file or pipe when ``COLUMNS`` is not set: a readable page."""


def piped_width(environ: dict[str, str] | os._Environ[str] = os.environ) -> int:
    """The width of output to a file or pipe: ``COLUMNS`` if it is a positive number."""
    columns = environ.get("COLUMNS", "").strip()
    return int(columns) if columns.isdigit() and int(columns) > 0 else PIPED_WIDTH


def fit(table: Table) -> Table:
    """Let every column of ``table`` (and of tables in its cells) wrap and fold, never cut."""
    for column in table.columns:
        column.no_wrap = False
        column.overflow = "fold"
        for cell in column.cells:
            if isinstance(cell, Table):
                fit(cell)
    return table


def _plain(console: Console, cell: Any) -> str | None:
    """The text of a cell as printed (markup removed), or None for a nested renderable."""
    if isinstance(cell, Text):
        return cell.plain
    if isinstance(cell, str):
        return console.render_str(cell).plain
    return None


SHORT = 20
"""A cell line at most this long (a name, a number and its interval) is kept whole if it can."""


def allot(table: Table, console: Console, width: int) -> None:
    """Share ``width`` among the columns of a table too wide for it, keeping short lines whole.

    Rich shrinks the widest columns first, folding a short name in a narrow column while
    a wide one has room. Here each column first gets its longest line if that is short
    (:data:`SHORT`: names, numbers, intervals), else its longest word; failing that,
    its longest word; the room left is shared in proportion to what each still lacks of
    its longest line, so only long text wraps. If not even the words fit, Rich folds.
    """
    texts = []
    for column in table.columns:
        cells = [_plain(console, c) for c in (column.header, *column.cells)]
        if any(c is None for c in cells):
            return  # a nested table: Rich measures it
        texts.append(cells)
    words = [max((len(w) for c in cells for w in c.split()), default=1) for cells in texts]
    lines = [max((len(ln) for c in cells for ln in c.splitlines()), default=1) for cells in texts]
    pads = sum(table._get_padding_width(i) for i in range(len(words)))
    room = width - table._extra_width - pads
    if sum(lines) <= room:
        return
    whole = [line if line <= SHORT else word for line, word in zip(lines, words, strict=True)]
    for least in (whole, words):
        if sum(least) <= room:
            spare = room - sum(least)
            lacks = [line - low for line, low in zip(lines, least, strict=True)]
            total = sum(lacks) or 1
            for column, low, lack in zip(table.columns, least, lacks, strict=True):
                column.width = low + spare * lack // total
            return


class FittingConsole(Console):
    """A Rich console whose tables fit its width and keep all their text."""

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._asked_width = kwargs.get("width")

    @property
    def size(self) -> ConsoleDimensions:
        """The terminal's size, or the piped width (``COLUMNS`` read at each call)."""
        size = super().size
        if self.is_terminal or self._asked_width is not None:
            return size
        return ConsoleDimensions(piped_width(), size.height)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        self._width, self._height = new_size

    def print(self, *objects: Any, **kwargs: Any) -> None:
        """Print as Rich does, with tables fitted and piped words never broken or cropped."""
        objects = tuple(fit(o) if isinstance(o, Table) else o for o in objects)
        for table in objects:
            if isinstance(table, Table) and table.width is None:
                allot(table, self, kwargs.get("width") or self.width)
        piped_text = objects and all(isinstance(o, str) for o in objects)
        if self.is_terminal or not piped_text or kwargs.get("soft_wrap") is not None:
            super().print(*objects, **kwargs)
            return
        markup, highlight = kwargs.pop("markup", None), kwargs.pop("highlight", None)
        sep = kwargs.pop("sep", " ")
        text = Text(sep).join(
            self.render_str(o, markup=markup, highlight=highlight) for o in objects
        )
        for line in text.split("\n", allow_blank=True):
            for piece in line.divide(_breaks(line.plain, self.width)):
                piece.rstrip()
                super().print(piece, soft_wrap=True, **kwargs)


def _breaks(line: str, width: int) -> list[int]:
    """Offsets at which to break ``line`` at spaces into pieces of at most ``width``.

    A word longer than ``width`` is never split, nor moved to a line of its own (where
    it would not fit either): it stays after the words before it, so a path or an
    address in a message can still be copied whole, and ``wrote PATH`` stays one line.
    """
    breaks: list[int] = []
    start = 0
    for word in re.finditer(r"\S+", line):
        fits_alone = word.end() - word.start() <= width
        if word.end() - start > width and word.start() > start and fits_alone:
            breaks.append(word.start())
            start = word.start()
    return breaks


console = FittingConsole(highlight=False)
err_console = FittingConsole(stderr=True, highlight=False)


def print_error(message: str) -> None:
    """Print ``message`` to standard error on one line, unwrapped, as logs and grep expect."""
    err_console.print(message, markup=False, soft_wrap=True)
