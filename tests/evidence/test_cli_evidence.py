import json
from pathlib import Path

import polars as pl
import pytest

from agi_economy.cli import main

CURVE = Path(__file__).with_name("curve.toml")


def test_evidence_lists_every_source_with_its_location(capsys):
    """The listing names each shipped source id."""
    from agi_economy.evidence import builtin_sources

    assert main(["evidence"]) == 0
    out = capsys.readouterr().out
    for s in builtin_sources():
        assert s.id in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--without", "nope"], "--without"),
        (["--band", "2"], "--band"),
        (["--evidence", "missing.toml"], "file not found"),
        (["--draws", "3"], "--draws"),
        (["--reducible-share", "0"], "--reducible-share"),
    ],
)
def test_bad_posterior_input_exits_2_naming_it(capsys, args, message):
    """Bad options and files exit 2 with a one-line message and no traceback."""
    assert main(["evidence", "posterior", *args]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_bad_backtest_level_exits_2(capsys):
    """--level outside (0, 1) exits 2."""
    assert main(["evidence", "backtest", "--level", "1.5"]) == 2
    assert "--level" in capsys.readouterr().err


@pytest.mark.slow
def test_posterior_reports_moves_and_writes_figures(tmp_path, capsys):
    """With a user curve and a source left out: the move, two figures, draws and provenance."""
    from agi_economy.evidence import builtin_sources

    args = ["evidence", "posterior", "--evidence", str(CURVE), "--without", "hoffmann2022"]
    assert main([*args, "--out", str(tmp_path), "--draws", "300", "--warmup", "200"]) == 0
    out = capsys.readouterr().out
    assert "how the answer moved" in out
    assert "R-hat" in out
    assert "->" in out
    assert (tmp_path / "posterior_densities.png").stat().st_size > 1000
    assert (tmp_path / "data_vs_fit.png").stat().st_size > 1000
    info = json.loads((tmp_path / "posterior.json").read_text(encoding="utf-8"))
    assert info["seed"] == 0
    assert "test_curve" in info["sources"]
    assert "hoffmann2022" not in info["sources"]
    shipped = [s.id for s in builtin_sources() if s.family == "self_improvement"]
    assert sorted(info["families"]["self_improvement"]["sources"]) == sorted(
        [*shipped, "test_curve"]
    )
    draws = pl.read_parquet(tmp_path / "posterior_draws.parquet")
    assert draws.filter(pl.col("family") == "software_returns").height == 2 * 300
