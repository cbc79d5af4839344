"""Race phase: labs that choose safety by the race game revise it before they spend.

Runs before the labs' phase, only when ``labs.safety_choice = "race_game"``; with the
default fixed choice it returns at once and draws nothing. See
:mod:`agi_economy.race_labs`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agi_economy.race import UNSAFE
from agi_economy.race_labs import RaceState, race_game

if TYPE_CHECKING:
    from agi_economy.world import World


def choose_safety(world: World) -> None:
    """Labs imitate better-paid rivals' strategies; each lab's safety fraction follows its own."""
    c = world.cfg.labs
    if c.safety_choice != "race_game" or not world.labs:
        return
    if world.race is None:
        careless = [lab.careless for lab in world.labs]
        world.race = RaceState.found(careless, c.race_network, world.seed)
    detection = max(lab.levers.race_detection for lab in world.labs)
    payoffs = race_game(c, detection).payoffs()
    updates = world.clock.count(c.race_learning_rate, world.steps) * len(world.labs)
    for i in world.race.revise(payoffs, c.race_selection, updates):
        unsafe = world.race.strategies[i] == UNSAFE
        world.log("race_switch", None, "unsafe" if unsafe else "safe", lab=world.labs[i])
    for lab, strategy in zip(world.labs, world.race.strategies, strict=True):
        unsafe = strategy == UNSAFE
        lab.base_safety_fraction = c.careless_safety_fraction if unsafe else c.safety_fraction
