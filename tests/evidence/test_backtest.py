import math
from pathlib import Path

import pytest

from agi_economy.evidence import builtin_sources
from agi_economy.evidence.backtest import (
    BacktestRow,
    coverage,
    iteration_backtest,
    markdown_table,
    read_block,
    replace_block,
    source_backtest,
)
from agi_economy.evidence.library import read_source
from agi_economy.evidence.mapping import to_datum

HERE = Path(__file__).parent
README = HERE.parents[1] / "README.md"


def test_a_geometric_curve_predicts_its_last_gain_at_the_centre():
    """Gains 4, 2, 1 predict 0.5 for the next: the interval's geometric centre is 0.5."""
    (row,) = iteration_backtest([read_source(HERE / "curve.toml")])
    assert row.held_out == "test_curve"
    assert row.trained_on == 3
    assert row.observed == pytest.approx(0.5, abs=1e-12)
    assert math.sqrt(row.low * row.high) == pytest.approx(0.5, rel=1e-9)
    assert row.covered


def test_coverage_counts_hits_per_family():
    """Two rows in one family, one covered: coverage 1/2."""
    rows = [
        BacktestRow("f", "year", "a", 1, 1.0, 0.5, 2.0),
        BacktestRow("f", "year", "b", 2, 3.0, 0.5, 2.0),
    ]
    assert coverage(rows) == {"f": (1, 2)}


def test_replacing_the_block_keeps_the_rest_of_the_file():
    """Only the text between the markers changes, and a file without markers is an error."""
    text = README.read_text(encoding="utf-8")
    new = replace_block(text, "| x |")
    assert read_block(new) == "| x |"
    assert (
        new.split("<!-- BEGIN GENERATED: evidence")[0]
        == text.split("<!-- BEGIN GENERATED: evidence")[0]
    )
    with pytest.raises(ValueError, match="no generated backtest block"):
        replace_block("no markers here", "| x |")


def _key_columns(table: str) -> list[list[str]]:
    """Every column but the predictive interval, which carries sampler noise."""
    rows = [line.split("|")[1:-1] for line in table.splitlines()[2:]]
    return [[c.strip() for i, c in enumerate(r) if i != 5] for r in rows]


def test_readme_table_holds_the_rows_the_library_implies():
    """The README's backtest rows are the library's later sources, in order (no fitting)."""
    data = [to_datum(s) for s in builtin_sources()]
    expected = [
        (d.family, d.source, str(sum(e.family == d.family and e.year < d.year for e in data)))
        for d in data
        if any(e.family == d.family and e.year < d.year for e in data)
    ]
    rows = _key_columns(read_block(README.read_text(encoding="utf-8")))
    got = [(r[0], r[2], r[3]) for r in rows if r[1] != "all"]
    assert got == expected


@pytest.mark.slow
def test_readme_table_matches_the_command_output():
    """Regenerating the backtest gives the README's rows, observations and coverage."""
    data = [to_datum(s) for s in builtin_sources()]
    table = markdown_table(source_backtest(data, 0.9, seed=0), 0.9)
    assert _key_columns(table) == _key_columns(read_block(README.read_text(encoding="utf-8")))
