"""Domain returns: k depends on the cognitive domain the system is in.

The research post's footnote and its discussion argue that returns on intelligence are
not constant: they differ between cognitive domains (very subhuman ... strongly
superhuman), a capability threshold may switch on stronger RSI, and above some
maximum valuable intelligence returns fall below 1. Each iteration uses
k(I) = k_domain(I) * (boost if I >= threshold), or ``k_above_max`` past the maximum,
in the criticality update D <- k(I) D, I <- I + D.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from agi_economy.domains import domain_index
from agi_economy.growth.base import GrowthContext, GrowthState, saturate


@dataclass(frozen=True)
class DomainReturns:
    """Piecewise-constant returns by domain, a threshold boost and a maximum valuable I."""

    domain_k: Sequence[float]
    bounds: Sequence[float]
    threshold: float
    boost: float
    max_valuable: float
    k_above_max: float
    cap: float
    name: str = "domain_returns"
    uses_inputs: ClassVar[bool] = False
    stochastic: ClassVar[bool] = False

    def k_at(self, intelligence: float) -> float:
        """Returns on reinvestment at this intelligence."""
        if intelligence > self.max_valuable:
            return self.k_above_max
        k = self.domain_k[domain_index(intelligence, self.bounds)]
        return k * self.boost if intelligence >= self.threshold else k

    def initial_state(self, intelligence: float, initial_gain: float) -> GrowthState:
        """Start so that the first iteration gains ``initial_gain``."""
        k = self.k_at(intelligence)
        return GrowthState(saturate(intelligence, self.cap), initial_gain / k if k else 0.0)

    def advance(
        self, state: GrowthState, iterations: int, ctx: GrowthContext, rng: np.random.Generator
    ) -> GrowthState:
        """Run ``iterations`` iterations, re-reading k at each new intelligence."""
        i, d = state.intelligence, state.delta
        for _ in range(max(iterations, 0)):
            if i >= self.cap:
                break
            d = min(self.k_at(i) * d, self.cap)
            i = saturate(i + d, self.cap)
        return state.with_(intelligence=i, delta=d, iteration=state.iteration + max(iterations, 0))
