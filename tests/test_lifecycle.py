"""Finished models are freed: no run, failed or not, stays reachable through Mesa."""

import gc
import weakref

import mesa
import pytest

from agi_economy import AGIEconomy, simulate
from agi_economy import run as run_module
from agi_economy.agents import Lab
from agi_economy.experiment.compare import base_scenario
from agi_economy.experiment.tasks import Cell, Chunk, RunTask, run_chunk
from agi_economy.lifecycle import Releasable

TINY = {"humans__count": 30, "meta__steps": 3}


def alive(refs: list[weakref.ref]) -> int:
    """How many of the referenced models are still alive after a full collection."""
    gc.collect()
    return sum(ref() is not None for ref in refs)


@pytest.fixture
def built(monkeypatch) -> list[weakref.ref]:
    """Weak references to every model a run enters during the test."""
    refs: list[weakref.ref] = []
    enter = Releasable.__enter__

    def recording(self):
        refs.append(weakref.ref(self))
        return enter(self)

    monkeypatch.setattr(Releasable, "__enter__", recording)
    return refs


class Stop(RuntimeError):
    """Raised on purpose inside a run."""


def stop(step: int, total: int) -> None:
    """A progress callback that fails the run after its first step."""
    raise Stop(f"stopped at step {step} of {total}")


def test_many_runs_leave_no_model_behind(built):
    """Forty runs, one of them raising mid-run, leave no model alive and none in Mesa.

    Only this test's models are counted: others the same process built before (tests
    that keep a model to inspect it) may still be held.
    """
    before = set(mesa.Agent._ids)  # held for the test, so no id is reused
    for seed in range(40):
        simulate("foom", seed=seed, **TINY)
    with pytest.raises(Stop):
        simulate("foom", seed=99, progress=stop, **TINY)
    assert len(built) == 41
    assert alive(built) == 0
    left = [k for k in mesa.Agent._ids if isinstance(k, AGIEconomy) and k not in before]
    assert left == []


def test_a_build_that_raises_leaves_no_model_behind(monkeypatch):
    """A model whose build fails after its agents exist is released before the error."""
    original = Lab.__init__
    refs: list[weakref.ref] = []

    def failing(self, model, **kwargs):
        original(self, model, **kwargs)
        refs.append(weakref.ref(model))
        raise Stop("lab refused")

    monkeypatch.setattr(Lab, "__init__", failing)
    for seed in range(5):
        with pytest.raises(Stop):
            AGIEconomy("foom", seed=seed, **TINY)
    assert len(refs) == 5
    assert alive(refs) == 0


def test_worker_chunks_leave_no_model_behind(monkeypatch, built):
    """What every executor runs (a chunk of runs, some failing after they ran) frees them."""
    original = run_module.result_of

    def fail_odd_seeds(model):
        if model.seed % 2:
            raise Stop("summary refused")
        return original(model)

    monkeypatch.setattr(run_module, "result_of", fail_odd_seeds)
    _, base = base_scenario("foom", TINY)
    tasks = tuple(RunTask(0, r, seed=r) for r in range(20))
    rows = run_chunk(Chunk(base, {0: Cell("none")}, tasks))
    assert [row["status"] for row in rows] == ["ok", "failed"] * 10
    assert len(built) == 20
    assert alive(built) == 0


def test_a_released_model_stays_readable():
    """Leaving a ``with`` block releases the model but keeps its state readable."""
    with AGIEconomy("foom", seed=1, **TINY) as model:
        model.step()
    assert model not in mesa.Agent._ids
    assert model.steps == 1
    assert len(model.agents) == len(model.labs) + len(model.agis)
    assert len(model.people) == TINY["humans__count"]  # built now, on first use
    assert model not in mesa.Agent._ids  # and the model stays released


@pytest.mark.parametrize("enabled", [True, False])
def test_a_run_holds_the_cyclic_collector_off_and_restores_it(enabled, monkeypatch):
    """Between steps too the collector is off during a run; after it, ended or raised, as it was."""
    seen: list[bool] = []
    step = AGIEconomy.step

    def watched(self):
        seen.append(gc.isenabled())
        step(self)

    monkeypatch.setattr(AGIEconomy, "step", watched)
    (gc.enable if enabled else gc.disable)()
    try:
        simulate("foom", seed=1, **TINY)
        assert seen
        assert not any(seen)
        assert gc.isenabled() is enabled
        with pytest.raises(ValueError, match="humans"):
            simulate("foom", seed=1, humans__count=-1)
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
