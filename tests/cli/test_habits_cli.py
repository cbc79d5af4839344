"""Command-line and Python habits: --version, --json, -p, readable help, the README, LICENSE."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

import agi_economy
from agi_economy import simulate
from agi_economy.cli import main
from agi_economy.experiment import compare

ROOT = Path(__file__).resolve().parents[2]
FAST = ["--set", "humans.count=80", "--steps", "12", "--seed", "3"]
WORLD = {"humans__count": 80, "meta__steps": 12}


def test_version(capsys):
    """``--version`` prints the package's version and exits 0."""
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"agi-economy {agi_economy.__version__}"


def test_run_json_is_the_summary(capsys):
    """``run --json`` prints one JSON document: the run's summary and its provenance."""
    assert main(["run", "foom", *FAST, "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    expected = simulate("foom", seed=3, **WORLD).summary
    assert {k: v for k, v in printed.items() if k != "provenance"} == pytest.approx(expected)
    assert printed["provenance"]["version"] == agi_economy.__version__


def test_run_json_with_out_keeps_stdout_json(tmp_path, capsys):
    """With ``--out`` too, stdout is still one JSON document (the file list goes to stderr)."""
    assert main(["run", "foom", *FAST, "--json", "--out", str(tmp_path / "r")]) == 0
    json.loads(capsys.readouterr().out)
    assert (tmp_path / "r" / "summary.json").is_file()


def test_run_short_policy_option(capsys):
    """``run -p`` adds a policy as ``--policy`` does."""
    assert main(["run", "foom", *FAST, "--json", "-p", "pause:above=0.1"]) == 0
    short = json.loads(capsys.readouterr().out)
    assert main(["run", "foom", *FAST, "--json", "--policy", "pause:above=0.1"]) == 0
    assert json.loads(capsys.readouterr().out) == short
    assert main(["run", "foom", *FAST, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["max_intelligence"] != short["max_intelligence"]


@pytest.mark.parametrize("command", ["run", "compare", "sweep", "explore", "viz"])
def test_help_has_no_python_annotations(command, capsys):
    """Help shows click's metavars (TEXT, INTEGER), not ``<bool>`` or ``<list[str]>``."""
    assert main([command, "--help"]) == 0
    text = capsys.readouterr().out
    assert not re.search(r"<(bool|str|int|float|path|list\[)", text), text


def test_simulate_takes_the_command_line_policy_form():
    """``simulate(policies=["pause:above=1.5"])`` runs the policy the CLI form names."""
    spec = simulate("foom", seed=7, policies=["pause:above=1.5"], **WORLD)
    table = simulate("foom", seed=7, policies=[{"name": "pause", "above": 1.5}], **WORLD)
    assert spec.summary == table.summary
    assert [p.name for p in spec.scenario.policies] == ["pause"]


def test_simulate_bad_policy_form_names_it():
    """A malformed policy string is refused with a message naming the policy."""
    with pytest.raises(ValueError, match="policy 'pause:above'"):
        simulate("foom", seed=7, policies=["pause:above"], **WORLD)


def test_compare_without_out_returns_frames(tmp_path, monkeypatch):
    """``compare(out=None)`` returns the runs and table and leaves no file behind."""
    monkeypatch.chdir(tmp_path)
    result = compare("foom", ["pause:above=2"], out=None, replicates=2, seed=1, **WORLD)
    assert result.out is None
    assert result.runs.height == 4
    assert result.table["policy"].to_list() == ["none", "pause:above=2"]
    kept = compare("foom", ["pause:above=2"], out=tmp_path / "x", replicates=2, seed=1, **WORLD)
    assert result.table.equals(kept.table)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x"]


def test_compare_without_out_refuses_resume():
    """Resuming needs a folder: ``out=None`` with ``resume=True`` names the field."""
    with pytest.raises(ValueError, match="out"):
        compare("foom", ["pause:above=2"], out=None, resume=True, **WORLD)


def test_license_is_mit_as_pyproject_says():
    """A LICENSE file exists and is the MIT license pyproject.toml declares."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"]
    assert declared == "MIT"
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License")
    assert "Permission is hereby granted, free of charge" in text


def _unquoted(line: str) -> str:
    """The characters of a shell line outside single and double quotes."""
    out, quote = [], None
    for char in line:
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        else:
            out.append(char)
    return "".join(out)


def test_readme_command_lines_are_shell_safe():
    """No command-line example in the README holds an unquoted ``>`` or ``<``."""
    text = (ROOT / "README.md").read_text()
    lines = []
    for block in re.findall(r"```(?:bash|sh|console)\n(.*?)```", text, flags=re.S):
        lines += [ln for ln in block.splitlines() if "agi-economy" in ln or "-p " in ln]
    lines += [s for s in re.findall(r"`([^`\n]+)`", text) if re.search(r"^(-|agi-economy)", s)]
    spec_like = [s for s in re.findall(r"`([^`\n]+)`", text) if re.search(r"\w:\w+=", s)]
    lines += spec_like
    assert lines
    for line in lines:
        assert not re.search(r"[<>]", _unquoted(line)), line
