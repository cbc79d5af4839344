"""Labs' phase: racing sets safety, labs spend (on a compute trend, if set), train and deploy."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from agi_economy.agents import BOXED, DEPLOYED, Lab, ProtoAGI
from agi_economy.compute_trend import follow_trend

if TYPE_CHECKING:
    from agi_economy.world import World


def run_labs(world: World) -> None:
    """Labs set safety under racing, spend, train new AGIs and deploy audited ones."""
    c = world.cfg.labs
    spend, kept = world.clock.share(c.spend_fraction), world.clock.kept(c.spend_fraction)
    # Before its turn nothing changes a lab's systems (each turn acts on its own lab):
    # one pass over them at the start gives its capability and the systems its turn
    # will deploy or recall.
    surveys = {lab: survey(world, lab) for lab in world.labs}
    # The best rival of every lab is the leader, and the leader's the runner-up.
    values = [capability for capability, _ in surveys.values()]
    leader = values.index(max(values)) if values else -1
    best = values[leader] if values else 0.0
    runner_up = max(values[:leader] + values[leader + 1 :], default=0.0)
    for lab in world.shuffled(world.labs):
        rival = runner_up if lab is world.labs[leader] else best
        if not (c.capability_visible or lab.levers.capability_visible) and rival > 0.0:
            rival *= math.exp(c.perception_noise * world.rng.standard_normal())
        # Its own systems have not changed since the phase began: only its turn trains.
        own, changing = surveys[lab]
        lab.set_safety(max(rival, own), own)
        lab.spend(spend, world.price, inflow=lab.funding(), kept=kept)
        follow_trend(world, lab)
        held = len(lab.agis)
        if lab.ready_to_train(own):
            world.train_agi(lab)
        # The systems the survey found, then any trained this turn (the last of its list).
        deploy_or_recall(world, lab, changing + lab.agis[held:])


def survey(world: World, lab: Lab) -> tuple[float, list[ProtoAGI]]:
    """A lab's capability and the systems :func:`deploy_or_recall` would change, in order.

    The capability is :attr:`Lab.capability` (the first largest intelligence of its
    boxed and deployed systems, as ``max`` takes it); the systems are those the rules
    of :func:`deploy_or_recall` deploy or recall, in the order of ``lab.agis``. Both in
    one pass over its systems, with the settings read once, rather than one pass for
    each: with thousands of systems the passes are most of the phase.
    """
    c = world.cfg.labs
    ban, least, audits = lab.levers.deploy_ban_above, c.deploy_intelligence, c.audits_before_deploy
    capability: float | None = None
    changing = []
    for agi in lab.agis:
        status = agi.status
        if status == BOXED:
            intelligence = agi.state.intelligence
            if capability is None or intelligence > capability:
                capability = intelligence
            # audits first: most boxed systems have not passed theirs
            if agi.audits_passed >= audits and ban > intelligence >= least:
                changing.append(agi)
        elif status == DEPLOYED:
            intelligence = agi.state.intelligence
            if capability is None or intelligence > capability:
                capability = intelligence
            if intelligence >= ban:
                changing.append(agi)
    return (0.0 if capability is None else capability), changing


def deploy_or_recall(world: World, lab: Lab, agis: list[ProtoAGI] | None = None) -> None:
    """Deploy audited boxed systems the lab may deploy; recall deployed ones a ban covers.

    ``agis`` are the lab's systems to consider (all of them, ``lab.agis``, if None).
    """
    c = world.cfg.labs
    ban = lab.levers.deploy_ban_above
    for agi in lab.agis if agis is None else agis:
        status = agi.status
        if status == DEPLOYED:
            if agi.state.intelligence >= ban:
                agi.status = BOXED
                world.log("recalled", agi, "deployment ban")
        elif (
            status == BOXED
            and ban > agi.state.intelligence >= c.deploy_intelligence
            and agi.audits_passed >= c.audits_before_deploy
        ):
            agi.status = DEPLOYED
            world.log("deployed", agi)
