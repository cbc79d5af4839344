"""Labs' phase: racing sets safety, labs spend, train new AGIs and deploy audited ones."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from agi_economy.agents import BOXED, DEPLOYED, Lab

if TYPE_CHECKING:
    from agi_economy.model import AGIEconomy


def run_labs(model: AGIEconomy) -> None:
    """Labs set safety under racing, spend, train new AGIs and deploy audited ones."""
    c = model.cfg.labs
    capability = {lab: lab.capability for lab in model.labs}
    for lab in model.shuffled(model.labs):
        rival = max((v for other, v in capability.items() if other is not lab), default=0.0)
        if not (c.capability_visible or lab.levers.capability_visible) and rival > 0.0:
            rival *= math.exp(c.perception_noise * model.rng.standard_normal())
        lab.set_safety(max(rival, capability[lab]))
        lab.raise_funds()
        lab.spend(c.spend_fraction, model.price)
        if lab.ready_to_train():
            model.train_agi(lab)
        deploy_or_recall(model, lab)


def deploy_or_recall(model: AGIEconomy, lab: Lab) -> None:
    """Deploy audited boxed systems the lab may deploy; recall deployed ones a ban covers."""
    c = model.cfg.labs
    for agi in lab.agis:
        banned = agi.intelligence >= lab.levers.deploy_ban_above
        if agi.status == DEPLOYED and banned:
            agi.status = BOXED
            model.log("recalled", agi, "deployment ban")
        elif (
            agi.status == BOXED
            and not banned
            and agi.intelligence >= c.deploy_intelligence
            and agi.audits_passed >= c.audits_before_deploy
        ):
            agi.status = DEPLOYED
            model.log("deployed", agi)
