"""Levers: the knobs policies turn, read by the model each step.

A lab's levers combine every active policy that lab complies with; neutral values
change nothing. Policies (``policies/``) set them; the model only reads them, so a
new intervention needs no change to the model as long as it acts through a lever.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass
class Levers:
    """Effective policy settings for one lab (or, for ``redistribution``, the economy)."""

    compute_cap: float = math.inf  # most compute a lab may hold [compute units]
    safety_floor: float = 0.0  # least safety fraction
    box_floor: float = 0.0  # least box strength [I]
    audit_rate: float = 0.0  # least audit rate per AGI per step
    interpretability: float = 0.0  # added to the lab's interpretability (capped at 1)
    rsi_gating: bool = False  # each RSI iteration waits for an auditor's approval
    pause_above: float = math.inf  # no training or RSI at or above this intelligence [I]
    deploy_ban_above: float = math.inf  # no deployment at or above this intelligence [I]
    licensed: bool = True  # the lab may train new AGIs
    myopia: float = 0.0  # least myopia of the lab's AGIs
    impact_regularisation: float = 0.0  # least impact regularisation of the lab's AGIs
    growth_tax: float = 0.0  # share of RSI iterations lost (alignment tax on growth)
    productivity_tax: float = 0.0  # share of deployed output lost (alignment tax)
    capability_visible: bool = False  # the lab sees rivals' capability exactly
    redistribution: float = 0.0  # share of AGI revenue paid out to people
    race_detection: float = 0.0  # chance unsafe play in the race game is found out

    def copy(self) -> Levers:
        """An independent copy (the fields are numbers and flags)."""
        new = object.__new__(Levers)
        new.__dict__.update(self.__dict__)
        return new

    def combine(self, other: Levers) -> Levers:
        """The stricter of two settings, lever by lever.

        The lower of two ceilings (caps, pause and ban thresholds), the higher of two
        floors and taxes; a lab is licensed only if both say so, and a requirement
        (gating, visibility) holds if either sets it. Written out lever by lever, as
        it runs for every lab a policy binds at every step.
        """
        a, b = self, other
        return Levers(
            compute_cap=min(a.compute_cap, b.compute_cap),
            safety_floor=max(a.safety_floor, b.safety_floor),
            box_floor=max(a.box_floor, b.box_floor),
            audit_rate=max(a.audit_rate, b.audit_rate),
            interpretability=max(a.interpretability, b.interpretability),
            rsi_gating=a.rsi_gating or b.rsi_gating,
            pause_above=min(a.pause_above, b.pause_above),
            deploy_ban_above=min(a.deploy_ban_above, b.deploy_ban_above),
            licensed=a.licensed and b.licensed,
            myopia=max(a.myopia, b.myopia),
            impact_regularisation=max(a.impact_regularisation, b.impact_regularisation),
            growth_tax=max(a.growth_tax, b.growth_tax),
            productivity_tax=max(a.productivity_tax, b.productivity_tax),
            capability_visible=a.capability_visible or b.capability_visible,
            redistribution=max(a.redistribution, b.redistribution),
            race_detection=max(a.race_detection, b.race_detection),
        )
