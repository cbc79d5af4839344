"""Containment phase: audits, escape attempts and recapture, and what they do to a system."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from agi_economy import containment
from agi_economy.agents import CONTROLLED, DEPLOYED, ESCAPED, SHUTDOWN, Lab, ProtoAGI

if TYPE_CHECKING:
    from agi_economy.clock import Clock
    from agi_economy.world import World


def contain(world: World) -> None:
    """Audits of boxed and deployed systems, escape attempts, recapture of escapees.

    Audit, escape and recapture chances are per month; the clock compounds them over
    the step.
    """
    controlled = [a for a in world.agis if a.status in CONTROLLED]
    controlled = audit_round(world, controlled)
    escape_round(world, controlled)
    recapture_round(world)


AUDIT_BLOCKS = 32
"""Controlled systems from which :func:`audit_round` draws in blocks (below, a call each).

The blocks and the one call for the detection chances cost a few us a round more than
a call per draw when only a few systems are audited."""


def audit_round(world: World, controlled: list[ProtoAGI] | None = None) -> list[ProtoAGI]:
    """Controlled systems, in random order, are audited at their lab's rate while capacity lasts.

    ``controlled`` is the world's controlled systems in its order, if the caller has them.
    The draws are those of one ``rng.random()`` per audit chance and per detection, in
    the order of the loop; they are taken in blocks (one call for many, the same values)
    of no more than the loop is certain to use: while capacity lasts each remaining
    system draws for its chance, and at least ``floor(capacity)`` chances are drawn
    before it is spent. So the generator ends where the one-call-per-draw loop leaves it.
    An audit's outcome changes no other system's chance, draw or detection chance, so
    the audits are drawn first, the detection chances computed at once, and the
    outcomes (events, shutdowns, rollbacks) then taken in the order of the audits.

    Returns:
        The systems of ``controlled`` still controlled after the audits, in order.
    """
    c, clock, rng, scratch = world.cfg.containment, world.clock, world.rng, world.scratch
    if controlled is None:
        controlled = [a for a in world.agis if a.status in CONTROLLED]
    order = world.shuffled(controlled)
    rates: dict[Lab, float] = {}  # each lab's audit chance this step
    if len(order) < AUDIT_BLOCKS:  # a few systems: a call per draw costs less than blocks
        caught = []
        for agi in order:
            if scratch.audits_left < 1.0:
                break  # capacity only falls: no further audit, and no further draw
            rate = rates.get(agi.lab)
            if rate is None:
                rate = rates[agi.lab] = clock.share(max(c.audit_rate, agi.lab.levers.audit_rate))
            if rng.random() < rate:
                scratch.audits_left -= 1.0
                if not audit(world, agi, 1):
                    caught.append(agi)
        return _still_controlled(controlled, caught)
    block: list[float] = []  # draws taken ahead, used from position k on
    k = 0
    audited: list[tuple[ProtoAGI, float | None]] = []  # each audit and its detection draw
    for i, agi in enumerate(order):
        if scratch.audits_left < 1.0:
            break  # capacity only falls: no further audit, and no further draw
        rate = rates.get(agi.lab)
        if rate is None:
            rate = rates[agi.lab] = clock.share(max(c.audit_rate, agi.lab.levers.audit_rate))
        if k == len(block):  # the loop draws at least min(systems left, floor(capacity)) more
            block, k = rng.random(int(min(len(order) - i, scratch.audits_left))).tolist(), 0
        u = block[k]
        k += 1
        if u < rate:
            scratch.audits_left -= 1.0
            detection = None
            if not agi.aligned:  # the audit draws for detection, next in line
                if k == len(block):
                    block, k = rng.random(1).tolist(), 0
                detection = block[k]
                k += 1
            audited.append((agi, detection))
    # The audits' outcomes, in turn: none changes another system's chance or draw, so the
    # detection chances of the misaligned audited are computed at once.
    suspects = [agi for agi, u in audited if u is not None]
    chances = iter(
        containment.detection_probability(
            [a.lab.interpretability for a in suspects],
            [a.intelligence for a in suspects],
            c.auditor_intelligence,
            c.gap_penalty,
        ).tolist()
        if suspects
        else []
    )
    caught = [
        agi
        for agi, u in audited
        if not audit(world, agi, 1, u, None if u is None else next(chances))
    ]
    return _still_controlled(controlled, caught)


def _still_controlled(controlled: list[ProtoAGI], caught: list[ProtoAGI]) -> list[ProtoAGI]:
    """``controlled`` (in order) less the systems caught by audits and shut down."""
    stopped = [a for a in caught if a.status not in CONTROLLED]
    if not stopped:
        return controlled
    controlled = controlled.copy()
    for agi in stopped:  # a few: each removal is a search in C, cheaper than a pass
        controlled.remove(agi)
    return controlled


def escape_round(world: World, controlled: list[ProtoAGI] | None = None) -> None:
    """Each controlled misaligned system, in random order, tries to outgrow its box.

    ``controlled`` is the world's controlled systems in its order, if the caller has them.
    An escape changes no other system's chance, so the chances are computed at once and
    the draws, one per system in the order of the shuffle, taken in one call.
    """
    c, clock, rng = world.cfg.containment, world.clock, world.rng
    if controlled is None:
        controlled = [a for a in world.agis if a.status in CONTROLLED]
    attempts = [a for a in world.shuffled(controlled) if not a.aligned]
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
    draws = rng.random(len(attempts))
    for j in below_share(draws, p, clock):
        agi = attempts[j]
        escape(world, agi, f"outgrew its box (I={agi.intelligence:.3g}, B={box[j]:.3g})")


SHARE_ARRAYS = 64
"""Chances from which :func:`below_share` works on arrays (below, one call of share each).

Measured per call: on arrays 13 to 15 us for 1 to 64 chances; one by one 1 us for
one, 4 us for 16, 8 us for 32 and 15 us for 64.
"""


def below_share(draws: np.ndarray, per_month: np.ndarray, clock: Clock) -> list[int]:
    """Indices j, in order, at which ``draws[j] < clock.share(per_month[j])``.

    The same comparisons as with :meth:`~agi_economy.clock.Clock.share` of each chance,
    at a fraction of the cost of a call each: numpy's ``log1p`` and ``expm1`` give the
    shares to within a few units in the last place of the ``math`` module's (which
    ``share`` uses), so a draw farther than 1e-9 of a share from numpy's value lies on
    the same side of the exact share; the few closer are compared with ``share`` itself.
    """
    p = np.asarray(per_month, dtype=float)
    if p.size < SHARE_ARRAYS:  # numpy's fixed cost exceeds a call of share for each
        chances = map(clock.share, p.tolist())
        pairs = enumerate(zip(draws.tolist(), chances, strict=True))
        return [j for j, (u, chance) in pairs if u < chance]
    with np.errstate(invalid="ignore", divide="ignore"):
        approx = -np.expm1(clock.months_per_step * np.log1p(-p))
    approx = np.where(p >= 1.0, 1.0, np.where(p <= 0.0, 0.0, approx))  # share's own edges
    below = draws < approx
    near = np.flatnonzero(~(np.abs(draws - approx) > 1e-9 * approx))  # NaN among them
    for j, u, chance in zip(near.tolist(), draws[near].tolist(), p[near].tolist(), strict=True):
        below[j] = u < clock.share(chance)
    return np.flatnonzero(below).tolist()


RECAPTURE_ARRAYS = 3
"""Escaped systems from which :func:`recapture_round` computes their chances at once.

Measured per call of ``recapture_probability``: 6 us on arrays of 1 to 8 chances, 5 us
on one system's floats (8 us for two, 15 for four)."""


def recapture_round(world: World) -> None:
    """Each escaped system, in random order, may be recaptured by the people around it.

    The chances are computed at once and the draws, one per system in the order of the
    shuffle, taken in one call (nothing else draws in the round). A recapture gives the
    system's holdings back to the people it reached, so the chances of the systems after
    it in the round are computed again from the wealth around them then.
    """
    c, clock, rng = world.cfg.containment, world.clock, world.rng
    escaped = [a for a in world.agis if a.status == ESCAPED]
    if not escaped:
        return  # nothing to recapture, and nothing drawn
    total = max(world.total_power(), 1e-300)
    order = world.shuffled(escaped)
    if len(order) < RECAPTURE_ARRAYS:  # one or two: each chance on its own costs less
        for agi in order:
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
        return
    draws = rng.random(len(order)).tolist()
    holdings = [world.holdings(agi) for agi in order]
    gaps = [agi.intelligence - c.auditor_intelligence for agi in order]
    start = 0  # the systems from here on have chances computed from the wealth now
    chances: list[float] = []
    for j, agi in enumerate(order):
        if j == start:
            wealth = world.population.wealth
            p = containment.recapture_probability(
                c.recapture_rate,
                [float(wealth[a.reach].sum()) for a in order[j:]],
                holdings[j:],
                c.recapture_scale * total,
                gaps[j:],
                c.gap_penalty,
            )
            chances = p.tolist()
        if draws[j] < clock.share(chances[j - start]):
            world.log("recaptured", agi)
            shut_down(world, agi, "recaptured")
            start = j + 1


def audit(
    world: World,
    agi: ProtoAGI,
    audits: int,
    draw: float | None = None,
    chance: float | None = None,
) -> bool:
    """Audit ``agi`` ``audits`` times; return whether it passed (was not caught).

    A misaligned system's audit draws once for detection: ``draw``, if the caller has
    taken it (the next draw of the world's generator), else ``world.rng.random()``;
    ``chance`` is its detection chance per audit if the caller has computed it.
    """
    c = world.cfg.containment
    if not agi.aligned:
        q = chance
        if q is None:
            q = float(
                containment.detection_probability(
                    agi.lab.interpretability,
                    agi.intelligence,
                    c.auditor_intelligence,
                    c.gap_penalty,
                )
            )
        u = world.rng.random() if draw is None else draw
        if u < 1.0 - (1.0 - q) ** audits:
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
