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
        a, b = self.__dict__, other.__dict__
        merged = {name: rule(a[name], b[name]) for name, rule in _RULES}
        return Levers(**merged)


def _both(a: bool, b: bool) -> bool:
    return a and b


def _either(a: bool, b: bool) -> bool:
    return a or b


def _rule(name: str, default: object):
    """How two settings of a lever combine: the lower ceiling, else the higher floor."""
    if name in ("compute_cap", "pause_above", "deploy_ban_above"):
        return min
    if name == "licensed":
        return _both
    return _either if isinstance(default, bool) else max


_RULES = tuple((f.name, _rule(f.name, f.default)) for f in fields(Levers))
"""Each lever with its rule, worked out once rather than on every combination."""
