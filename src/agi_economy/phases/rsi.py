"""Self-improvement phase: each running AGI attempts RSI under gating and the few-shot box."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agi_economy import containment
from agi_economy.agents import BOXED, ESCAPED, ProtoAGI
from agi_economy.domains import domain_index, domain_name
from agi_economy.growth import GrowthContext
from agi_economy.phases.oversight import audit, escape

if TYPE_CHECKING:
    from agi_economy.model import AGIEconomy


def self_improve(model: AGIEconomy) -> None:
    """Each running AGI attempts RSI; gated iterations wait for auditors' approval."""
    g, c = model.cfg.agis.growth, model.cfg.containment
    for stopped in (a for a in model.agis if not a.active):
        # Shut down last step or earlier: no gains from now on (the step it was shut
        # down in keeps the gain it made, as the k estimator counted it).
        stopped.last_gain, stopped.last_iterations = 0.0, 0
    agis = model.shuffled([a for a in model.agis if a.active])
    wanted = [iterations_wanted(model, agi) for agi in agis]
    gated = [
        i
        for i, a in enumerate(agis)
        if a.status != ESCAPED and (c.rsi_gating or a.lab.levers.rsi_gating)
    ]
    model.audits_left = model.population.n_auditors * model.cfg.humans.audits_per_auditor
    granted = containment.share_capacity([wanted[i] for i in gated], model.audits_left, model.rng)
    model.audits_left -= float(granted.sum())
    for i, n in zip(gated, granted, strict=True):
        wanted[i] = int(n)
        if n > 0 and not audit(model, agis[i], int(n)):
            wanted[i] = 0
    model.iterations_this_step = 0
    shares = {lab: lab.compute_share() for lab in model.labs}
    for agi, n in zip(agis, wanted, strict=True):
        if not agi.active:
            continue
        flop = 0.0
        if n > 0:
            held = agi.compute if agi.status == ESCAPED else shares[agi.lab]
            flop = held * g.flop_per_compute_unit
        failed_at = 0
        if agi.status == BOXED:
            failed_at = containment.first_box_failure(c.iteration_failure, n, model.rng)
        before = domain_index(agi.intelligence, model.cfg.agis.domain_bounds)
        agi.improve(n, GrowthContext(model.dt_years, flop), model.rng)
        model.iterations_this_step += n
        after = domain_index(agi.intelligence, model.cfg.agis.domain_bounds)
        if after > before:
            model.log(
                "domain_crossed",
                agi,
                domain_name(agi.intelligence, model.cfg.agis.domain_bounds),
            )
        if failed_at and not agi.aligned:
            escape(model, agi, f"box failed at RSI iteration {failed_at} of {n}")


def iterations_wanted(model: AGIEconomy, agi: ProtoAGI) -> int:
    """RSI iterations a system attempts this step, after pauses and the alignment tax."""
    n = model.cfg.agis.growth.iterations_per_step
    if agi.status == ESCAPED:
        return n
    levers = agi.lab.levers
    if agi.intelligence >= levers.pause_above:
        return 0
    if levers.growth_tax > 0.0 and n > 0:
        return int(model.rng.binomial(n, 1.0 - min(levers.growth_tax, 1.0)))
    return n
