"""Executors: serial, a process pool and a real Dask LocalCluster give identical files."""

from __future__ import annotations

import json
import socket
import ssl
import subprocess
import sys

import pytest

from agi_economy.experiment import ExecutorError, make_executor, sweep
from agi_economy.experiment.executors import DaskExecutor, ProcessExecutor
from agi_economy.experiment.runner import chunk_size_for

SWEEP = {
    "vary": ["labs.careless=0:4", "agis.growth.k=0.9:1.3"],
    "design": "grid",
    "samples": 3,  # careless 0, 2, 4: the last is invalid with 3 labs, so its runs fail
    "replicates": 3,
    "seed": 21,
    "plot": False,
    "labs__count": 3,
    "humans__count": 100,
    "meta__steps": 40,
}


def test_serial_process_and_dask_write_bit_identical_results(tmp_path):
    """The same experiment gives byte-identical runs.parquet on every executor."""
    sweep("foom", out=tmp_path / "serial", **SWEEP)
    for method in ("forkserver", "spawn"):  # spawn: where there is no fork server
        pool = ProcessExecutor(2, method)
        try:
            sweep("foom", out=tmp_path / method, executor=pool, chunk_size=2, **SWEEP)
        finally:
            pool.close()
    dask = DaskExecutor(2)  # LocalCluster: 2 worker processes, 1 thread each
    try:
        assert dask.client.scheduler.address.startswith("tls://127.0.0.1:")
        assert dask.workers == 2
        sweep("foom", out=tmp_path / "dask", executor=dask, chunk_size=2, **SWEEP)
        # the larger chunks Dask's own chunking gives a comparison of 32 replicates
        size = chunk_size_for(dask, 128)
        assert size > chunk_size_for(pool, 128)
        sweep("foom", out=tmp_path / "dask-chunks", executor=dask, chunk_size=size, **SWEEP)
    finally:
        dask.close()
    reference = (tmp_path / "serial" / "runs.parquet").read_bytes()
    assert b"failed" in reference
    for name in ("forkserver", "spawn", "dask", "dask-chunks"):
        assert (tmp_path / name / "runs.parquet").read_bytes() == reference
        assert (tmp_path / name / "comparison.parquet").read_bytes() == (
            tmp_path / "serial" / "comparison.parquet"
        ).read_bytes()


@pytest.mark.parametrize("runs", [1, 7, 128, 1_000, 100_000])
@pytest.mark.parametrize("workers", [1, 2, 16])
def test_dask_runs_fewer_larger_chunks_than_the_pool_and_both_balance(runs, workers):
    """Dask's chunks hold at least the pool's runs; each executor keeps its bounds.

    A chunk stays within the executor's largest, and holds more than one run only
    where chunks one run smaller would give every worker more than the executor's
    chunks per worker (so the load still balances).
    """
    pool, dask = object.__new__(ProcessExecutor), object.__new__(DaskExecutor)
    pool.workers = dask.workers = workers  # the rule reads only the worker count
    sizes = {}
    for executor in (pool, dask):
        size = sizes[executor.name] = chunk_size_for(executor, runs)
        assert 1 <= size <= executor.largest_chunk
        assert size == 1 or runs > executor.chunks_per_worker * workers * (size - 1)
    assert sizes["dask"] >= sizes["process"]
    if runs >= 64 * workers:  # where the pool's chunks hold two runs and more
        assert sizes["dask"] >= 2 * sizes["process"]  # at most half the pool's tasks


def test_dask_is_imported_only_when_asked_for():
    """Importing the experiment package (and the CLI) does not import Dask."""
    code = (
        "import sys, agi_economy.experiment, agi_economy.cli; "
        "print(any(m.startswith(('dask', 'distributed')) for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


_PRELOAD_CHECK = """
import json, sys
from agi_economy.experiment.executors import DaskExecutor, start_method
dask = DaskExecutor(1)
try:
    here = [m for m in ("pandas", "pyarrow", "mesa", "agi_economy.run") if m in sys.modules]
    there = dask.client.run(lambda: "agi_economy.run" in __import__("sys").modules)
finally:
    dask.close()
print(json.dumps({"method": start_method(), "here": here, "there": list(there.values())}))
"""


def test_a_local_cluster_forks_workers_with_the_model_and_imports_nothing_more_here():
    """A LocalCluster's workers come from a fork server that has imported the model.

    Before any task, each worker has the model's modules (it needs no import of its
    own). Starting the cluster imports none of the model's dependencies in the process
    that asks for it, which runs no model: Dask itself would import pandas and pyarrow
    there, only to list them for the fork server.
    """
    out = subprocess.run(
        [sys.executable, "-c", _PRELOAD_CHECK], capture_output=True, text=True, check=True
    )
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    if seen["method"] != "forkserver":
        pytest.skip("no fork server on this platform: Dask spawns its workers")
    assert seen["there"] == [True]
    assert seen["here"] == []


_POOL_CHECK = """
import json, os, sys
from agi_economy.experiment.executors import ProcessExecutor, _ready
pool = ProcessExecutor(2)
try:
    pids = list(pool.map_unordered(_ready, range(40)))
finally:
    pool.close()
print(json.dumps({"me": os.getpid(), "pids": pids, "model": "agi_economy.run" in sys.modules}))
"""


def test_a_process_without_the_model_leaves_every_item_to_the_pool_and_imports_nothing():
    """A process that has not imported the model does not run items while workers start.

    Importing the model there would take as long as the workers' start and add its CPU
    to the experiment's: every item runs in a worker, and the model stays unimported.
    """
    out = subprocess.run(
        [sys.executable, "-c", _POOL_CHECK], capture_output=True, text=True, check=True
    )
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert len(seen["pids"]) == 40
    assert seen["me"] not in seen["pids"]
    assert not seen["model"]


def test_unknown_executor_and_unreachable_scheduler_are_errors():
    """A bad executor name or scheduler address raises ExecutorError."""
    with pytest.raises(ExecutorError, match="unknown executor"):
        make_executor("threads")
    with pytest.raises(ExecutorError, match="cannot reach"):
        DaskExecutor(scheduler="tcp://127.0.0.1:9", timeout=1.0)


def _session_without_credentials(host: str, port: int) -> bytes:
    """Open TLS to ``host:port`` with no client certificate; what the server then sends."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with (
        socket.create_connection((host, port), timeout=30) as raw,
        context.wrap_socket(raw) as tls,
    ):
        tls.sendall(b"\x00" * 8)
        return tls.recv(1)


def test_the_local_dask_cluster_refuses_clients_without_its_credentials():
    """The LocalCluster speaks TLS and wants a client certificate no other process has."""
    dask = DaskExecutor(1)
    try:
        address = dask.client.scheduler.address
        assert address.startswith("tls://127.0.0.1:")
        assert dask.client.security.require_encryption
        host, port = address.removeprefix("tls://").rsplit(":", 1)
        try:
            answer = _session_without_credentials(host, int(port))
        except (ssl.SSLError, ConnectionError):
            answer = b""  # refused in the handshake or right after it
        assert answer == b""
    finally:
        dask.close()
