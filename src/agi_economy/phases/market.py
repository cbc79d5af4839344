"""Economy phase: production, wages and revenue, escaped systems' accrual, transfers."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from agi_economy.agents import DEPLOYED, ESCAPED, ProtoAGI
from agi_economy.economy import agi_output, automation_share, take_proportionally

if TYPE_CHECKING:
    from agi_economy.model import AGIEconomy

PRICE_FLOOR = 1e-30  # compute never becomes free: keeps compute bought finite


def run_economy(model: AGIEconomy) -> float:
    """Production, wages, revenue, escaped accrual, depreciation and transfers."""
    e, pop = model.cfg.economy, model.population
    deployed = [a for a in model.agis if a.status == DEPLOYED]
    unit = e.agi_productivity * max(pop.potential, 1.0)
    out = agi_output(np.array([a.intelligence for a in deployed]), unit, e.agi_output_exponent)
    out *= 1.0 - np.array([a.lab.levers.productivity_tax for a in deployed])  # alignment tax
    pool = 0.0
    for agi, y in zip(deployed, out, strict=True):
        agi.wealth += e.agi_share * y
        revenue = (1.0 - e.agi_share) * y
        paid = max(e.redistribution, agi.lab.levers.redistribution) * revenue
        agi.lab.capital += revenue - paid
        pool += paid
    y_agi = float(out.sum())
    model.automation = automation_share(y_agi, pop.potential, e.automation_rate, e.max_automation)
    y_human = pop.earn(model.automation, pool / model.scale if pop.n else 0.0)
    escaped = [a for a in model.agis if a.status == ESCAPED]
    per_person = model.total_power() / model.scale if escaped else 0.0
    for agi in model.shuffled(escaped):
        accrue(model, agi, per_person)
    pop.wealth *= 1.0 - e.consumption
    for holder in (*model.labs, *model.agis):
        holder.compute *= 1.0 - e.compute_depreciation
    pop.share_along_ties(e.transfer_rate)
    model.price = max(model.price * (1.0 - e.compute_price_decline), PRICE_FLOOR * model.scale)
    return y_human + y_agi


def accrue(model: AGIEconomy, agi: ProtoAGI, per_person: float) -> None:
    """An escaped system takes resources from what it reaches and buys compute.

    It reaches people through the network; labs lose the share of their capital and
    compute that sits in the part of the economy reached. The take is
    rho I (1 - impact) times the power per person, at most what is at risk, and falls
    on each holder in proportion to its holding.
    """
    e, pop = model.cfg.economy, model.population
    impact = max(agi.impact_regularisation, agi.lab.levers.impact_regularisation)
    want = e.escaped_accrual * agi.intelligence * (1.0 - impact) * per_person
    reached = agi.reach.size / max(pop.n, 1)
    people = float(pop.wealth[agi.reach].sum())
    capital = [lab.capital * reached for lab in model.labs]
    compute = [lab.compute * reached for lab in model.labs]
    at_risk = people + sum(capital) + sum(compute) * model.price
    if at_risk > 0.0 and want > 0.0:
        share = min(want / at_risk, 1.0)
        take_proportionally(pop.wealth, agi.reach, share * people)
        agi.wealth += share * (people + sum(capital))
        for lab, cap, comp in zip(model.labs, capital, compute, strict=True):
            lab.capital -= share * cap
            lab.compute -= share * comp
            agi.compute += share * comp
    invest = model.cfg.labs.spend_fraction * agi.wealth
    agi.wealth -= invest
    agi.compute += invest / model.price
    spread(model, agi)


def spread(model: AGIEconomy, agi: ProtoAGI) -> None:
    """Reach new people through the ties of those already reached."""
    spread = model.cfg.economy.escaped_spread
    if spread == 0 or model.population.n == 0:
        return
    reach = agi.reach
    if reach.size == 0:
        agi.reach = np.sort(
            model.rng.choice(model.population.n, min(spread, model.population.n), replace=False)
        )
        return
    m = min(reach.size, math.ceil(spread * math.sqrt(max(agi.intelligence, 1.0))))
    sample = reach if m >= reach.size else model.rng.choice(reach, m, replace=False)
    agi.reach = np.union1d(reach, model.population.ties.neighbours(sample))
