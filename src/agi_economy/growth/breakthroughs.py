"""Algorithmic breakthroughs: Poisson jumps whose rate rises with intelligence.

The compute-overhang hunch in the research post's discussion: algorithmic
breakthroughs can unlock sudden jumps in capability. Events in a step follow
Poisson(lambda_0 I^b n) over its n RSI iterations; each multiplies effective compute
(over a scaling-law base) or intelligence (over any other base) by a log-normal factor
exp(N(mu, sigma^2)).
The jumps overlay another rule, which supplies the growth between them. Jumps are part
of self-improvement: a step without iterations (a pause, gating without approval, the
growth tax) has none, and each jump falls within an iteration, a shot at the box.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from agi_economy.growth.base import GrowthContext, GrowthState, saturate

_MAX_EVENTS_PER_ITERATION = 1000.0  # bounds the Poisson mean however large I grows


@dataclass(frozen=True)
class Breakthroughs:
    """A base rule plus Poisson jumps in effective compute or intelligence."""

    base: Any  # a growth rule
    rate: float
    exponent: float
    jump_mu: float
    jump_sigma: float
    cap: float
    name: str = "breakthroughs"
    stochastic: ClassVar[bool] = True

    @property
    def uses_inputs(self) -> bool:
        """Whether the base rule's gains depend on the step's inputs."""
        return bool(getattr(self.base, "uses_inputs", True))

    def expected_events(self, intelligence: float, iterations: int) -> float:
        """Poisson mean of breakthroughs over ``iterations`` RSI iterations at ``intelligence``."""
        if self.rate == 0.0 or intelligence <= 0.0 or iterations <= 0:
            return 0.0
        log_mean = math.log(self.rate) + self.exponent * math.log(intelligence)
        return iterations * math.exp(min(log_mean, math.log(_MAX_EVENTS_PER_ITERATION)))

    def initial_state(self, intelligence: float, initial_gain: float) -> GrowthState:
        """The base rule's starting state."""
        return self.base.initial_state(intelligence, initial_gain)

    def advance(
        self, state: GrowthState, iterations: int, ctx: GrowthContext, rng: np.random.Generator
    ) -> GrowthState:
        """Advance the base rule, then apply the jumps of this step's iterations."""
        if iterations <= 0:
            return state
        start = state.iteration
        state = self.base.advance(state, iterations, ctx, rng)
        events = int(rng.poisson(self.expected_events(state.intelligence, iterations)))
        if events == 0:
            return state
        # Jumps are iterations too: a base that performed none (no compute) still counts them.
        state = state.with_(iteration=max(state.iteration, start + iterations))
        log_factor = float(rng.normal(self.jump_mu, self.jump_sigma, events).sum())
        if hasattr(self.base, "intelligence_at"):
            log_c = state.log_compute + log_factor
            return state.with_(intelligence=self.base.intelligence_at(log_c), log_compute=log_c)
        log_i = math.log(max(state.intelligence, 1e-300)) + log_factor
        i = self.cap if log_i >= math.log(self.cap) else saturate(math.exp(log_i), self.cap)
        return state.with_(intelligence=i)
