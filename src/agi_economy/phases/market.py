"""Economy phase: production, wages and revenue, escaped systems' accrual, transfers.

Output is a flow per month; a step of m months produces m months of it. Shares lost
or moved per month (consumption, depreciation, transfers, the fall of the compute
price) compound over the step through the world's clock.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from agi_economy.agents import DEPLOYED, ESCAPED, Lab, ProtoAGI
from agi_economy.economy import agi_output, automation_share, take_proportionally

if TYPE_CHECKING:
    from agi_economy.world import World

PRICE_FLOOR = 1e-30  # compute never becomes free: keeps compute bought finite


def run_economy(world: World) -> float:
    """Production, wages, revenue, escaped accrual, depreciation and transfers.

    Returns:
        The step's output per month [worker-outputs/month].
    """
    e, pop, clock = world.cfg.economy, world.population, world.clock
    pop.grow(math.exp(e.human_output_growth * clock.months_per_step))
    # Nothing in this phase changes a status: the systems that earn and those at large
    # are sorted out once, in the world's order.
    deployed = [a for a in world.agis if a.status == DEPLOYED]
    escaped = [a for a in world.agis if a.status == ESCAPED]
    unit = e.agi_productivity * max(pop.potential, 1.0)
    out = agi_output(
        np.array([a.state.intelligence for a in deployed]), unit, e.agi_output_exponent
    )
    out *= 1.0 - np.array([a.lab.levers.productivity_tax for a in deployed])  # alignment tax
    pool = 0.0
    kept, floor = e.agi_share, e.redistribution
    sold = 1.0 - kept
    paid_share: dict[Lab, float] = {}  # each lab's redistributed share of revenue
    for agi, y in zip(deployed, clock.amount(out).tolist(), strict=True):  # over the step
        agi.wealth += kept * y
        revenue = sold * y
        lab = agi.lab
        rate = paid_share.get(lab)
        if rate is None:
            rate = paid_share[lab] = max(floor, lab.levers.redistribution)
        paid = rate * revenue
        lab.capital += revenue - paid
        pool += paid
    y_agi = float(out.sum())
    world.automation = automation_share(y_agi, pop.potential, e.automation_rate, e.max_automation)
    transfer = pool / world.scale if pop.n else 0.0
    y_human = pop.earn(world.automation, transfer, clock, e.consumption)
    for agi in world.shuffled(escaped):
        accrue(world, agi)
    kept = 1.0 - clock.share(e.compute_depreciation)
    # Only labs and escaped systems hold compute (a lab's systems run on the lab's, and
    # a system's is returned when it is shut down): the others' 0.0 would stay 0.0.
    for holder in (*world.labs, *escaped):
        holder.compute *= kept
    pop.share_along_ties(clock.share(e.transfer_rate))
    fall = 1.0 - clock.share(e.compute_price_decline)
    world.price = max(world.price * fall, PRICE_FLOOR * world.scale)
    world.scratch.output = y_human + y_agi
    return world.scratch.output


def accrue(world: World, agi: ProtoAGI) -> None:
    """An escaped system takes resources from what it reaches and buys compute.

    It reaches people through the network; labs lose the share of their capital and
    compute that sits in the part of the economy reached. Over a step of m months it
    takes 1 - exp(-rho I (1 - impact) m) of what it reaches, from each holder in
    proportion to its holding: a share, so worlds of any size agree.
    """
    e, pop, clock = world.cfg.economy, world.population, world.clock
    impact = max(agi.impact_regularisation, agi.lab.levers.impact_regularisation)
    rate = e.escaped_accrual * agi.intelligence * (1.0 - impact)
    share = -math.expm1(-rate * clock.months_per_step)
    reached = agi.reach.size / max(pop.n, 1)
    everyone = agi.reach.size == pop.n  # the reach is sorted and distinct: 0..n-1
    held = pop.wealth if everyone else pop.wealth[agi.reach]
    people = float(held.sum())
    labs = world.labs
    capital = [lab.capital * reached for lab in labs]
    compute = [lab.compute * reached for lab in labs]
    on_capital = sum(capital)
    if share > 0.0 and people + on_capital + sum(compute) > 0.0:
        take_proportionally(
            pop.wealth, None if everyone else agi.reach, share * people, held, total=people
        )
        agi.wealth += share * (people + on_capital)
        held_compute = agi.compute  # a local while it grows lab by lab, in the labs' order
        for lab, cap, comp in zip(labs, capital, compute, strict=True):
            lab.capital -= share * cap
            lab.compute -= share * comp
            held_compute += share * comp
        agi.compute = held_compute
    invest = clock.share(world.cfg.labs.spend_fraction) * agi.wealth
    agi.wealth -= invest
    agi.compute += invest / world.price
    spread(world, agi)


def spread(world: World, agi: ProtoAGI) -> None:
    """Reach new people through the ties of those already reached.

    Over a step it follows the ties of s m sqrt(I) N of the people it reaches
    (``economy.escaped_spread`` = s per month, N people): a share of the population,
    rounded at random to whole people so the expected count is exact at any size.
    """
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
    if reach.size < pop.n:  # once everyone is reached the reach cannot grow
        # Only ties not followed before can reach anyone new (agi_economy.reach).
        agi.reach = world.reaches.of(agi.unique_id, reach, pop.n).follow(sample, pop.ties)
