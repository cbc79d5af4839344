"""One writer per experiment folder: real processes contend for one folder."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import polars as pl
import pytest

from agi_economy.experiment import ResultStore, StoreError, replicate_seeds

PROGRAM = "from agi_economy.cli import main; main()"
CLI = [
    "compare", "foom", "-p", "pause:above=1", "--executor", "serial", "--checkpoint", "0",
    "--set", "humans.count=100", "--steps", "40",
]  # fmt: skip


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-c", PROGRAM, *CLI, *args]


def _wait_for_parts(proc: subprocess.Popen, folder, count: int) -> None:
    deadline = time.monotonic() + 120
    while len(list((folder / "parts").glob("part-*.parquet"))) < count:
        assert proc.poll() is None, "the first experiment ended before the second could start"
        assert time.monotonic() < deadline, "no results appeared in time"
        time.sleep(0.02)


def test_second_writer_is_refused_whatever_the_flags_and_a_dead_holder_is_not(tmp_path):
    """While one run writes a folder every flag is refused; once it is killed, --force works."""
    folder = tmp_path / "D"
    first = subprocess.Popen(
        _cli("-r", "100000", "--seed", "7", "--out", str(folder)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_parts(first, folder, 2)
        for flags in (["--force"], ["--resume"], []):
            second = subprocess.run(
                _cli("-r", "3", "--seed", "8", "--out", str(folder), *flags),
                capture_output=True,
                text=True,
                timeout=120,
            )
            message = " ".join(second.stderr.split())  # undo the console's wrapping
            assert second.returncode == 2, message
            assert "being written by another run" in message
            assert "--force" not in message  # no advice that would mix two experiments
            assert first.poll() is None  # the first still held the folder throughout
        # the refused writers changed nothing: the folder is still the first experiment's
        manifest = json.loads((folder / "manifest.json").read_text())
        assert manifest["seed"] == 7
        assert (folder / ".lock").exists()
    finally:
        first.kill()  # SIGKILL: the holder dies without releasing anything
        first.wait()

    seeds_7 = set(replicate_seeds(7, 100000))
    parts = pl.concat(
        [pl.read_parquet(p, columns=["seed"]) for p in (folder / "parts").glob("part-*.parquet")]
    )
    assert set(parts["seed"].to_list()) <= seeds_7  # no run of the refused seed 8 got in

    # the dead holder's lock is recognised as stale: a plain --force now starts over
    after = subprocess.run(
        _cli("-r", "2", "--seed", "8", "--out", str(folder), "--force"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert after.returncode == 0, after.stderr
    runs = pl.read_parquet(folder / "runs.parquet")
    assert set(runs["seed"].to_list()) == set(replicate_seeds(8, 2))


def test_a_refused_store_leaves_the_holders_claim_in_place(tmp_path):
    """A second store on a held folder is refused, and its release frees nothing."""
    holder, other = ResultStore(tmp_path), ResultStore(tmp_path)
    holder.acquire()
    try:
        with pytest.raises(StoreError, match="being written"):
            other.acquire()
        other.release()
        with pytest.raises(StoreError, match="being written"):
            ResultStore(tmp_path).acquire()
    finally:
        holder.release()
    other.acquire()  # released by its holder, the folder is free again
    other.release()
