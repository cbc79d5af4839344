"""A step holds the cyclic garbage collector off, and needs no collector at all."""

from __future__ import annotations

import gc
import weakref

import pytest

from agi_economy import AGIEconomy
from agi_economy.phases import market
from agi_economy.scenario import builtin_names

SMALL = {"humans__count": 300}


@pytest.mark.parametrize("name", builtin_names())
def test_building_and_stepping_a_world_makes_no_garbage_cycles(name):
    """All a world's build and steps discard is freed by reference counting alone.

    So holding the collector off during a step keeps nothing alive that it would
    have freed. A first world of the scenario is run beforehand: libraries make some
    cycles once per process (networkx compiles a graph generator's argument handling
    on its first call, for the race game's lab network).
    """
    first = AGIEconomy(name, seed=3, **SMALL)
    while first.running:
        first.step()
    first.release()
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        model = AGIEconomy(name, seed=4, **SMALL)
        while model.running:
            model.step()
        assert gc.collect() == 0
        model.release()
    finally:
        if enabled:
            gc.enable()


@pytest.mark.parametrize("enabled", [True, False])
def test_a_step_holds_the_collector_off_and_leaves_it_as_it_was(enabled, monkeypatch):
    """Inside a step the collector is off; after it, ended or raised, it is as before."""
    seen: list[bool] = []
    run_economy = market.run_economy

    def watched(world):
        seen.append(gc.isenabled())
        return run_economy(world)

    monkeypatch.setattr("agi_economy.model.run_economy", watched)
    (gc.enable if enabled else gc.disable)()
    try:
        model = AGIEconomy("foom", seed=1, **SMALL)
        for _ in range(3):
            model.step()
        assert seen == [False, False, False]
        assert gc.isenabled() is enabled

        def broken(world):
            raise RuntimeError("a phase failed")

        monkeypatch.setattr("agi_economy.model.run_economy", broken)
        with pytest.raises(RuntimeError, match="a phase failed"):
            model.step()
        assert gc.isenabled() is enabled
        model.release()
    finally:
        gc.enable()


def test_a_finished_run_leaves_no_model_behind(monkeypatch):
    """As ``simulate`` returns, its model (a cycle: agents refer to it) is already freed.

    Otherwise a model still referred to when the collector next ran would wait, with
    its world, in an older generation: runs one after another would hold many.
    """
    from agi_economy.run import simulate

    made: list[weakref.ref] = []
    init = AGIEconomy.__init__

    def watched(self, *args, **kwargs):
        init(self, *args, **kwargs)
        made.append(weakref.ref(self))

    monkeypatch.setattr(AGIEconomy, "__init__", watched)
    assert gc.isenabled()
    for seed in range(5):
        result = simulate("foom", seed=seed, **SMALL)
        freed = made[-1]() is None  # before anything else is made that could trigger it
        assert freed
        assert result.steps.height > 0
