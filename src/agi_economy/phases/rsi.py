"""Self-improvement phase: each running AGI attempts RSI under gating and the few-shot box."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agi_economy import containment
from agi_economy.agents import ESCAPED, SHUTDOWN, ProtoAGI
from agi_economy.domains import domain_index, domain_name
from agi_economy.growth import GrowthContext
from agi_economy.phases.oversight import audit, escape

if TYPE_CHECKING:
    from agi_economy.world import World


def self_improve(world: World) -> None:
    """Each running AGI attempts RSI; gated iterations wait for auditors' approval.

    Every growth path goes through the iterations granted here: a system given none
    (a pause, gating without approval, the growth tax) does not grow this step.
    """
    g, c = world.cfg.agis.growth, world.cfg.containment
    running = []
    for agi in world.agis:
        if agi.status == SHUTDOWN:
            agi.rest()
        else:
            running.append(agi)
    agis = world.shuffled(running)
    nominal = world.clock.count(g.iterations_per_month, world.steps)
    wanted = [iterations_wanted(world, agi, nominal) for agi in agis]
    gated = [
        i
        for i, a in enumerate(agis)
        if a.status != ESCAPED and (c.rsi_gating or a.lab.levers.rsi_gating)
    ]
    scratch = world.scratch
    scratch.audits_left = world.clock.amount(c.audit_capacity)
    granted = containment.share_capacity([wanted[i] for i in gated], scratch.audits_left, world.rng)
    scratch.audits_left -= float(granted.sum())
    for i, n in zip(gated, granted, strict=True):
        wanted[i] = int(n)
        if n > 0 and not audit(world, agis[i], int(n)):
            wanted[i] = 0
    shares = {lab: lab.compute_share() for lab in world.labs}
    bounds, rng = world.cfg.agis.domain_bounds, world.rng
    years, failure = world.clock.years_per_step, c.iteration_failure
    flop_per_unit, per_month = g.flop_per_compute_unit, g.iterations_per_month
    for agi, n in zip(agis, wanted, strict=True):
        status = agi.status
        if status == SHUTDOWN:  # shut down by a gating audit this step
            agi.rest()
            continue
        flop = 0.0
        if n > 0:
            held = agi.compute if status == ESCAPED else shares[agi.lab]
            # Each iteration trains on the compute of 1 / (iterations per month) months.
            flop = held * flop_per_unit * n / per_month
        before = domain_index(agi.state.intelligence, bounds)
        agi.improve(n, GrowthContext(years, flop), rng)
        scratch.iterations += agi.last_iterations
        if domain_index(agi.state.intelligence, bounds) > before:
            world.log("domain_crossed", agi, domain_name(agi.intelligence, bounds))
        if status != ESCAPED and not agi.aligned:  # controlled: improving moves no status
            shot = containment.first_box_failure(failure, agi.last_iterations, rng)
            if shot:
                escape(world, agi, f"containment failed at RSI iteration {shot} of {n}")


def iterations_wanted(world: World, agi: ProtoAGI, nominal: int) -> int:
    """RSI iterations a system attempts this step, after pauses and the alignment tax."""
    if agi.status == ESCAPED:
        return nominal
    levers = agi.lab.levers
    if agi.intelligence >= levers.pause_above:
        return 0
    if levers.growth_tax > 0.0 and nominal > 0:
        return int(world.rng.binomial(nominal, 1.0 - min(levers.growth_tax, 1.0)))
    return nominal
