"""The containment rounds: audits stop with capacity, escape chances are taken at once."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from agi_economy import containment
from agi_economy.agents import CONTROLLED, DEPLOYED, ESCAPED
from agi_economy.clock import Clock
from agi_economy.phases import self_improve
from agi_economy.phases.oversight import (
    AUDIT_BLOCKS,
    RECAPTURE_ARRAYS,
    SHARE_ARRAYS,
    audit,
    audit_round,
    below_share,
    contain,
    escape,
    escape_round,
    recapture_round,
    shut_down,
)
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


def audit_one_draw_at_a_time(world) -> None:
    """Reference: the audit round with one ``rng.random()`` call per draw, as drawn."""
    c, clock, rng = world.cfg.containment, world.clock, world.rng
    for agi in world.shuffled([a for a in world.agis if a.status in CONTROLLED]):
        if world.scratch.audits_left < 1.0:
            break
        rate = clock.share(max(c.audit_rate, agi.lab.levers.audit_rate))
        if rng.random() < rate:
            world.scratch.audits_left -= 1.0
            audit(world, agi, 1)  # draws for detection itself


def recapture_one_at_a_time(world) -> None:
    """Reference: each escaped system's recapture chance computed and drawn in turn."""
    c, clock, rng = world.cfg.containment, world.clock, world.rng
    escaped = [a for a in world.agis if a.status == ESCAPED]
    if not escaped:
        return
    total = max(world.total_power(), 1e-300)
    for agi in world.shuffled(escaped):
        p = containment.recapture_probability(
            c.recapture_rate,
            float(world.population.wealth[agi.reach].sum()),
            world.holdings(agi),
            c.recapture_scale * total,
            agi.intelligence - c.auditor_intelligence,
            c.gap_penalty,
        )
        if rng.random() < clock.share(float(p)):
            world.log("recaptured", agi)
            shut_down(world, agi, "recaptured")


def everything(world) -> tuple:
    """What a containment round may change: systems, labs, people, events, the generator."""
    return (
        [
            (a.status, a.compute, a.wealth, a.state, a.audits_passed, a.checkpoint)
            for a in world.agis
        ],
        [(lab.compute, lab.capital) for lab in world.labs],
        world.population.wealth.tobytes(),
        world.scratch.audits_left,
        world.events,
        world.rng.bit_generator.state,
    )


FEW = {"labs__count": 3, "agis__initial_per_lab": 4, "agis__max_agis": 12}


def grown_world(seed: int, size: dict = MANY, **overrides):
    """A world of many systems (or ``size``), weakly boxed, after a few steps of growth."""
    world = hand_built_world("foom", seed=seed, **size, **WEAK_BOXES, **overrides)
    for step in range(1, 4):
        world.begin_step(step)
        self_improve(world)
    return world


@pytest.mark.parametrize("size", [MANY, FEW], ids=["blocks", "one_by_one"])
@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("capacity", [0.0, 0.99, 1.0, 3.5, 12.0, 1e6, math.inf])
@pytest.mark.parametrize(
    "overrides",
    [{}, {"containment__audit_rate": 1.0}, {"containment__on_detection": "rollback"}],
)
def test_audit_round_draws_what_one_call_per_draw_does(size, seed, capacity, overrides):
    """Audits, detections, shutdowns and the generator equal the one-draw-per-call loop's.

    Its draws are taken in blocks of no more than the loop is sure to use: the generator
    must end where the reference leaves it, whatever the capacity.
    """
    worlds = [grown_world(seed, size, **overrides) for _ in range(2)]
    controlled = sum(a.status in CONTROLLED for a in worlds[0].agis)
    assert (controlled >= AUDIT_BLOCKS) == (size is MANY)  # the path named is taken
    for world in worlds:
        world.scratch.audits_left = capacity
    left = audit_round(worlds[0])
    audit_one_draw_at_a_time(worlds[1])
    assert everything(worlds[0]) == everything(worlds[1])
    assert left == [a for a in worlds[0].agis if a.status in CONTROLLED]
    if capacity >= 1e6:  # every system had its chance: some were caught
        assert any(e["kind"] == "detection" for e in worlds[0].events)


@pytest.mark.parametrize("every", [2, 60], ids=["at_once", "one_by_one"])
@pytest.mark.parametrize("seed", range(6))
def test_recapture_round_is_the_one_at_a_time_loop(seed, every):
    """Recaptures, the holdings they return and the generator equal the per-system loop's.

    The escaped hold wealth and reach overlapping people, so a recapture changes the
    chances of those after it in the round.
    """
    worlds = []
    for _ in range(2):
        world = grown_world(
            seed,
            containment__recapture_rate=0.6,
            containment__recapture_scale=0.01,  # chances that move with the wealth around
            containment__gap_penalty=0.1,
        )
        people = float(world.population.wealth.sum())
        for agi in world.agis[::every]:
            escape(world, agi, "test")
            agi.wealth = 0.03 * people
        worlds.append(world)
    escaped = len(worlds[0].agis[::every])
    assert (escaped >= RECAPTURE_ARRAYS) == (every == 2)  # the path named is taken
    recapture_round(worlds[0])
    recapture_one_at_a_time(worlds[1])
    assert everything(worlds[0]) == everything(worlds[1])
    recaptured = sum(e["kind"] == "recaptured" for e in worlds[0].events)
    if every == 2:
        assert 0 < recaptured < escaped  # some, not all


@pytest.mark.parametrize("seed", range(4))
def test_contain_is_its_rounds_each_listing_the_systems_itself(seed):
    """contain hands the controlled systems from round to round; each round alone agrees."""
    worlds = [grown_world(seed, containment__audit_rate=0.8) for _ in range(2)]
    for world in worlds:
        world.scratch.audits_left = 25.0
    contain(worlds[0])
    audit_round(worlds[1])
    escape_round(worlds[1])
    recapture_round(worlds[1])
    assert everything(worlds[0]) == everything(worlds[1])
    kinds = {e["kind"] for e in worlds[0].events}
    assert {"detection", "escape"} <= kinds


shares = st.floats(-0.5, 1.5) | st.sampled_from([0.0, 1.0, 5e-324, 1e-300, 1.0 - 1e-16, math.nan])


@given(
    months=st.floats(0.01, 36.0) | st.sampled_from([1.0, 0.5, 3.0]),
    chances=st.lists(st.tuples(shares, st.integers(0, 3), st.floats(0.0, 1.0)), max_size=40),
)
def test_below_share_compares_each_draw_with_its_share(months, chances):
    """The draws found below their chance are those below ``clock.share`` of it, one by one.

    The draws include each share itself and its neighbouring floats, where numpy's
    approximate shares could err.
    """
    clock = Clock(months)
    p, draws = [], []
    for chance, where, u in chances:
        share = clock.share(chance)
        exact = [u, share, math.nextafter(share, 0.0), math.nextafter(share, 1.0)][where]
        p.append(chance)
        draws.append(min(max(exact, 0.0), math.nextafter(1.0, 0.0)))
    # A few (one share each) and enough for the array pass.
    for times in (1, SHARE_ARRAYS // max(len(p), 1) + 1):
        ps, us = p * times, draws * times
        expected = [j for j, (u, c) in enumerate(zip(us, ps, strict=True)) if u < clock.share(c)]
        got = below_share(np.array(us, dtype=float), np.array(ps, dtype=float), clock)
        assert got == expected
