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

from agi_economy.growth.base import GrowthContext, GrowthState, new_state, saturate


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
        return new_state(i_n, d_n, iteration, state.log_compute, state.doublings)

    def advance_many(self, states: list[GrowthState], iterations: list[int]) -> list[GrowthState]:
        """:meth:`advance` of each state by its count of iterations, bit for bit.

        The same arithmetic as :func:`criticality_path`, with the logarithms of k and
        of the cap taken once for all the states: a step with many systems on one rule
        makes one call instead of three per system.
        """
        k, cap = self.k, self.cap
        log, exp = math.log, math.exp
        log_k = log(k) if k > 0.0 else None  # k <= 0 never reaches the logarithm below
        log_cap = log(cap)
        out: list[GrowthState] = []
        for state, n in zip(states, iterations, strict=True):
            if n <= 0:
                out.append(state)
                continue
            i0, d0 = state.intelligence, state.delta
            if i0 >= cap:
                i_n, d_n = cap, min(d0, cap)
            elif d0 <= 0.0 or k == 0.0:
                i_n, d_n = i0, 0.0
            else:
                log_dn = log(d0) + n * (log(k) if log_k is None else log_k)
                if log_dn > log_cap:
                    i_n = d_n = cap
                else:
                    d_n = exp(log_dn)
                    if k == 1.0:
                        total = n * d0
                    elif k < 1.0:
                        total = d0 * k * (1.0 - k**n) / (1.0 - k)
                    else:
                        total = (d_n - d0) * k / (k - 1.0)
                    i_n = i0 + total  # saturate(i0 + total, cap), inline:
                    if not i_n < cap:
                        i_n = cap
                    elif i_n < 0.0:  # as max(i_n, 0.0): a -0.0 stays -0.0
                        i_n = 0.0
            out.append(new_state(i_n, d_n, state.iteration + n, state.log_compute, state.doublings))
        return out
