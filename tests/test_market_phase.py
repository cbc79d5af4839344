"""The economy phase, with its shortcuts, changes a world as the phase written plainly does."""

from __future__ import annotations

import copy
import math

import numpy as np
import pytest

from agi_economy import AGIEconomy
from agi_economy.agents import DEPLOYED, ESCAPED
from agi_economy.economy import agi_output, automation_share, take_proportionally
from agi_economy.phases import market


def reference_run_economy(world) -> float:
    """The economy phase as it was written before its shortcuts.

    Every system's compute depreciates, each lab's redistribution is read for every
    system, and an escaped system's reach is the union of its reach and the sample's
    neighbours recomputed whole (no masks).
    """
    e, pop, clock = world.cfg.economy, world.population, world.clock
    pop.grow(math.exp(e.human_output_growth * clock.months_per_step))
    deployed = [a for a in world.agis if a.status == DEPLOYED]
    unit = e.agi_productivity * max(pop.potential, 1.0)
    out = agi_output(
        np.array([a.state.intelligence for a in deployed]), unit, e.agi_output_exponent
    )
    out *= 1.0 - np.array([a.lab.levers.productivity_tax for a in deployed])
    pool = 0.0
    kept, floor = e.agi_share, e.redistribution
    for agi, y in zip(deployed, clock.amount(out).tolist(), strict=True):
        agi.wealth += kept * y
        revenue = (1.0 - kept) * y
        paid = max(floor, agi.lab.levers.redistribution) * revenue
        agi.lab.capital += revenue - paid
        pool += paid
    y_agi = float(out.sum())
    world.automation = automation_share(y_agi, pop.potential, e.automation_rate, e.max_automation)
    transfer = pool / world.scale if pop.n else 0.0
    y_human = pop.earn(world.automation, transfer, clock, e.consumption)
    escaped = [a for a in world.agis if a.status == ESCAPED]
    for agi in world.shuffled(escaped):
        reference_accrue(world, agi)
    kept = 1.0 - clock.share(e.compute_depreciation)
    for holder in (*world.labs, *world.agis):
        holder.compute *= kept
    pop.share_along_ties(clock.share(e.transfer_rate))
    fall = 1.0 - clock.share(e.compute_price_decline)
    world.price = max(world.price * fall, market.PRICE_FLOOR * world.scale)
    world.scratch.output = y_human + y_agi
    return world.scratch.output


def reference_accrue(world, agi) -> None:
    """An escaped system's take and purchase, as :func:`market.accrue` was written."""
    e, pop, clock = world.cfg.economy, world.population, world.clock
    impact = max(agi.impact_regularisation, agi.lab.levers.impact_regularisation)
    rate = e.escaped_accrual * agi.intelligence * (1.0 - impact)
    share = -math.expm1(-rate * clock.months_per_step)
    reached = agi.reach.size / max(pop.n, 1)
    everyone = agi.reach.size == pop.n
    held = pop.wealth if everyone else pop.wealth[agi.reach]
    people = float(held.sum())
    capital = [lab.capital * reached for lab in world.labs]
    compute = [lab.compute * reached for lab in world.labs]
    if share > 0.0 and people + sum(capital) + sum(compute) > 0.0:
        take_proportionally(pop.wealth, None if everyone else agi.reach, share * people, held)
        agi.wealth += share * (people + sum(capital))
        for lab, cap, comp in zip(world.labs, capital, compute, strict=True):
            lab.capital -= share * cap
            lab.compute -= share * comp
            agi.compute += share * comp
    invest = clock.share(world.cfg.labs.spend_fraction) * agi.wealth
    agi.wealth -= invest
    agi.compute += invest / world.price
    reference_spread(world, agi)


def reference_spread(world, agi) -> None:
    """:func:`market.spread` with the reach recomputed whole: a union with all neighbours."""
    pop, rng = world.population, world.rng
    rate = world.cfg.economy.escaped_spread
    if rate == 0.0 or pop.n == 0:
        return
    expected = world.clock.amount(rate) * pop.n * math.sqrt(max(agi.intelligence, 1.0))
    whole = math.floor(min(expected, pop.n))
    m = whole + int(rng.random() < min(expected, pop.n) - whole)
    if m == 0:
        return
    reach = agi.reach
    if reach.size == 0:
        agi.reach = np.sort(rng.choice(pop.n, min(m, pop.n), replace=False))
        return
    sample = reach if m >= reach.size else rng.choice(reach, m, replace=False)
    if reach.size < pop.n:
        grown = np.union1d(reach, pop.ties.neighbours(sample))
        agi.reach = reach if grown.size == reach.size else grown


def economy_state(world):
    """What the economy phase changes, bit for bit."""
    agis = [
        (a.unique_id, a.status, a.wealth, a.compute, a.reach.tobytes(), a.reach.dtype.str)
        for a in world.agis
    ]
    labs = [(lab.capital, lab.compute) for lab in world.labs]
    pop = world.population
    return (
        agis,
        labs,
        pop.wealth.tobytes(),
        pop.productivity.tobytes(),
        (pop.potential, world.price, world.automation, world.scratch.output),
        world.events,
        world.rng.bit_generator.state,
    )


@pytest.mark.parametrize(
    ("scenario", "overrides"),
    [
        ("slow_takeoff", {}),
        (
            "race",
            {
                "agis__misaligned_probability": 0.6,
                "containment__box_strength": 0.3,
                "policies": [
                    {"name": "redistribution", "share": 0.4},  # some labs comply
                    {"name": "impact_regularisation"},
                ],
            },
        ),
        ("foom", {"humans__count": 300, "containment__box_strength": 0.2}),
    ],
)
def test_run_economy_is_the_phase_written_plainly(scenario, overrides, monkeypatch):
    """Each step a copy of the world takes the plain phase, the world the real one: they agree.

    Bit for bit (systems, labs, people, price, the event log, the generator's state),
    through runs in which systems deploy, escape (and take, buy compute and spread,
    with samples of a few people and of many) and are shut down, while their labs pay
    different redistribution shares.
    """
    run_economy = market.run_economy
    seen = {"escaped": 0, "shutdown": 0, "deployed": 0, "steps": 0}

    def checked(world):
        on_new, world._on_new_agent = world._on_new_agent, None  # not the Mesa model
        reference = copy.deepcopy(world)
        world._on_new_agent = on_new
        expected = reference_run_economy(reference)
        assert run_economy(world) == expected
        assert economy_state(world) == economy_state(reference)
        for status in ("escaped", "shutdown", "deployed"):
            seen[status] += sum(a.status == status for a in world.agis)
        seen["steps"] += 1
        return expected

    monkeypatch.setattr("agi_economy.model.run_economy", checked)
    with AGIEconomy(scenario, seed=3, meta__steps=40, **overrides) as model:
        while model.running:
            model.step()
    assert seen["steps"] == 40
    assert seen["escaped"] > 0
    assert seen["deployed"] > 0
    assert seen["shutdown"] > 0


def test_only_labs_and_escaped_systems_hold_compute():
    """A lab's systems run on the lab's compute: boxed, deployed and shut-down ones hold none.

    The economy phase depreciates only labs' and escaped systems' compute on this ground;
    checked after every phase of runs in which systems escape and are shut down.
    """
    from agi_economy import model as model_module

    phases = ("run_labs", "self_improve", "contain", "run_economy")
    checked = []

    def after(name, phase):
        def run(world):
            result = phase(world)
            assert all(a.compute == 0.0 for a in world.agis if a.status != ESCAPED), name
            checked.append(sum(a.status == ESCAPED for a in world.agis))
            return result

        return run

    with pytest.MonkeyPatch.context() as patched:
        for name in phases:
            patched.setattr(model_module, name, after(name, getattr(model_module, name)))
        for scenario in ("race", "foom"):
            overrides = {"agis__misaligned_probability": 0.6, "containment__box_strength": 0.3}
            with AGIEconomy(scenario, seed=5, meta__steps=40, **overrides) as model:
                while model.running:
                    model.step()
    assert max(checked) > 0
