"""Killing a command that runs on the process executor leaves no process behind."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time

import psutil
import pytest

CLI = [
    sys.executable, "-m", "agi_economy", "compare", "foom", "-r", "100000", "--seed", "3",
    "--executor", "process", "--workers", "2", "--checkpoint", "0",
    "--set", "humans.count=100", "--steps", "40",
]  # fmt: skip


def _workers_up(parent: psutil.Process, proc: subprocess.Popen, folder) -> list[psutil.Process]:
    """Wait until runs come back from the pool; return every descendant of the command."""
    deadline = time.monotonic() + 240
    while True:
        assert proc.poll() is None, "the command ended before it could be killed"
        assert time.monotonic() < deadline, "the pool never delivered a run"
        parts = list((folder / "parts").glob("part-*.parquet"))
        family = parent.children(recursive=True)
        # the fork server, the resource tracker and two workers at least
        if len(parts) >= 3 and len(family) >= 4:
            return family
        time.sleep(0.1)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_no_process_outlives_a_killed_command(tmp_path, sig):
    """After kill -9 or SIGTERM of the command, its fork server and workers all end."""
    folder = tmp_path / "out"
    log = tmp_path / "stderr.txt"  # a file, not a pipe: no descendant can hold it open
    with log.open("w") as sink:
        proc = subprocess.Popen(
            [*CLI, "--out", str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=sink,
            start_new_session=True,
        )
    family: list[psutil.Process] = []
    try:
        family = _workers_up(psutil.Process(proc.pid), proc, folder)
        os.kill(proc.pid, sig)
        proc.wait(timeout=240)
        err = log.read_text()
        _, alive = psutil.wait_procs(family, timeout=120)
        assert alive == [], f"still running after the command ended: {alive}"
        if sig == signal.SIGTERM:
            assert proc.returncode == 143
            assert "finished runs are saved; add --resume" in " ".join(err.split())
    finally:
        for survivor in [proc, *family]:  # never leave a process behind, pass or fail
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(survivor.pid, signal.SIGKILL)
        proc.wait()


THREAD_MADE_POOL = """
import sys, threading, psutil
from agi_economy.experiment.executors import ProcessExecutor, _ready
made = {}
def start():  # the executor, its fork server and its workers all made in this thread
    made["pool"] = pool = ProcessExecutor(2, sys.argv[1])
    list(pool.map_unordered(_ready, range(40)))  # returns once the workers are up
starter = threading.Thread(target=start)
starter.start()
starter.join()
pool = made["pool"]
workers = [psutil.Process(pid) for pid in pool._pool._processes]
assert workers, "the pool started no worker"
gone, _ = psutil.wait_procs(workers, timeout=3)
assert gone == [], f"workers ended with the thread that started them: {gone}"
pids = set(pool.map_unordered(_ready, range(40)))
assert pids <= {w.pid for w in workers} | {psutil.Process().pid}, pids
pool.close()
"""


@pytest.mark.parametrize("method", ["forkserver", "spawn"])
def test_a_pool_outlives_the_thread_that_started_it(method):
    """Workers live on after the thread that made them ends, and the pool still runs.

    The kernel's parent of a process is the thread that created it: a worker or fork
    server that asked to die with that parent was killed as soon as the thread that
    started the pool ended. A fresh interpreter, so the fork server is new too.
    """
    done = subprocess.run(
        [sys.executable, "-c", THREAD_MADE_POOL, method],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-2000:]
