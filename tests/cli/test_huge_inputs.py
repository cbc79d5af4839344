"""Huge counts, special files and hostile text are refused promptly, with exit 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from agi_economy.cli import main

CHILD_MEMORY = 4 * 2**30
"""Address space a child may use: a run that grew without bound dies instead of the machine."""

WRAPPER = """
import resource, subprocess, sys
limit = int(sys.argv[1])
def cap():
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
proc = subprocess.run(sys.argv[2:], preexec_fn=cap, capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
sys.stderr.write(proc.stderr + f"\\nPEAK {peak}\\n")
sys.exit(proc.returncode)
"""


def _capped(args: list[str], cwd: Path | None = None) -> tuple[int, str, int]:
    """Run the command line in a child with capped memory; its status, stderr and peak RSS."""
    command = [
        sys.executable,
        "-c",
        WRAPPER,
        str(CHILD_MEMORY),
        sys.executable,
        "-m",
        "agi_economy",
    ]
    proc = subprocess.run([*command, *args], capture_output=True, text=True, timeout=300, cwd=cwd)
    err, _, peak = proc.stderr.rpartition("PEAK ")
    return proc.returncode, " ".join(err.split()), int(peak)


@pytest.mark.parametrize(
    "kind", ["run /dev/zero", "run /dev/urandom", "extends /dev/zero", "extends FIFO"]
)
def test_special_files_are_refused_with_bounded_memory(tmp_path, kind):
    """A device or a FIFO as a scenario exits 2 at once; it is never read without bound."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    world = tmp_path / "world.toml"
    world.write_text(f'extends = "{fifo if "FIFO" in kind else "/dev/zero"}"\n')
    target = kind.split()[1] if kind.startswith("run") else str(world)
    status, err, peak = _capped(["run", target, "--steps", "1"])
    assert status == 2, err
    assert "not a regular file" in err
    assert peak < 1 * 2**30  # the child stayed within what an import and a refusal need


def _err(capsys) -> str:
    return " ".join(capsys.readouterr().err.split())


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["run", "foom", "--set", "humans.count=1000000000"], ["humans.count", "1000000", "GB"]),
        (["run", "foom", "--set", "labs.count=1000000"], ["labs.count", "1000", "GB"]),
        (["run", "foom", "--steps", "1000000000"], ["--steps", "100000"]),
        (["compare", "foom", "-r", "1000000000", "--executor", "serial"],
         ["--replicates", "10,000,000", "GB"]),
        (["sweep", "foom", "--vary", "agis.growth.k=0.5:1.5", "--samples", "1000000000",
          "--executor", "serial"], ["--samples", "100,000", "GB"]),
        (["sweep", "foom", "--vary", "agis.growth.k=0.5:1.5", "--vary", "labs.count=1:9",
          "--design", "grid", "--samples", "100000", "--executor", "serial"],
         ["--samples", "10,000,000,000 points", "GB"]),
        (["compare", "foom", "--workers", "10000"], ["--workers", "4 per core", "GB"]),
    ],
)  # fmt: skip
def test_huge_counts_are_refused_before_any_work(tmp_path, capsys, args, named):
    """Each huge size or count exits 2 naming the field or option, its limit and the memory."""
    assert main([*args, "--out", str(tmp_path / "out")]) == 2
    err = _err(capsys)
    for text in named:
        assert text in err, (text, err)
    assert not (tmp_path / "out" / "parts").exists() or not any(
        (tmp_path / "out" / "parts").iterdir()
    )


@pytest.mark.parametrize(
    "setting", ["humans.count=1000000000", "labs.count=1000000"], ids=["people", "labs"]
)
def test_huge_worlds_are_refused_by_a_child_of_bounded_memory(setting):
    """The costliest counts exit 2 in a child that never grows past an import's memory."""
    status, err, peak = _capped(["run", "foom", "--set", setting])
    assert status == 2, err
    assert setting.split("=")[0] in err
    assert peak < 1 * 2**30  # building the world would take gigabytes


def test_errors_are_counted_past_fifty(tmp_path, capsys):
    """A file with 60,000 unknown keys lists fifty and counts the rest."""
    keys = tmp_path / "keys.toml"
    keys.write_text("[humans]\n" + "".join(f"k{i} = 1\n" for i in range(60_000)))
    assert main(["validate", str(keys)]) == 2
    err = capsys.readouterr().err
    assert "and 59,950 more" in err
    assert err.count("unknown field") == 50


def test_a_scenario_past_one_mib_is_refused_unparsed(tmp_path, capsys):
    """Over 1 MiB of keys is refused by size, before the slow parse (minutes and GB)."""
    keys = tmp_path / "keys.toml"
    keys.write_text("[humans]\n" + "".join(f"k{i} = 1\n" for i in range(100_000)))
    assert keys.stat().st_size > 2**20
    assert main(["validate", str(keys)]) == 2
    err = capsys.readouterr().err
    assert "larger than 1 MiB" in err
    assert "unknown field" not in err


def _nested_condition(depth: int) -> str:
    cond = "{metric = 'max_intelligence', op = '>', value = 1}"
    for _ in range(depth):
        cond = "{all = [" + cond + "]}"
    return f"[[policies]]\nname = 'pause'\ntrigger = {{when = {cond}}}\n"


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 400 + "]" * 400 + "\n",
        "x = " + "{a = " * 400 + "1" + "}" * 400 + "\n",
        _nested_condition(400),
    ],
    ids=["arrays", "tables", "conditions"],
)
def test_deep_nesting_is_refused_not_a_recursion_error(tmp_path, capsys, text):
    """TOML or trigger conditions hundreds of levels deep exit 2 saying so."""
    deep = tmp_path / "deep.toml"
    deep.write_text(text)
    assert main(["validate", str(deep)]) == 2
    assert "nested more than" in _err(capsys)


@pytest.mark.parametrize(
    ("setting", "field"),
    [
        ('meta.name="a\\u001b]0;retitled\\u0007"', "meta.name"),
        ('meta.description="\\u001b[2J"', "meta.description"),
        ("labs.count=true", "labs.count"),
        ("extends=fizzle", "extends"),
    ],
)
def test_hostile_or_ignored_values_are_refused(capsys, setting, field):
    """Escapes in names, true as a count and an override of extends exit 2 naming the field."""
    assert main(["run", "foom", "--steps", "1", "--set", setting]) == 2
    err = _err(capsys)
    assert field in err
    assert "\x1b" not in err


def test_an_extends_chain_deeper_than_sixteen_is_not_called_a_cycle(tmp_path, capsys):
    """A long but acyclic chain of extends says how long it may be."""
    for i in range(20):
        parent = f"w{i + 1}.toml" if i < 19 else "fizzle"
        (tmp_path / f"w{i}.toml").write_text(f'extends = "{parent}"\n')
    assert main(["validate", str(tmp_path / "w0.toml")]) == 2
    err = _err(capsys)
    assert "more than 16" in err
    assert "cycle" not in err


def test_relative_extends_is_read_beside_the_file_from_any_folder(tmp_path, monkeypatch, capsys):
    """The same file loads the same from any working folder; a BOM is no syntax error."""
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "base.toml").write_text("[labs]\ncount = 5\n")
    child = tmp_path / "mine" / "child.toml"
    child.write_bytes(b'\xef\xbb\xbfextends = "base.toml"\n')
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "base.toml").write_text("[labs]\ncount = 7\n")
    from agi_economy.scenario import load_scenario

    for folder in (tmp_path, tmp_path / "elsewhere"):
        monkeypatch.chdir(folder)
        assert load_scenario(child).labs.count == 5


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["compare", "fizzle", "--retry-failed"], "--resume"),
        (["compare", "fizzle", "--executor", "dask", "--scheduler", "not-an-address"],
         "--scheduler"),
        (["run", "fizzle", "--seed", str(2**200)], "--seed"),
    ],
)  # fmt: skip
def test_bad_options_exit_2_not_1(tmp_path, capsys, args, named):
    """Options that exited 1 before now exit 2 naming themselves."""
    assert main([*args, "--steps", "1", "--out", str(tmp_path / "o")]) == 2
    assert named in _err(capsys)


def test_compare_out_at_a_file_exits_2(tmp_path, capsys):
    """--out naming a file is bad input, and the file is left alone."""
    target = tmp_path / "notes.txt"
    target.write_text("keep")
    args = ["compare", "fizzle", "-r", "1", "--executor", "serial", "--steps", "1"]
    assert main([*args, "--out", str(target)]) == 2
    assert "--out" in _err(capsys)
    assert target.read_text() == "keep"
