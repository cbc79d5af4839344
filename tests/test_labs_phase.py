"""The labs' phase hands each lab its own capability, and it is the capability it has."""

from __future__ import annotations

import pytest

from agi_economy.agents import Lab
from agi_economy.phases import contain, run_economy, run_labs, self_improve
from tests.test_world import hand_built_world


@pytest.mark.parametrize("scenario", ["race", "careless_lab", "foom"])
def test_capability_given_is_the_labs_own_at_its_turn(scenario, monkeypatch):
    """What set_safety and ready_to_train are given is the lab's capability at that moment.

    Through steps in which labs train during the phase.
    """
    seen = []
    set_safety, ready = Lab.set_safety, Lab.ready_to_train

    def checked_set_safety(self, leader, own=None):
        seen.append((own, self.capability))
        set_safety(self, leader, own)

    def checked_ready(self, capability=None):
        seen.append((capability, self.capability))
        return ready(self, capability)

    monkeypatch.setattr(Lab, "set_safety", checked_set_safety)
    monkeypatch.setattr(Lab, "ready_to_train", checked_ready)
    world = hand_built_world(scenario, seed=2, labs__training_threshold=1.05)
    trained = 0
    for step in range(1, 40):
        world.begin_step(step)
        before = len(world.agis)
        run_labs(world)
        trained += len(world.agis) > before
        self_improve(world)
        contain(world)
        run_economy(world)
    assert trained > 0  # labs trained during the phase
    assert seen
    assert all(given == actual for given, actual in seen)
