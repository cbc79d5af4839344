"""Self-finetuning: iterate on self-generated data with diminishing returns per iteration.

The research post's guess for generate-then-finetune loops (Huang et al. 2022,
"Large Language Models Can Self-Improve", and kin): the gain of iteration n is

    g_n = g_1 rho^(n-1) exp(sigma eps_n),  eps_n ~ N(0, 1),  rho < 1,

and I <- min(I + g_n, ceiling). Without noise the total converges to g_1 / (1 - rho).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from agi_economy.growth.base import GrowthContext, GrowthState, saturate


@dataclass(frozen=True)
class SelfFinetune:
    """Geometric diminishing returns per iteration, log-normal noise and a ceiling."""

    rho: float
    noise: float
    ceiling: float
    cap: float
    name: str = "self_finetune"
    uses_inputs: ClassVar[bool] = False

    @property
    def stochastic(self) -> bool:
        """Whether its gains draw noise."""
        return self.noise > 0.0

    def initial_state(self, intelligence: float, initial_gain: float) -> GrowthState:
        """Start with base gain g_1 = ``initial_gain`` for the first iteration."""
        return GrowthState(saturate(intelligence, min(self.ceiling, self.cap)), initial_gain)

    def advance(
        self, state: GrowthState, iterations: int, ctx: GrowthContext, rng: np.random.Generator
    ) -> GrowthState:
        """Run ``iterations`` iterations; ``delta`` holds the next iteration's base gain."""
        if iterations <= 0:
            return state
        top = min(self.ceiling, self.cap)
        if state.delta <= 0.0:
            return state.with_(iteration=state.iteration + iterations)
        noise = self.noise * rng.standard_normal(iterations) if self.noise else 0.0
        # Log space: with rho > 1 the gains would overflow before the ceiling stops them;
        # rho = 0 becomes a log ratio whose exponential underflows to exactly 0.
        log_rho = math.log(self.rho) if self.rho > 0.0 else -1e3
        log_base = np.minimum(
            math.log(state.delta) + np.arange(iterations + 1) * log_rho, math.log(self.cap)
        )
        gains = np.exp(np.minimum(log_base[:-1] + noise, math.log(self.cap)))
        next_delta = math.exp(log_base[-1])
        i = saturate(state.intelligence + float(gains.sum()), top)
        return state.with_(intelligence=i, delta=next_delta, iteration=state.iteration + iterations)
