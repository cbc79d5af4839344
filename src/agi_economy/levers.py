"""Levers: the knobs policies turn, read by the model each step.

A lab's levers combine every active policy that lab complies with; neutral values
change nothing. Policies (``policies/``) set them; the model only reads them, so a
new intervention needs no change to the model as long as it acts through a lever.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields


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

    def combine(self, other: Levers) -> Levers:
        """The stricter of two settings, lever by lever."""
        merged = {}
        for f in fields(self):
            a, b = getattr(self, f.name), getattr(other, f.name)
            if f.name in ("compute_cap", "pause_above", "deploy_ban_above"):
                merged[f.name] = min(a, b)
            elif f.name == "licensed":
                merged[f.name] = a and b
            elif isinstance(a, bool):
                merged[f.name] = a or b
            else:
                merged[f.name] = max(a, b)
        return Levers(**merged)
