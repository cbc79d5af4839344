"""Where runs execute: in this process, in a pool of processes, or on a Dask cluster.

Every executor yields results as chunks finish (in any order) and keeps only a few
chunks in flight, so memory does not grow with the size of the experiment. Results
do not depend on the executor: each run is fixed by its seed, and the store sorts
rows canonically.

Dask is optional (``pip install "agi-economy[dask]"``) and imported only when asked
for. Without an address it starts a ``LocalCluster`` on 127.0.0.1 that speaks TLS
with temporary credentials (``Security.temporary()``), so only this process can
submit work to it; with ``scheduler="tcp://host:port"`` (or
``DASK_SCHEDULER_ADDRESS``) it joins an existing cluster, whose workers must have
this package installed and whose security is that cluster's (see docs/security.md).
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import multiprocessing.forkserver
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

from agi_economy.experiment.lifeline import die_with_parent, watch_parent

EXECUTORS = ("serial", "process", "dask")


WORKER_MB = 100
"""About what one worker process holds once the model is imported [MB]."""


def max_workers() -> int:
    """Most workers an executor may start: four per core of this machine."""
    return 4 * (os.cpu_count() or 1)


def _gb(size: float) -> str:
    return f"{size / 2**30:,.1f} GB"


class ExecutorError(ValueError):
    """An executor cannot start (missing extra, unreachable scheduler)."""


class SerialExecutor:
    """Runs every chunk in this process, one after another."""

    name = "serial"
    workers = 1

    def map_unordered(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        """Results of ``fn`` over ``items`` as they finish."""
        for item in items:
            yield fn(item)

    def close(self) -> None:
        """Nothing to release."""

    def describe(self) -> str:
        """One line for the user."""
        return "serial (this process)"


def _bounded(submit: Callable[[Any], Future], items: Iterable[Any], limit: int) -> Iterator[Any]:
    """Submit at most ``limit`` items at a time; yield results as they complete."""
    source = iter(items)
    pending = {submit(item) for item in itertools.islice(source, limit)}
    try:
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                result = future.result()
                for item in itertools.islice(source, 1):
                    pending.add(submit(item))
                yield result
    finally:
        for future in pending:
            future.cancel()


def _ready(_item: object = None) -> int:
    """A task that only proves a worker is up: its process id."""
    return os.getpid()


WORKER_MODULES = [
    "agi_economy.experiment._forkserver_lifeline",  # first: the server dies with the command
    "agi_economy.experiment.tasks",
    "agi_economy.run",
    "agi_economy.experiment._forkserver_freeze",  # last: what was imported stays shared
]
"""What the fork server imports before forking workers (the model, Mesa, SciPy: seconds)."""


def start_method() -> str:
    """``forkserver`` where the platform has it, else ``spawn``.

    Never plain ``fork``: the parent runs threads (Polars, the pool's own), and a
    forked copy of a threaded process can deadlock. A fork server is a fresh
    single-purpose process that imports the model once (:data:`WORKER_MODULES`) and
    forks every worker from that warm state, so workers start in milliseconds where
    spawned ones each import for seconds; it stays up for later pools.
    """
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


_END = object()
_MODEL_MODULE = "agi_economy.run"


class _Starter(threading.Thread):
    """Starts a pool's workers in the background (starting one blocks for seconds)."""

    def __init__(self, pool: ProcessPoolExecutor, workers: int):
        super().__init__(name="start-workers", daemon=True)
        self.pool, self.workers, self.error = pool, workers, None
        self.start()

    def run(self) -> None:
        """Submit one trivial task per worker and wait until every one has run."""
        try:
            for future in [self.pool.submit(_ready) for _ in range(self.workers)]:
                future.result()
        except BaseException as exc:  # noqa: BLE001  -- re-raised in the caller's thread
            self.error = exc

    def finish(self) -> None:
        """Wait for the workers; raise what went wrong starting them."""
        self.join()
        if self.error is not None:
            raise self.error


class ProcessExecutor:
    """A standard-library pool of worker processes, one per core by default."""

    name = "process"
    chunks_per_worker = 32  # a task here costs about a millisecond: balance comes first
    largest_chunk = 8

    def __init__(self, workers: int | None = None, method: str | None = None):
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.method = method or start_method()
        self._pool: ProcessPoolExecutor | None = None
        if self.method == "forkserver":
            # start the fork server's import now, while the caller prepares its work
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(WORKER_MODULES)
            multiprocessing.forkserver.ensure_running()

    def map_unordered(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        """Results of ``fn`` over ``items`` as they finish, ``2 * workers`` in flight.

        While a new pool's workers start (the fork server imports the model, or each
        spawned worker does), this process runs items itself rather than wait idle, if
        it has imported the model already.
        """
        source = iter(items)
        if self._pool is None:
            context = multiprocessing.get_context(self.method)
            if self.method == "forkserver":
                context.set_forkserver_preload(WORKER_MODULES)
            # forked by the fork server's one thread, a worker can ask the kernel to end
            # it with its parent; a spawned one is made by a thread of ours that may end
            # first, so it watches its parent process instead
            lifeline = die_with_parent if self.method == "forkserver" else watch_parent
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=lifeline)
            starting = _Starter(self._pool, self.workers)
            # Only a process that has imported the model already runs items meanwhile:
            # importing it here would take as long as the workers' start, on the cores
            # the fork server is importing on, and add seconds of CPU to the experiment.
            while starting.is_alive() and _MODEL_MODULE in sys.modules:
                item = next(source, _END)
                if item is _END:
                    break
                yield fn(item)
            starting.finish()
        pool = self._pool
        yield from _bounded(lambda item: pool.submit(fn, item), source, 2 * self.workers)

    def close(self) -> None:
        """Stop the pool's processes."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def describe(self) -> str:
        """One line for the user."""
        return f"process pool ({self.workers} workers, {self.method})"


class DaskExecutor:
    """Dask distributed: a LocalCluster on 127.0.0.1, or an existing scheduler.

    A task costs Dask about 13 ms of CPU whatever it runs (measured on 2 busy
    cores: 9 ms in this process's scheduler, nannies and client, 4 ms in the
    worker's event loop; messages over TLS, state transitions), where the process
    pool's parent spends about 1 ms. So runs go in fewer, larger chunks: about 8
    per worker, of at most 16 runs (under 2 s of work at the default size, so
    progress still shows often and a kill loses little).
    """

    name = "dask"
    chunks_per_worker = 8
    largest_chunk = 16

    def __init__(
        self,
        workers: int | None = None,
        scheduler: str | None = None,
        *,
        processes: bool = True,
        timeout: float = 20.0,
    ):
        try:
            import distributed
        except ImportError:
            raise ExecutorError(
                'the dask executor needs Dask: pip install "agi-economy[dask]"'
            ) from None
        self.address = scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS") or None
        self._cluster = None
        if self.address is None:
            # worker processes talk over TLS on 127.0.0.1 only, with credentials made for
            # this cluster: another local process cannot join it or run code on a worker
            where = {"host": "127.0.0.1", **_tls()} if processes else {}
            with _local_worker_settings():
                self._cluster = distributed.LocalCluster(
                    n_workers=max(1, workers or os.cpu_count() or 1),
                    threads_per_worker=1,
                    processes=processes,
                    dashboard_address=_dashboard_address(),
                    **where,
                )
            self.client = distributed.Client(self._cluster, security=self._cluster.security)
        else:
            try:
                self.client = distributed.Client(self.address, timeout=f"{timeout}s")
            except (OSError, ValueError) as exc:  # ValueError: not an address at all
                raise ExecutorError(
                    f"--scheduler: cannot reach Dask scheduler {self.address!r} ({exc}); "
                    "expected tcp://host:port"
                ) from None
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))

    def map_unordered(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        """Results of ``fn`` over ``items`` as they finish, ``2 * workers`` in flight."""
        from distributed import as_completed

        source = iter(items)
        queue = as_completed()
        for item in itertools.islice(source, 2 * self.workers):
            queue.add(self.client.submit(fn, item, pure=False))
        try:
            for future in queue:
                result = future.result()
                future.release()
                for item in itertools.islice(source, 1):
                    queue.add(self.client.submit(fn, item, pure=False))
                yield result
        finally:
            queue.clear()

    def close(self) -> None:
        """Close the client, and the cluster if this executor started it."""
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    def describe(self) -> str:
        """One line for the user."""
        where = self.address or "LocalCluster on 127.0.0.1"
        link = self.client.dashboard_link if self._cluster and _dashboard_address() else ""
        return f"dask ({where}, {self.workers} workers)" + (f", dashboard {link}" if link else "")


@contextlib.contextmanager
def _local_worker_settings() -> Iterator[None]:
    """Dask settings under which a LocalCluster's workers cost what pool workers cost.

    Dask spawns each worker, which then imports the model itself (seconds of CPU
    each), and samples every worker's stack every 10 ms for its profiler. Here the
    workers fork from a fork server that has imported Dask and the model once (as
    the process pool's do), and the profiler is off (the dashboard keeps task
    timings). Where the platform has no fork server, Dask's default applies.

    Every process of a cluster (scheduler, nannies, workers) also wakes on timers:
    its event-loop watchdog every 20 ms, its system monitor every 500 ms, a worker's
    memory check every 100 ms, the scheduler's work stealing every second and
    memory manager every two. Runs here are tasks of a few seconds at most, each a
    chunk that no other task depends on, so nothing is gained from stealing or
    moving data; the timers are slowed to intervals at which they still report in
    time.

    What Dask still costs more than the pool is fixed, not per run: starting the
    cluster takes about 1.3 to 1.9 s more CPU than starting the pool (importing
    Dask here and in the fork server, the scheduler and nannies with their TLS
    credentials, each worker registering). Measured on 2 cores at load average 8
    to 10 (``benchmarks/dask_cost.py``), Dask / process CPU per run is 1.08 on 128
    runs of ``compare foom``, 0.99 on 512, and 0.95 to 0.99 without the start-up.
    """
    import dask
    import distributed.utils

    settings: dict[str, Any] = {
        "distributed.worker.profile.enabled": False,
        "distributed.admin.tick.interval": "500ms",
        "distributed.admin.system-monitor.interval": "2s",
        "distributed.worker.memory.monitor-interval": "500ms",
        "distributed.scheduler.work-stealing": False,
        "distributed.scheduler.active-memory-manager.start": False,
    }
    if start_method() == "forkserver":
        settings["distributed.worker.multiprocessing-method"] = "forkserver"
    with dask.config.set(settings):
        if start_method() == "forkserver":
            # On its first call, Dask's get_mp_context imports here every optional
            # package Dask knows of (pandas and pyarrow among them: about half a second
            # of CPU in this process, which runs no model) to list them for the fork
            # server, and sets that list. The fork server's list is set here instead,
            # the model's modules with Dask, and marked as set so that Dask keeps it.
            preload = ["distributed", *WORKER_MODULES]
            if hasattr(distributed.utils, "_forkserver_preload_set"):
                multiprocessing.get_context("forkserver").set_forkserver_preload(preload)
                distributed.utils._forkserver_preload_set = True
            else:  # another Dask: let it set its list first, then replace it
                distributed.utils.get_mp_context().set_forkserver_preload(preload)
        yield


def _dashboard_address() -> str | None:
    """Serve the dashboard on a free local port when Bokeh is installed; else none."""
    try:
        import bokeh  # noqa: F401
    except ImportError:
        return None
    return "127.0.0.1:0"


def _tls() -> dict[str, Any]:
    """LocalCluster options for TLS with temporary credentials (a fresh CA per cluster)."""
    from distributed.security import Security

    return {"protocol": "tls", "security": Security.temporary()}


def make_executor(
    name: str, workers: int | None = None, scheduler: str | None = None
) -> SerialExecutor | ProcessExecutor | DaskExecutor:
    """The executor called ``name``.

    Raises:
        ExecutorError: an unknown name, or Dask missing or unreachable.
    """
    if workers is not None and workers > max_workers():
        raise ExecutorError(
            f"--workers: at most {max_workers()} on this machine (4 per core; got {workers:,}): "
            f"each worker is a process of about {WORKER_MB} MB, so {workers:,} would need "
            f"about {_gb(workers * WORKER_MB * 2**20)}"
        )
    if name == "serial":
        return SerialExecutor()
    if name == "process":
        return ProcessExecutor(workers)
    if name == "dask":
        return DaskExecutor(workers, scheduler)
    raise ExecutorError(f"unknown executor {name!r}: expected one of {', '.join(EXECUTORS)}")
