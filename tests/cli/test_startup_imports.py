"""Commands import what they need when they need it: listing and help load no model."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from agi_economy.cli.run import _description
from agi_economy.scenario import load_scenario

HEAVY = ("agi_economy.scenario.schema", "mesa", "scipy", "pandas", "matplotlib", "polars")

PROBE = """
import contextlib, io, json, sys
from agi_economy.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    status = main(sys.argv[1:])
heavy = {heavy!r}
print(json.dumps([status, sorted(m for m in heavy if m in sys.modules)]))
"""


@pytest.mark.parametrize(
    "args", [["--help"], ["scenarios"], ["run", "--help"], ["compare", "--help"]]
)
def test_listing_and_help_load_no_model_and_no_schema(args):
    """``--help``, ``scenarios`` and a command's help exit 0 without the schema or Mesa."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    status, loaded = json.loads(done.stdout.splitlines()[-1])
    assert status == 0
    assert loaded == []


def test_a_description_inherited_through_extends_is_the_loaded_one(tmp_path):
    """A scenario file that extends another and states no description shows the other's."""
    path = tmp_path / "mine.toml"
    path.write_text('extends = "foom"\n[meta]\nname = "mine"\n')
    assert _description(path) == load_scenario(path).meta.description
    assert _description(path) == load_scenario("foom").meta.description
    plain = tmp_path / "plain.toml"
    plain.write_text('[meta]\nname = "plain"\ndescription = "A world of its own."\n')
    assert _description(plain) == "A world of its own."
