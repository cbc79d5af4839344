"""Console output fits its width and never loses text: tables wrap and fold, words stay whole."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st
from rich.table import Table
from rich.text import Text

from agi_economy.cli import main
from agi_economy.cli.console import FittingConsole, piped_width
from agi_economy.policies import POLICIES
from tests.tables import column_texts, squash

word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_./0123456789", min_size=1, max_size=60)
cell = st.lists(word, min_size=0, max_size=12).map(" ".join)


def _render(renderable, width: int, **kwargs) -> str:
    out = io.StringIO()
    FittingConsole(file=out, width=width, highlight=False).print(renderable, **kwargs)
    return out.getvalue()


@given(
    st.integers(min_value=1, max_value=5).flatmap(
        lambda n: st.tuples(
            st.lists(st.booleans(), min_size=n, max_size=n),
            st.lists(st.lists(cell, min_size=n, max_size=n), min_size=1, max_size=6),
        )
    ),
    st.integers(min_value=40, max_value=160),
)
def test_a_table_fits_the_width_and_keeps_every_character(columns, width):
    """Any table, with no-wrap columns and words longer than a column, fits and loses nothing."""
    no_wrap, rows = columns
    table = Table()
    for i, flag in enumerate(no_wrap):
        table.add_column(f"c{i}", no_wrap=flag)
    for row in rows:
        table.add_row(*(Text(text) for text in row))
    out = _render(table, width)
    assert max(len(line) for line in out.splitlines()) <= width
    assert "…" not in out
    assert column_texts(out) == [
        "".join(squash(row[i]) for row in rows) for i in range(len(no_wrap))
    ]


@given(st.lists(word, min_size=1, max_size=40).map(" ".join), st.integers(20, 120))
def test_piped_text_wraps_at_spaces_and_never_breaks_a_word(text, width):
    """A piped message fits the width at spaces; only a word longer than it runs over."""
    out = _render(text, width, markup=False)
    lines = out.splitlines()
    assert " ".join(" ".join(lines).split()) == text
    for line in lines:
        assert len(line) <= width or max(len(w) for w in line.split()) > width


def test_piped_width_is_columns_else_a_readable_page():
    """Output to a pipe fits COLUMNS when it is a positive number, else 100 columns."""
    assert piped_width({}) == 100
    assert piped_width({"COLUMNS": "72"}) == 72
    assert piped_width({"COLUMNS": "0"}) == 100
    assert piped_width({"COLUMNS": "wide"}) == 100


def test_policies_table_fits_a_pipe_and_keeps_every_description(capsys, monkeypatch):
    """`policies` piped: no line over 100 columns, every name and description whole."""
    monkeypatch.delenv("COLUMNS", raising=False)
    assert main(["policies"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 100
    first = out[: out.index("Trigger measures")]
    names, _, does = column_texts(first)
    assert names == "".join(POLICIES)
    assert does == squash("".join(cls.description for cls in POLICIES.values()))
