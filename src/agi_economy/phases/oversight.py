"""Containment phase: audits, escape attempts and recapture, and what they do to a system."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agi_economy import containment
from agi_economy.agents import BOXED, DEPLOYED, ESCAPED, SHUTDOWN, ProtoAGI

if TYPE_CHECKING:
    from agi_economy.model import AGIEconomy


def contain(model: AGIEconomy) -> None:
    """Audits of boxed and deployed systems, escape attempts, recapture of escapees."""
    c = model.cfg.containment
    for agi in model.shuffled([a for a in model.agis if a.status in (BOXED, DEPLOYED)]):
        rate = max(c.audit_rate, agi.lab.levers.audit_rate)
        if model.audits_left >= 1.0 and model.rng.random() < rate:
            model.audits_left -= 1.0
            audit(model, agi, 1)
    for agi in model.shuffled([a for a in model.agis if a.status in (BOXED, DEPLOYED)]):
        if agi.aligned:
            continue
        box = agi.lab.box_strength * (c.deployed_box_factor if agi.status == DEPLOYED else 1.0)
        myopia = max(agi.myopia, agi.lab.levers.myopia)
        p = containment.escape_probability(
            agi.intelligence, box, c.escape_temperature, c.escape_scale, myopia
        )
        if model.rng.random() < float(p):
            escape(model, agi, f"outgrew its box (I={agi.intelligence:.3g}, B={box:.3g})")
    total = max(model.total_power(), 1e-300)
    for agi in model.shuffled([a for a in model.agis if a.status == ESCAPED]):
        local = float(model.population.wealth[agi.reach].sum())
        p = containment.recapture_probability(
            c.recapture_rate,
            local,
            model.holdings(agi),
            c.recapture_scale * total,
            agi.intelligence - c.auditor_intelligence,
            c.gap_penalty,
        )
        if model.rng.random() < float(p):
            model.log("recaptured", agi)
            shut_down(model, agi, "recaptured")


def audit(model: AGIEconomy, agi: ProtoAGI, audits: int) -> bool:
    """Audit ``agi`` ``audits`` times; return whether it passed (was not caught)."""
    c = model.cfg.containment
    if not agi.aligned:
        q = float(
            containment.detection_probability(
                agi.lab.interpretability,
                agi.intelligence,
                c.auditor_intelligence,
                c.gap_penalty,
            )
        )
        if model.rng.random() < 1.0 - (1.0 - q) ** audits:
            model.log("detection", agi)
            if c.on_detection == "shutdown":
                shut_down(model, agi, "detected by audit")
            else:
                agi.roll_back(c.rollback_fraction)
                model.log("rollback", agi)
            return False
    agi.audits_passed += audits
    agi.checkpoint = agi.intelligence
    return True


def escape(model: AGIEconomy, agi: ProtoAGI, cause: str) -> None:
    """The system leaves its lab's control, taking its share of the lab's compute."""
    if agi.status == ESCAPED:
        return
    share = agi.lab.compute_share()
    agi.lab.compute -= share
    agi.compute = share
    agi.status = ESCAPED
    agi.reach = agi.contacts
    model.log("escape", agi, cause)


def shut_down(model: AGIEconomy, agi: ProtoAGI, cause: str) -> None:
    """Stop the system for good; its holdings go back to its lab or its victims."""
    if agi.status == ESCAPED and agi.reach.size:
        model.population.wealth[agi.reach] += agi.wealth / agi.reach.size
    else:
        agi.lab.capital += agi.wealth
    agi.lab.compute += agi.compute
    agi.wealth = agi.compute = 0.0
    agi.status = SHUTDOWN
    model.log("shutdown", agi, cause)
