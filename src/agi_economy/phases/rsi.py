"""Self-improvement phase: each running AGI attempts RSI under gating and the few-shot box."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from agi_economy import containment
from agi_economy.agents import ESCAPED, SHUTDOWN, ProtoAGI
from agi_economy.domains import domain_index, domain_name
from agi_economy.growth import GrowthContext
from agi_economy.phases.oversight import audit, escape
from agi_economy.together import batchable, improve_together

if TYPE_CHECKING:
    from agi_economy.world import World


def self_improve(world: World) -> None:
    """Each running AGI attempts RSI; gated iterations wait for auditors' approval.

    Every growth path goes through the iterations granted here: a system given none
    (a pause, gating without approval, the growth tax) does not grow this step.
    """
    g, c = world.cfg.agis.growth, world.cfg.containment
    for agi in [a for a in world.agis if a.status == SHUTDOWN]:
        agi.rest()
    agis = world.shuffled([a for a in world.agis if a.status != SHUTDOWN])
    nominal = world.clock.count(g.iterations_per_month, world.steps)
    wanted = all_wanted(world, agis, nominal)
    gating = {lab: c.rsi_gating or lab.levers.rsi_gating for lab in world.labs}
    gated = (
        [i for i, a in enumerate(agis) if a.status != ESCAPED and gating[a.lab]]
        if any(gating.values())
        else []
    )
    scratch = world.scratch
    scratch.audits_left = world.clock.amount(c.audit_capacity)
    granted = containment.share_capacity([wanted[i] for i in gated], scratch.audits_left, world.rng)
    scratch.audits_left -= float(granted.sum())
    for i, n in zip(gated, granted, strict=True):
        wanted[i] = int(n)
        if n > 0 and not audit(world, agis[i], int(n)):
            wanted[i] = 0
    grow(world, agis, wanted, running=not gated)  # no gating audit: none was shut down


def grow(world: World, agis: list[ProtoAGI], wanted: list[int], *, running: bool = False) -> None:
    """Each system, in the order given, runs its granted iterations and may slip its box.

    ``running`` says that no system given is shut down (the caller knows it), so that
    their statuses need not be read to tell.

    Systems on a rule that draws nothing and reads only the iteration count
    (:func:`~agi_economy.together.batchable`) improve first, all of one rule in one call:
    their outcome does not depend on the order. The others improve in the order given,
    and the order of the draws (stochastic rules, box failures) and of the events is
    that of one system after another.
    """
    c, g, rng, scratch = world.cfg.containment, world.cfg.agis.growth, world.rng, world.scratch
    bounds, failure = world.cfg.agis.domain_bounds, c.iteration_failure
    kinds, groups, visit, one_by_one = partition(agis, running)
    crossed: set[int] = set()
    for members in groups.values():
        if not members:
            continue
        every = len(members) == len(agis)  # members are 0..n-1: all systems, in order
        together = agis if every else [agis[i] for i in members]
        counts = wanted if every else [wanted[i] for i in members]
        levels, after, performed = improve_together(together, counts, together[0].rule)
        scratch.iterations += int(performed.sum())
        up = np.searchsorted(bounds, after, "right") > np.searchsorted(bounds, levels, "right")
        take = up
        if failure > 0.0:  # a controlled misaligned system that iterated may slip its box
            free = np.array([a.aligned or a.status == ESCAPED for a in together], dtype=bool)
            take = up | ((performed > 0) & ~free)
        crossed.update(members[j] for j in np.flatnonzero(up).tolist())
        visit.extend(members[j] for j in np.flatnonzero(take).tolist())
    if groups:
        visit.sort()
    # Compute shares as the pass begins (an escape in it moves compute), if any is needed.
    shares = {lab: lab.compute_share() for lab in world.labs} if one_by_one else {}
    years = world.clock.years_per_step
    flop_per_unit, per_month = g.flop_per_compute_unit, g.iterations_per_month
    for i in visit:
        agi, n = agis[i], wanted[i]
        status = agi.status
        if i in crossed:
            performed, domain = agi.last_iterations, True  # improved above, with its group
        elif kinds[id(agi.rule)] and status != SHUTDOWN:
            performed, domain = agi.last_iterations, False
        elif status == SHUTDOWN:  # shut down by a gating audit this step
            agi.rest()
            continue
        else:
            flop = 0.0
            if n > 0:
                held = agi.compute if status == ESCAPED else shares[agi.lab]
                # Each iteration trains on the compute of 1 / (iterations per month) months.
                flop = held * flop_per_unit * n / per_month
            before = domain_index(agi.state.intelligence, bounds)
            agi.improve(n, GrowthContext(years, flop), rng)
            performed = agi.last_iterations
            scratch.iterations += performed
            domain = domain_index(agi.state.intelligence, bounds) > before
        if domain:
            world.log("domain_crossed", agi, domain_name(agi.intelligence, bounds))
        if status != ESCAPED and not agi.aligned:  # controlled: improving moves no status
            shot = containment.first_box_failure(failure, performed, rng)
            if shot:
                escape(world, agi, f"containment failed at RSI iteration {shot} of {n}")


def partition(
    agis: list[ProtoAGI], running: bool = False
) -> tuple[dict[int, bool], dict[int, list[int]], list[int], bool]:
    """Which systems improve together and which one by one.

    ``running``: no system given is shut down (their statuses are then not read).

    Returns:
        ``batchable`` of each rule (by id), the running systems of each batchable rule
        (by its id), the systems to take one by one (in order: on another rule, or shut
        down this step), and whether any running system is among them.
    """
    rules = [agi.rule for agi in agis]
    # None for a system known to be running: its status is not read.
    statuses = [None] * len(agis) if running else [agi.status for agi in agis]
    if rules and rules.count(rules[0]) == len(rules):  # one rule, the usual case
        ok = batchable(rules[0])
        kinds = {id(rules[0]): ok}
        if not ok:
            return kinds, {}, list(range(len(agis))), statuses.count(SHUTDOWN) < len(agis)
        if running or SHUTDOWN not in statuses:
            return kinds, {id(rules[0]): list(range(len(agis)))}, [], False
        active = [i for i, status in enumerate(statuses) if status != SHUTDOWN]
        stopped = [i for i, status in enumerate(statuses) if status == SHUTDOWN]
        return kinds, {id(rules[0]): active}, stopped, False
    kinds, groups, visit, one_by_one = {}, {}, [], False
    for i, (rule, status) in enumerate(zip(rules, statuses, strict=True)):
        key = id(rule)
        ok = kinds.get(key)
        if ok is None:
            ok = kinds[key] = batchable(rule)
        if ok and status != SHUTDOWN:
            groups.setdefault(key, []).append(i)
        else:
            visit.append(i)
            one_by_one = one_by_one or status != SHUTDOWN
    return kinds, groups, visit, one_by_one


def all_wanted(world: World, agis: list[ProtoAGI], nominal: int) -> list[int]:
    """:func:`iterations_wanted` of each system, in order (the growth tax draws in turn)."""
    levers = [lab.levers for lab in world.labs]
    if all(lv.pause_above == math.inf and lv.growth_tax <= 0.0 for lv in levers):
        return [nominal] * len(agis)  # no pause, no tax: intelligence is finite (saturated)
    return [iterations_wanted(world, agi, nominal) for agi in agis]


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
