"""The README's reproduction table is generated from the reproductions by the command."""

import json
from pathlib import Path

import pytest

from agi_economy.cli import main
from agi_economy.validation.published import DEFAULT_DRAWS, REPRODUCTIONS, reproduce
from agi_economy.validation.reproduction_table import (
    BEGIN,
    END,
    markdown_table,
    read_block,
    replace_block,
)

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_table_is_the_table_of_a_fresh_run():
    """The README's table is what the reproductions give now (default draws, seed 0)."""
    results = {name: reproduce(name, DEFAULT_DRAWS, 0) for name in REPRODUCTIONS}
    fresh = markdown_table(results, DEFAULT_DRAWS, 0)
    assert read_block(README.read_text(encoding="utf-8")) == fresh


def test_table_has_a_row_per_figure_with_paper_and_ours():
    """Each figure of each reproduction is one row whose paper and ours cells are its numbers."""
    results = {"han2020": reproduce("han2020")}
    rows = markdown_table(results, 1, 0).splitlines()[2:-2]
    assert len(rows) == len(results["han2020"])
    for row, figure in zip(rows, results["han2020"], strict=True):
        cells = [c.strip() for c in row.split("|")[1:-1]]
        assert cells[1] == figure.name
        assert float(cells[2]) == pytest.approx(figure.paper, rel=1e-3)
        assert float(cells[3]) == pytest.approx(figure.ours, rel=1e-3)


def test_write_replaces_only_the_block(tmp_path, capsys):
    """`reproduce --write FILE` rewrites the block between the markers and nothing else."""
    target = tmp_path / "README.md"
    target.write_text(f"before\n{BEGIN}\nold\n{END}\nafter\n", encoding="utf-8")
    assert main(["reproduce", "--write", str(target), "--out", str(tmp_path)]) == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith(f"before\n{BEGIN}\n| reproduction |")
    assert text.endswith(f"{END}\nafter\n")
    assert "old" not in read_block(text)
    assert f"{DEFAULT_DRAWS} Latin-hypercube draws" in text
    capsys.readouterr()


def test_json_gives_the_numbers_of_the_table(tmp_path, capsys):
    """`reproduce han2020 --json` carries the same paper and ours as the written table."""
    assert main(["reproduce", "han2020", "--json", "--out", str(tmp_path)]) == 0
    payload = json.loads(capsys.readouterr().out)["han2020"]["figures"]
    figures = reproduce("han2020")
    assert [(f["name"], f["paper"], f["ours"]) for f in payload] == [
        (f.name, f.paper, f.ours) for f in figures
    ]


@pytest.mark.parametrize(
    ("text", "args"),
    [("no markers here\n", []), (None, ["han2020"])],
)
def test_write_rejects_a_file_without_the_block_or_a_single_reproduction(
    tmp_path, capsys, text, args
):
    """--write exits 2 naming itself: on a file without the markers, or with one NAME."""
    target = tmp_path / "README.md"
    target.write_text(text or f"{BEGIN}\n{END}\n", encoding="utf-8")
    status = main(["reproduce", *args, "--write", str(target), "--out", str(tmp_path)])
    assert status == 2
    assert "--write" in capsys.readouterr().err


def test_replace_block_needs_the_markers():
    """A text without the markers cannot take the table."""
    with pytest.raises(ValueError, match="no generated reproductions block"):
        replace_block("nothing", "table")
