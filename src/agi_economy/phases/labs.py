"""Labs' phase: racing sets safety, labs spend (on a compute trend, if set), train and deploy."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from agi_economy.agents import BOXED, DEPLOYED, Lab
from agi_economy.compute_trend import follow_trend

if TYPE_CHECKING:
    from agi_economy.world import World


def run_labs(world: World) -> None:
    """Labs set safety under racing, spend, train new AGIs and deploy audited ones."""
    c = world.cfg.labs
    spend, kept = world.clock.share(c.spend_fraction), world.clock.kept(c.spend_fraction)
    capability = {lab: lab.capability for lab in world.labs}
    # The best rival of every lab is the leader, and the leader's the runner-up.
    values = list(capability.values())
    leader = values.index(max(values)) if values else -1
    best = values[leader] if values else 0.0
    runner_up = max(values[:leader] + values[leader + 1 :], default=0.0)
    for lab in world.shuffled(world.labs):
        rival = runner_up if lab is world.labs[leader] else best
        if not (c.capability_visible or lab.levers.capability_visible) and rival > 0.0:
            rival *= math.exp(c.perception_noise * world.rng.standard_normal())
        # Its own systems have not changed since the phase began: only its turn trains.
        own = capability[lab]
        lab.set_safety(max(rival, own), own)
        lab.spend(spend, world.price, inflow=lab.funding(), kept=kept)
        follow_trend(world, lab)
        if lab.ready_to_train(own):
            world.train_agi(lab)
        deploy_or_recall(world, lab)


def deploy_or_recall(world: World, lab: Lab) -> None:
    """Deploy audited boxed systems the lab may deploy; recall deployed ones a ban covers."""
    c = world.cfg.labs
    ban = lab.levers.deploy_ban_above
    for agi in lab.agis:
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
