"""Finished models are freed: no run, failed or not, stays reachable through Mesa."""

import gc

import mesa
import pytest

from agi_economy import AGIEconomy, simulate
from agi_economy import run as run_module
from agi_economy.agents import Lab
from agi_economy.experiment.compare import base_scenario
from agi_economy.experiment.tasks import Cell, Chunk, RunTask, run_chunk

TINY = {"humans__count": 30, "meta__steps": 3}


def live_models() -> int:
    """Models of this simulator still alive after a full collection."""
    gc.collect()
    return sum(isinstance(obj, AGIEconomy) for obj in gc.get_objects())


class Stop(RuntimeError):
    """Raised on purpose inside a run."""


def stop(step: int, total: int) -> None:
    """A progress callback that fails the run after its first step."""
    raise Stop(f"stopped at step {step} of {total}")


def test_many_runs_leave_no_model_behind():
    """Forty runs, one of them raising mid-run, leave no model alive and none in Mesa."""
    before = live_models()
    for seed in range(40):
        simulate("foom", seed=seed, **TINY)
    with pytest.raises(Stop):
        simulate("foom", seed=99, progress=stop, **TINY)
    assert live_models() == before
    assert not any(isinstance(key, AGIEconomy) for key in mesa.Agent._ids)


def test_a_build_that_raises_leaves_no_model_behind(monkeypatch):
    """A model whose build fails after its agents exist is released before the error."""
    original = Lab.__init__

    def failing(self, model, **kwargs):
        original(self, model, **kwargs)
        raise Stop("lab refused")

    monkeypatch.setattr(Lab, "__init__", failing)
    before = live_models()
    for seed in range(5):
        with pytest.raises(Stop):
            AGIEconomy("foom", seed=seed, **TINY)
    assert live_models() == before


def test_worker_chunks_leave_no_model_behind(monkeypatch):
    """What every executor runs (a chunk of runs, some failing after they ran) frees them."""
    original = run_module.result_of

    def fail_odd_seeds(model):
        if model.seed % 2:
            raise Stop("summary refused")
        return original(model)

    monkeypatch.setattr(run_module, "result_of", fail_odd_seeds)
    _, base = base_scenario("foom", TINY)
    tasks = tuple(RunTask(0, r, seed=r) for r in range(20))
    before = live_models()
    rows = run_chunk(Chunk(base, {0: Cell("none")}, tasks))
    assert [row["status"] for row in rows] == ["ok", "failed"] * 10
    assert live_models() == before


def test_a_released_model_stays_readable():
    """Leaving a ``with`` block releases the model but keeps its state readable."""
    with AGIEconomy("foom", seed=1, **TINY) as model:
        model.step()
    assert model not in mesa.Agent._ids
    assert model.steps == 1
    assert len(model.agents) > TINY["humans__count"]
