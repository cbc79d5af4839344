"""Reading the tables the command line prints, whatever the width wrapped them to."""

from __future__ import annotations


def squash(text: str) -> str:
    """``text`` without any whitespace: what wrapping at any width leaves unchanged."""
    return "".join(text.split())


def column_texts(out: str, *, header: bool = False) -> list[str]:
    """The body (or header) text of each column of the box tables in ``out``, squashed.

    A cell wrapped onto several lines, or a word folded in two, reads back whole: the
    lines of a column are joined top to bottom and all whitespace is dropped. Body rows
    are drawn with light bars, header rows with heavy ones; rule lines are skipped.
    """
    bar = "┃" if header else "│"
    columns: list[str] = []
    for line in out.splitlines():
        stripped = line.strip()
        if not stripped.startswith(bar):
            continue
        parts = stripped.split(bar)[1:-1]
        columns += [""] * (len(parts) - len(columns))
        for i, part in enumerate(parts):
            columns[i] += squash(part)
    return columns
