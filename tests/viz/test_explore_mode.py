"""Explore mode without a browser: how the command line opens it, and its bad input."""

from __future__ import annotations

import json

from agi_economy.cli import main
from agi_economy.viz.explore import default_folder, signature
from agi_economy.viz.settings import ENV_DEFAULTS, Settings, defaults_from_env


def test_the_command_lines_folder_opens_explore_mode(monkeypatch, tmp_path):
    """``viz --explore DIR`` hands the folder to the page, which opens in explore mode."""
    data = {"scenarios": [], "seed": None, "overrides": {}, "explore": str(tmp_path)}
    monkeypatch.setenv(ENV_DEFAULTS, json.dumps(data))
    assert defaults_from_env().mode == "explore"
    assert default_folder() == str(tmp_path)
    monkeypatch.setenv(ENV_DEFAULTS, json.dumps({**data, "explore": None}))
    assert defaults_from_env().mode == "one"
    assert default_folder() == ""


def test_a_link_opens_explore_mode_but_never_names_a_folder(tmp_path):
    """The URL carries the mode; a folder in it is left out, not read."""
    s = Settings.from_query(f"mode=explore&explore={tmp_path}")
    assert s.mode == "explore"
    assert "explore" in s.ignored
    assert str(tmp_path) not in s.to_query()


def test_a_file_given_as_the_folder_exits_2(tmp_path, capsys):
    """``--explore`` naming a file is refused with status 2, naming the option."""
    path = tmp_path / "runs.parquet"
    path.write_bytes(b"")
    assert main(["viz", "--explore", str(path)]) == 2
    err = capsys.readouterr().err
    assert "--explore" in err
    assert "Traceback" not in err


def test_the_signature_changes_when_a_part_is_added(tmp_path):
    """A new part (or the final runs.parquet) changes what the panel polls."""
    (tmp_path / "parts").mkdir()
    before = signature(str(tmp_path))
    (tmp_path / "parts" / "part-00.parquet").write_bytes(b"x")
    after = signature(str(tmp_path))
    assert after != before
    (tmp_path / "runs.parquet").write_bytes(b"y")
    assert ("runs.parquet", 1) in signature(str(tmp_path))
