"""The world's state is explicit: phases run on a World built by hand, without Mesa."""

from __future__ import annotations

import copy
import math

import networkx as nx
import numpy as np

from agi_economy.agents import DEPLOYED
from agi_economy.network import Ties
from agi_economy.phases import check_takeover, contain, run_economy, run_labs, self_improve
from agi_economy.population import Population
from agi_economy.scenario import load_scenario
from agi_economy.world import World


def hand_built_world(name: str = "slow_takeoff", seed: int = 3, **overrides) -> World:
    """A world from a scenario, a generator and a small ring of people: no Mesa model."""
    cfg = load_scenario(name, **overrides)
    rng = np.random.default_rng(seed)
    graph = nx.cycle_graph(50)
    population = Population(cfg.humans, 50, Ties.from_graph(graph, 50), rng)
    world = World(cfg, seed, rng, population)
    world.found_labs()
    return world


def test_phases_run_on_a_world_without_a_model():
    """Every phase of a step runs on a hand-built world and changes what it owns."""
    world = hand_built_world()
    assert not hasattr(world, "grid")
    assert not hasattr(world, "schedule")
    start = [a.intelligence for a in world.agis]
    for step in range(1, 25):
        world.begin_step(step)
        run_labs(world)
        self_improve(world)
        contain(world)
        output = run_economy(world)
        check_takeover(world, world.power_shares())
        assert output == world.scratch.output > 0.0
    after = np.array([a.intelligence for a in world.agis[: len(start)]])
    assert np.all(after >= np.array(start))
    assert np.any(after > np.array(start))
    assert world.months == 24.0


def test_scratch_values_reset_every_step():
    """A new step begins with no audits used, no iterations and no output yet."""
    world = hand_built_world()
    world.begin_step(1)
    self_improve(world)
    assert world.scratch.iterations > 0
    world.begin_step(2)
    assert (world.scratch.iterations, world.scratch.output) == (0, 0.0)
    assert world.scratch.audits_left == 0.0


def test_the_economy_phase_alone_pays_deployed_systems():
    """run_economy tested by itself: a deployed AGI's lab gains its revenue."""
    world = hand_built_world(agis__misaligned_probability=0.0)
    agi = world.agis[0]
    agi.status = DEPLOYED
    before = agi.lab.capital
    world.begin_step(1)
    run_economy(world)
    assert agi.wealth > 0.0
    assert agi.lab.capital > before
    assert 0.0 < world.automation < 1.0


def test_shuffled_is_the_order_a_permutation_of_the_indices_draws():
    """``shuffled`` gives the order indexing by ``rng.permutation`` gives.

    It also leaves the generator where that leaves it, at every length, so runs keep
    their draws.
    """
    for n in (0, 1, 2, 3, 7, 64, 2_000):
        for seed in range(5):
            items = [object() for _ in range(n)]
            world = hand_built_world(seed=seed)
            reference = copy.deepcopy(world.rng)
            expected = [items[i] for i in reference.permutation(n)] if n > 1 else items
            got = world.shuffled(items)
            assert got == expected
            assert got is not items
            assert world.rng.random() == reference.random()


def reference_power_holdings(world) -> dict[str, float]:
    """Power by group, every running system's holdings added in the world's order."""
    from agi_economy.agents import SHUTDOWN

    aligned = misaligned = 0.0
    for agi in world.agis:
        if agi.status != SHUTDOWN:
            if agi.aligned:
                aligned += world.holdings(agi)
            else:
                misaligned += world.holdings(agi)
    return {
        "humans": world.population.total_wealth,
        "labs": sum(lab.capital + lab.compute * world.price for lab in world.labs),
        "aligned_agi": aligned,
        "misaligned_agi": misaligned,
    }


def test_power_holdings_passing_over_empty_systems_is_every_systems_sum():
    """Systems that hold nothing are passed over; the sums are the full sums bit for bit.

    Through a run in which systems deploy, escape and are shut down; and at an infinite
    price, where a system that holds nothing holds 0 x inf (NaN), so none is passed over.
    """
    world = hand_built_world(
        "slow_takeoff",
        seed=4,
        labs__training_threshold=1.05,
        agis__misaligned_probability=0.6,
        containment__box_strength=0.3,
    )
    empty = []
    for step in range(1, 40):
        world.begin_step(step)
        run_labs(world)
        self_improve(world)
        contain(world)
        assert world.power_holdings() == reference_power_holdings(world)
        run_economy(world)
        assert world.power_holdings() == reference_power_holdings(world)
        empty.append(sum(a.wealth == 0.0 and a.compute == 0.0 for a in world.agis))
    assert max(empty) > 0
    assert {"escape", "shutdown"} <= {e["kind"] for e in world.events}
    fresh = hand_built_world("slow_takeoff", seed=4)  # no system holds anything yet
    fresh.price = math.inf
    got, expected = fresh.power_holdings(), reference_power_holdings(fresh)
    assert repr(got) == repr(expected)
    assert math.isnan(got["aligned_agi"])
