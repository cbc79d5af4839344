"""The compare and sweep commands: output, files, exit statuses."""

from __future__ import annotations

import pytest

from agi_economy.cli import main
from tests.tables import column_texts

TINY = ["--set", "humans.count=100", "--steps", "40", "--executor", "serial"]


def test_compare_prints_the_table_and_writes_its_files(tmp_path, capsys, monkeypatch):
    """compare prints each arm with intervals and writes runs, comparison and plot."""
    monkeypatch.setenv("COLUMNS", "100")
    out = tmp_path / "cmp"
    args = ["compare", "foom", "-p", "pause:above=1", "-p", "rsi_gating", "-r", "4"]
    status = main([*args, "--seed", "3", "--out", str(out), *TINY])
    text = capsys.readouterr().out
    assert status == 0
    assert "seed 3" in text
    assert column_texts(text)[0] == "nonepause:above=1rsi_gating"  # arms whole, however wrapped
    assert any("│ pause:above=1 " in line for line in text.splitlines())  # a name is not folded
    assert "P(takeover)[95%CI]" in column_texts(text, header=True)
    for name in ("runs.parquet", "comparison.parquet", "comparison.png", "manifest.json"):
        assert (out / name).exists()
    assert main([*args, "--out", str(out), "--resume", *TINY]) == 0


def test_sweep_prints_points_and_sobol_indices(tmp_path, capsys):
    """A Sobol sweep prints its points and first/total-order indices."""
    args = ["sweep", "foom", "--vary", "agis.growth.k=0.8:1.3", "--vary"]
    args += ["containment.box_strength=0.5:3", "--design", "sobol", "--samples", "4", "-r", "2"]
    assert main([*args, "--seed", "2", "--out", str(tmp_path / "sw"), *TINY]) == 0
    text = capsys.readouterr().out
    assert "16 points x 2 replicates" in text
    assert "Sobol indices" in text
    assert (tmp_path / "sw" / "phase.png").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["compare", "foom", "-p", "paws"], "unknown policy"),
        (["compare", "foom", "-p", "pause:above=-1"], "above"),
        (["compare", "foom", "--executor", "threads"], "unknown executor"),
        (["sweep", "foom", "--vary", "agis.growth.kk=1:2"], "no field 'kk'"),
        (["sweep", "foom", "--vary", "agis.growth.k=1:2", "--design", "sobol", "--samples", "6"],
         "power of two"),
        (["sweep", "foom", "--vary", "agis.growth.k=1:2", "--phase", "x"], "two parameters"),
    ],
)  # fmt: skip
def test_bad_input_exits_2_with_a_one_line_message(tmp_path, capsys, args, message):
    """Bad policies, executors, parameters and designs exit with status 2 and say why."""
    assert main([*args[:2], "--out", str(tmp_path / "x"), *TINY, *args[2:]]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_a_used_folder_without_resume_exits_2(tmp_path, capsys):
    """Running into a folder that holds results asks for --resume or --force."""
    args = ["compare", "foom", "-r", "1", "--out", str(tmp_path), *TINY]
    assert main(args) == 0
    assert main(args) == 2
    assert "--resume" in capsys.readouterr().err
    assert main([*args, "--force"]) == 0


def test_policies_lists_every_policy_and_measure(capsys):
    """agi-economy policies lists the registry and the trigger measures."""
    from agi_economy.policies import METRICS, POLICIES

    assert main(["policies"]) == 0
    text = capsys.readouterr().out
    assert all(name in text for name in POLICIES)
    assert all(name in text for name in METRICS)
    assert "[steps]" in text
