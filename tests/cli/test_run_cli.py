"""The headless command line: scenarios, validate, run; exit statuses and messages."""

import errno
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import polars as pl
import pytest

from agi_economy import simulate
from agi_economy.cli import main
from agi_economy.cli.console import PIPED_WIDTH
from agi_economy.recorder import MODEL_COLUMNS
from agi_economy.scenario import builtin_names, load_scenario
from tests.tables import column_texts, squash
from tests.test_scenario import WORLDS

FAST = ["--set", "humans.count=150"]


def test_scenarios_lists_every_world(capsys):
    """`scenarios` names every built-in world with its description."""
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    for name in WORLDS:
        assert name in out
    assert "hard-takeoff" in out


def test_run_without_out_prints_a_summary(capsys):
    """`run` with no --out prints the summary table so a newcomer sees a result at once."""
    assert main(["run", "fizzle", "--steps", "20", "--seed", "3", *FAST]) == 0
    out = capsys.readouterr().out
    assert "max intelligence" in out
    assert "seed 3" in out
    assert "regime" in out


def test_run_writes_every_output(tmp_path, capsys):
    """`run --out` writes the frames, summary, resolved scenario and three plots."""
    out = tmp_path / "run"
    status = main(
        [
            "run",
            "foom",
            "--steps",
            "30",
            "--seed",
            "5",
            "--set",
            "agis.growth.k=1.2",
            *FAST,
            "--out",
            str(out),
        ]
    )
    assert status == 0
    for name in (
        "steps.parquet",
        "agents.parquet",
        "events.parquet",
        "summary.json",
        "scenario.toml",
        "intelligence.png",
        "power.png",
        "output.png",
    ):
        assert (out / name).stat().st_size > 0
    steps = pl.read_parquet(out / "steps.parquet")
    assert set(MODEL_COLUMNS) <= set(steps.columns)
    assert {"seed", "scenario", "version"} <= set(steps.columns)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["seed"] == 5
    resolved = tomllib.loads((out / "scenario.toml").read_text())
    assert resolved["agis"]["growth"]["k"] == 1.2
    assert resolved["meta"]["seed"] == 5


def test_resolved_scenario_repeats_the_run(tmp_path, capsys):
    """Running the written scenario.toml again reproduces the run exactly."""
    out = tmp_path / "run"
    main(["run", "slow_takeoff", "--steps", "25", "--seed", "8", *FAST, "--out", str(out)])
    again = simulate(out / "scenario.toml")
    assert again.steps.equals(pl.read_parquet(out / "steps.parquet"))


def test_validate_reports_every_problem(tmp_path, capsys):
    """`validate` lists every problem of every file and exits 2; good files say ok."""
    bad = tmp_path / "bad.toml"
    bad.write_text('[humans]\ncount = -3\nwizards = 2\n[agis.growth]\nk = "fast"\n')
    broken = tmp_path / "broken.toml"
    broken.write_text("[labs\ncount = 2\n")
    good = tmp_path / "good.toml"
    good.write_text('extends = "foom"\n[labs]\ncount = 4\n')
    assert main(["validate", str(good)]) == 0
    assert main(["validate", str(bad), str(broken), str(good)]) == 2
    captured = capsys.readouterr()
    err = captured.err
    for expected in ("humans.count", "humans.wizards", "agis.growth.k", "broken.toml", "TOML"):
        assert expected in err
    assert "ok" in captured.out
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["run", "atlantis"], "unknown scenario"),
        (["run", "foom", "--set", "agis.growth.k=-1"], "agis.growth.k"),
        (["run", "foom", "--set", "bogus"], "key.path=value"),
        (["run", "foom", "--set", "labs.nope=1"], "labs.nope"),
        (["run", "foom", "--steps", "-4"], "steps"),
        (["run", "foom", "--seed", "x"], "seed"),
        (["validate", "/nonexistent/file.toml"], "file not found"),
        (["frobnicate"], "No such command"),
        (["run", "foom", "--policy", "nonsense:x=1"], "unknown policy"),
        (["run", "foom", "--policy", "pause:sideways=1"], "sideways"),
    ],
)
def test_bad_input_exits_2_with_a_one_line_cause(args, needle, capsys):
    """Bad input exits with status 2 and a message naming the problem, never a traceback."""
    assert main(args) == 2
    captured = capsys.readouterr()
    text = captured.err + captured.out
    assert needle in text
    assert "Traceback" not in text


@pytest.mark.parametrize("command", ["validate", "run"])
def test_empty_extends_exits_2_naming_the_field(tmp_path, capsys, command):
    """A file with `extends = ""` exits 2 with a message about `extends`, not the folder."""
    path = tmp_path / "world.toml"
    path.write_text('extends = ""\n')
    assert main([command, str(path)]) == 2
    err = capsys.readouterr().err
    assert "extends: expected a built-in scenario name or a path to a TOML file" in err
    assert "directory" not in err.lower()


@pytest.mark.parametrize("command", ["validate", "run"])
def test_unknown_extends_names_the_file_and_the_field(tmp_path, capsys, command):
    """`extends = "0"` (no such world) exits 2 naming the file that asked for it."""
    path = tmp_path / "world.toml"
    path.write_text('extends = "0"\n')
    assert main([command, str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err
    assert "extends: unknown scenario '0'" in err


@pytest.mark.parametrize("columns", [None, "60"])
def test_piped_output_fits_its_width_and_keeps_every_word(tmp_path, capsys, monkeypatch, columns):
    """Piped, tables fit COLUMNS (else 100) and keep all their text; an error stays one line."""
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    width = int(columns or PIPED_WIDTH)
    long = tmp_path / ("a_folder_whose_name_alone_is_longer_than_eighty_columns_of_text" * 2)
    missing = long / "world.toml"
    assert main(["run", str(missing)]) == 2
    assert capsys.readouterr().err.splitlines() == [f"error: {missing}: file not found"]
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= width
    names, descriptions = column_texts(out)
    assert names == "".join(builtin_names())
    expected = [load_scenario(name).meta.description for name in builtin_names()]
    assert descriptions == squash("".join(expected))


@pytest.mark.parametrize("command", ["run", "validate", "scenarios"])
def test_help_explains_with_an_example(command, capsys):
    """--help on every command shows its options and an example."""
    assert main([command, "--help"]) == 0
    assert "Example" in capsys.readouterr().out


def test_console_script_exit_status():
    """The installed ``agi-economy`` command exits 2 on bad input without a traceback."""
    proc = subprocess.run(
        [sys.executable, "-m", "agi_economy", "run", "foom", "--set", "humans.count=-1"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "humans.count" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_run_adds_policies_from_the_command_line(tmp_path, capsys):
    """--policy adds a policy to the scenario's own; the resolved scenario records it."""
    out = tmp_path / "run"
    args = ["run", "foom", "--steps", "10", "--seed", "2", *FAST, "--out", str(out)]
    assert main([*args, "--policy", "pause:above=0.5", "--policy", "audit_mandate:rate=0.9"]) == 0
    resolved = tomllib.loads((out / "scenario.toml").read_text())
    assert [p["name"] for p in resolved["policies"]] == ["pause", "audit_mandate"]
    steps = pl.read_parquet(out / "steps.parquet")
    assert steps["max_intelligence"].max() < 0.5 * 1.2  # paused at 0.5: at most one more step


def _full_disk_after(calls: int, monkeypatch) -> None:
    """Make the Parquet writer fail with ENOSPC on call ``calls`` after writing a stub."""
    real, seen = pl.DataFrame.write_parquet, []

    def write(frame, file, *args, **kwargs):
        seen.append(file)
        if len(seen) == calls:
            Path(file).write_bytes(b"PAR1")  # a truncated file, as a full disk leaves
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(file))
        return real(frame, file, *args, **kwargs)

    monkeypatch.setattr(pl.DataFrame, "write_parquet", write)


def test_run_out_on_a_full_disk_writes_nothing_and_says_so(tmp_path, capsys, monkeypatch):
    """A run that meets a full disk leaves no folder and says "no space left"."""
    out = tmp_path / "run"
    _full_disk_after(2, monkeypatch)
    assert main(["run", "fizzle", "--steps", "5", "--seed", "3", *FAST, "--out", str(out)]) == 1
    assert "no space left" in " ".join(capsys.readouterr().err.split())
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # nor any temporary folder beside it


def test_run_out_replaces_an_earlier_run_whole_or_keeps_it_whole(tmp_path, monkeypatch):
    """Over an earlier run a new run lands whole; one whose write fails leaves it as it was."""
    out = tmp_path / "run"
    args = ["run", "fizzle", "--steps", "5", *FAST, "--out", str(out)]
    assert main([*args, "--seed", "3"]) == 0
    assert main([*args, "--seed", "4"]) == 0
    assert json.loads((out / "summary.json").read_text())["seed"] == 4
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    _full_disk_after(3, monkeypatch)
    assert main([*args, "--seed", "5"]) == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["run"]


@pytest.mark.parametrize("kind", ["file", "foreign folder"])
def test_run_out_refuses_a_file_or_a_folder_of_other_things(tmp_path, capsys, kind):
    """--out at a file, or at a folder holding files no run writes, exits 2 touching nothing."""
    out = tmp_path / "target"
    if kind == "file":
        out.write_text("keep me")
    else:
        out.mkdir()
        (out / "thesis.tex").write_text("keep me")
    assert main(["run", "fizzle", "--steps", "3", *FAST, "--out", str(out)]) == 2
    assert "--out" in capsys.readouterr().err
    kept = out if kind == "file" else out / "thesis.tex"
    assert kept.read_text() == "keep me"
