import math
from pathlib import Path

import pytest

from agi_economy.evidence import builtin_sources
from agi_economy.evidence.backtest import (
    BacktestRow,
    coverage,
    iteration_backtest,
    library_backtest,
    markdown_table,
    read_block,
    replace_block,
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


def test_the_spin_curve_predicts_its_last_gain_as_worked_by_hand():
    """Gains 2.66, 1.32, 0.85 fit ln g = 1.50532 - 0.57042 j, so the centre at j = 4 is 0.4601.

    By hand: mean j 2, mean ln g 0.36448, S_xy = -0.97833 - 0.16252, S_xx = 2, slope
    -0.57042; centre 0.36448 + 2(-0.57042) = -0.77637, exp = 0.4601. Observed 0.19.
    """
    spin = next(s for s in builtin_sources() if s.id == "chen2024_spin")
    (row,) = iteration_backtest([spin])
    assert row.trained_on == 3
    assert row.observed == pytest.approx(0.19, abs=1e-9)
    assert math.sqrt(row.low * row.high) == pytest.approx(0.4601, rel=1e-3)


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
    """The README's rows: later sources in order, then curves with 3+ gains before the last."""
    sources = builtin_sources()
    data = [to_datum(s) for s in sources]
    expected = [
        (d.family, d.source, str(sum(e.family == d.family and e.year < d.year for e in data)))
        for d in data
        if any(e.family == d.family and e.year < d.year for e in data)
    ]
    for s in sources:
        n_gains = sum(m.quantity == "score" for m in s.measurements) - 1
        if s.family == "self_improvement" and n_gains - 1 >= 3:
            expected.append((s.family, s.id, str(n_gains - 1)))
    assert any(e[0] == "self_improvement" for e in expected)
    rows = _key_columns(read_block(README.read_text(encoding="utf-8")))
    got = [(r[0], r[2], r[3]) for r in rows if r[1] != "all"]
    assert got == expected


@pytest.mark.slow
def test_readme_table_matches_the_command_output():
    """Regenerating the backtest gives the README's rows, observations and coverage."""
    table = markdown_table(library_backtest(builtin_sources(), 0.9, seed=0), 0.9)
    assert _key_columns(table) == _key_columns(read_block(README.read_text(encoding="utf-8")))
