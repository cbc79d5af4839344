"""Containment phase: audits, escape attempts and recapture, and what they do to a system."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agi_economy import containment
from agi_economy.agents import CONTROLLED, DEPLOYED, ESCAPED, SHUTDOWN, Lab, ProtoAGI

if TYPE_CHECKING:
    from agi_economy.world import World


def contain(world: World) -> None:
    """Audits of boxed and deployed systems, escape attempts, recapture of escapees.

    Audit, escape and recapture chances are per month; the clock compounds them over
    the step.
    """
    audit_round(world)
    escape_round(world)
    recapture_round(world)


def audit_round(world: World) -> None:
    """Controlled systems, in random order, are audited at their lab's rate while capacity lasts."""
    c, clock, rng = world.cfg.containment, world.clock, world.rng
    rates: dict[Lab, float] = {}  # each lab's audit chance this step
    for agi in world.shuffled([a for a in world.agis if a.status in CONTROLLED]):
        if world.scratch.audits_left < 1.0:
            break  # capacity only falls: no further audit, and no further draw
        rate = rates.get(agi.lab)
        if rate is None:
            rate = rates[agi.lab] = clock.share(max(c.audit_rate, agi.lab.levers.audit_rate))
        if rng.random() < rate:
            world.scratch.audits_left -= 1.0
            audit(world, agi, 1)


def escape_round(world: World) -> None:
    """Each controlled misaligned system, in random order, tries to outgrow its box.

    An escape changes no other system's chance, so the chances are computed at once and
    the draws, one per system in the order of the shuffle, taken in one call.
    """
    c, clock, rng = world.cfg.containment, world.clock, world.rng
    attempts = [
        a
        for a in world.shuffled([a for a in world.agis if a.status in CONTROLLED])
        if not a.aligned
    ]
    if not attempts:
        return
    factor = c.deployed_box_factor
    box = [a.lab.box_strength * (factor if a.status == DEPLOYED else 1.0) for a in attempts]
    p = containment.escape_probability(
        [a.state.intelligence for a in attempts],
        box,
        c.escape_temperature,
        c.escape_scale,
        [max(a.myopia, a.lab.levers.myopia) for a in attempts],
    )
    draws = rng.random(len(attempts)).tolist()
    chances = map(clock.share, p.tolist())
    for j in [j for j, (u, chance) in enumerate(zip(draws, chances, strict=True)) if u < chance]:
        agi = attempts[j]
        escape(world, agi, f"outgrew its box (I={agi.intelligence:.3g}, B={box[j]:.3g})")


def recapture_round(world: World) -> None:
    """Each escaped system, in random order, may be recaptured by the people around it."""
    c, clock, rng = world.cfg.containment, world.clock, world.rng
    escaped = [a for a in world.agis if a.status == ESCAPED]
    if not escaped:
        return  # nothing to recapture, and nothing drawn
    total = max(world.total_power(), 1e-300)
    for agi in world.shuffled(escaped):
        local = float(world.population.wealth[agi.reach].sum())
        p = containment.recapture_probability(
            c.recapture_rate,
            local,
            world.holdings(agi),
            c.recapture_scale * total,
            agi.intelligence - c.auditor_intelligence,
            c.gap_penalty,
        )
        if rng.random() < clock.share(float(p)):
            world.log("recaptured", agi)
            shut_down(world, agi, "recaptured")


def audit(world: World, agi: ProtoAGI, audits: int) -> bool:
    """Audit ``agi`` ``audits`` times; return whether it passed (was not caught)."""
    c = world.cfg.containment
    if not agi.aligned:
        q = float(
            containment.detection_probability(
                agi.lab.interpretability,
                agi.intelligence,
                c.auditor_intelligence,
                c.gap_penalty,
            )
        )
        if world.rng.random() < 1.0 - (1.0 - q) ** audits:
            world.log("detection", agi)
            if c.on_detection == "shutdown":
                shut_down(world, agi, "detected by audit")
            else:
                agi.roll_back(c.rollback_fraction)
                world.log("rollback", agi)
            return False
    agi.audits_passed += audits
    agi.checkpoint = agi.intelligence
    return True


def escape(world: World, agi: ProtoAGI, cause: str) -> None:
    """The system leaves its lab's control, taking its share of the lab's compute."""
    if agi.status == ESCAPED:
        return
    share = agi.lab.compute_share()
    agi.lab.compute -= share
    agi.compute = share
    agi.status = ESCAPED
    agi.reach = agi.contacts
    world.log("escape", agi, cause)


def shut_down(world: World, agi: ProtoAGI, cause: str) -> None:
    """Stop the system for good; its holdings go back to its lab or its victims."""
    if agi.status == ESCAPED and agi.reach.size:
        world.population.wealth[agi.reach] += agi.wealth / agi.reach.size
    else:
        agi.lab.capital += agi.wealth
    agi.lab.compute += agi.compute
    agi.wealth = agi.compute = 0.0
    agi.status = SHUTDOWN
    world.reaches.forget(agi.unique_id)
    world.log("shutdown", agi, cause)
