"""Criticality: the fission model of Yudkowsky's *Intelligence Explosion Microeconomics* (2013).

Each RSI iteration multiplies the last gain by k, the returns on reinvested
intelligence: D <- k D, I <- I + D. After n iterations

    I_n = I_0 + D_0 k (1 - k^n) / (1 - k)      (k != 1),   I_n = I_0 + n D_0   (k = 1),

so k < 1 fizzles to I_0 + D_0 k / (1 - k), k = 1 combusts (linear growth) and k > 1
explodes (geometric growth), saturating at the intelligence cap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from agi_economy.growth.base import GrowthContext, GrowthState, saturate


def criticality_path(i0: float, d0: float, k: float, n: int, cap: float) -> tuple[float, float]:
    """Intelligence and last gain after ``n`` iterations, in closed form, saturating at ``cap``."""
    if n <= 0:
        return i0, d0
    if i0 >= cap:
        return cap, min(d0, cap)
    if d0 <= 0.0 or k == 0.0:
        return i0, 0.0
    log_dn = math.log(d0) + n * math.log(k)
    if log_dn > math.log(cap):
        return cap, cap
    dn = math.exp(log_dn)
    if k == 1.0:
        total = n * d0
    elif k < 1.0:
        total = d0 * k * (1.0 - k**n) / (1.0 - k)
    else:
        total = (dn - d0) * k / (k - 1.0)  # = d0 k (k^n - 1) / (k - 1), without k^n overflow
    return saturate(i0 + total, cap), dn


@dataclass(frozen=True)
class Criticality:
    """Constant returns k: fizzle (k < 1), combustion (k = 1) or explosion (k > 1)."""

    k: float
    cap: float
    name: str = "criticality"
    uses_inputs: ClassVar[bool] = False  # gains depend on the state alone
    stochastic: ClassVar[bool] = False

    def initial_state(self, intelligence: float, initial_gain: float) -> GrowthState:
        """Start at ``intelligence`` with last gain D_0 = ``initial_gain / k``.

        The first iteration then gains exactly ``initial_gain`` (D_1 = k D_0).
        """
        d0 = initial_gain / self.k if self.k > 0 else initial_gain
        return GrowthState(saturate(intelligence, self.cap), d0)

    def advance(
        self, state: GrowthState, iterations: int, ctx: GrowthContext, rng: np.random.Generator
    ) -> GrowthState:
        """Run ``iterations`` RSI iterations (deterministic)."""
        if iterations <= 0:
            return state
        i_n, d_n = criticality_path(state.intelligence, state.delta, self.k, iterations, self.cap)
        iteration = state.iteration + iterations
        return GrowthState(i_n, d_n, iteration, state.log_compute, state.doublings)
