"""Every executor frees each run's model: no worker holds more models as runs go by."""

from __future__ import annotations

import os

import pytest

from agi_economy.experiment import make_executor
from agi_economy.experiment.compare import base_scenario
from agi_economy.experiment.tasks import Cell, Chunk, RunTask
from tests.experiment.live_models import live_models, run_and_count

TINY = {"humans__count": 30, "meta__steps": 3}
CHUNKS = 10
RUNS_PER_CHUNK = 6


@pytest.mark.parametrize("name", ["serial", "process", "dask"])
def test_no_executor_keeps_a_model_after_its_run(name):
    """After each of 10 chunks (60 runs, some failing), its process holds no new model."""
    if name == "dask":
        pytest.importorskip("distributed")
    _, base = base_scenario("foom", TINY)
    cells = {0: Cell("none"), 1: Cell("bad", params={"humans.count": -1})}  # build fails
    chunks = [
        Chunk(
            base,
            cells,
            tuple(
                RunTask(r % 2, r, seed=r)
                for r in range(i * RUNS_PER_CHUNK, (i + 1) * RUNS_PER_CHUNK)
            ),
        )
        for i in range(CHUNKS)
    ]
    before = live_models()  # models other tests left in this process
    executor = make_executor(name, 2 if name != "serial" else None)
    try:
        results = list(executor.map_unordered(run_and_count, chunks))
    finally:
        executor.close()
    statuses = [row["status"] for result in results for row in result["rows"]]
    assert len(statuses) == CHUNKS * RUNS_PER_CHUNK
    assert {"ok", "failed"} == set(statuses)
    for result in results:
        # a pool's parent runs chunks itself while its workers start
        here = result["pid"] == os.getpid()
        assert result["alive"] <= (before[0] if here else 0), result
        assert result["held"] <= (before[1] if here else 0), result
    if name != "serial":
        assert any(result["pid"] != os.getpid() for result in results)
