"""Resuming after a kill: a real process is killed mid-experiment with SIGKILL."""

from __future__ import annotations

import subprocess
import sys
import time

import polars as pl

from agi_economy.experiment import compare

ARMS = ["rsi_gating", "pause:above=1"]
REPLICATES = 30
SETTINGS = {"humans__count": 100, "meta__steps": 60}
CLI = [
    "compare", "foom", "-p", ARMS[0], "-p", ARMS[1], "-r", str(REPLICATES), "--seed", "12",
    "--executor", "serial", "--checkpoint", "0", "--set", "humans.count=100", "--steps", "60",
]  # fmt: skip


def _rows_on_disk(folder):
    parts = sorted((folder / "parts").glob("part-*.parquet"))
    return sum(pl.read_parquet(p, columns=["cell"]).height for p in parts)


def test_resume_after_sigkill_runs_only_the_missing_runs_and_matches(tmp_path):
    """Killed mid-run and resumed, an experiment ends byte-identical to an uninterrupted one."""
    killed = tmp_path / "killed"
    program = "from agi_economy.cli import main; main()"
    proc = subprocess.Popen(
        [sys.executable, "-c", program, *CLI, "--out", str(killed)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    try:
        while len(list((killed / "parts").glob("part-*.parquet"))) < 6:
            assert proc.poll() is None, "the experiment ended before it could be killed"
            assert time.monotonic() < deadline, "no results appeared in time"
            time.sleep(0.02)
    finally:
        proc.kill()  # SIGKILL: no cleanup, no final flush
        proc.wait()
    assert not (killed / "runs.parquet").exists()
    before = _rows_on_disk(killed)
    total = (len(ARMS) + 1) * REPLICATES
    assert 0 < before < total

    calls = []
    resumed = compare(
        "foom", ARMS, out=killed, replicates=REPLICATES, resume=True, plot=False,
        progress=lambda done, n, failed: calls.append(done), **SETTINGS,
    )  # fmt: skip
    assert calls[0] == before  # what the killed process finished is not run again
    assert calls[-1] == total
    assert len(calls) == total - before + 1

    compare("foom", ARMS, out=tmp_path / "clean", replicates=REPLICATES, seed=12,
                    plot=False, **SETTINGS)  # fmt: skip
    assert resumed.experiment.seed == 12
    for name in ("runs.parquet", "comparison.parquet", "trajectories.parquet"):
        assert (killed / name).read_bytes() == (tmp_path / "clean" / name).read_bytes()
    assert resumed.runs.height == total
    assert resumed.runs.select("arm", "replicate").is_unique().all()
