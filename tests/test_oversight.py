"""The containment rounds: audits stop with capacity, escape chances are taken at once."""

from __future__ import annotations

import numpy as np
import pytest

from agi_economy import containment
from agi_economy.agents import DEPLOYED, ESCAPED
from agi_economy.phases import self_improve
from agi_economy.phases.oversight import audit_round, escape, escape_round
from tests.test_world import hand_built_world

MANY = {"labs__count": 6, "agis__initial_per_lab": 20, "agis__max_agis": 120}
WEAK_BOXES = {"agis__misaligned_probability": 0.7, "containment__box_strength": 0.3}


def escape_one_at_a_time(world) -> None:
    """Reference: each system's escape chance computed and drawn on its own, in turn."""
    c, clock, rng = world.cfg.containment, world.clock, world.rng
    for agi in world.shuffled([a for a in world.agis if a.controlled]):
        if agi.aligned:
            continue
        box = agi.lab.box_strength * (c.deployed_box_factor if agi.status == DEPLOYED else 1.0)
        myopia = max(agi.myopia, agi.lab.levers.myopia)
        p = containment.escape_probability(
            agi.intelligence, box, c.escape_temperature, c.escape_scale, myopia
        )
        if rng.random() < clock.share(float(p)):
            escape(world, agi, "reference")


def state(world) -> tuple:
    """What an escape round changes: statuses, labs' compute and the generator."""
    return (
        [a.status for a in world.agis],
        [a.compute for a in world.agis],
        [lab.compute for lab in world.labs],
        world.rng.bit_generator.state["state"]["state"],
    )


@pytest.mark.parametrize("seed", range(6))
def test_escape_round_is_the_one_at_a_time_loop(seed):
    """Escapes, compute moved and the generator's state equal the per-system loop's."""
    worlds = []
    for _ in range(2):
        world = hand_built_world("foom", seed=seed, **MANY, **WEAK_BOXES)
        for step in range(1, 4):
            world.begin_step(step)
            self_improve(world)
        for agi in [a for a in world.agis if not a.aligned][::2]:
            agi.status = DEPLOYED  # the deployed box factor is taken too
        worlds.append(world)
    escape_round(worlds[0])
    escape_one_at_a_time(worlds[1])
    assert state(worlds[0]) == state(worlds[1])
    escaped = sum(a.status == ESCAPED for a in worlds[0].agis)
    assert 0 < escaped < sum(not a.aligned for a in worlds[0].agis)  # some, not all


def test_audits_stop_when_capacity_is_spent():
    """Capacity c allows at most floor(c) audits; once spent, no audit draws anything."""
    world = hand_built_world(containment__audit_rate=1.0, **MANY)
    world.begin_step(1)
    world.scratch.audits_left = 3.5
    passed = [a.audits_passed for a in world.agis]
    audit_round(world)
    audited = sum(a.audits_passed > p for a, p in zip(world.agis, passed, strict=True))
    assert world.scratch.audits_left == 0.5
    assert audited <= 3
    # With no capacity the round draws only its shuffle.
    world.scratch.audits_left = 0.0
    twin = np.random.default_rng()
    twin.bit_generator.state = world.rng.bit_generator.state
    twin.permutation(sum(a.controlled for a in world.agis))
    audit_round(world)
    assert world.rng.random() == twin.random()
