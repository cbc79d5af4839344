"""Scaling law: capability from compute through a Chinchilla-style loss.

Loss of a model with N parameters trained on D tokens (Hoffmann et al. 2022,
"Training Compute-Optimal Large Language Models", eq. 10 and approach 3):

    L(N, D) = E + A / N^alpha + B / D^beta,

with E = 1.69, A = 406.4, B = 410.7, alpha = 0.34, beta = 0.28. Besiroglu et al. (2024),
"Chinchilla Scaling: A replication attempt", refit the same data: E = 1.8172,
A = 482.01, B = 2085.43, alpha = 0.3478, beta = 0.3658. For compute C ~ 6 N D the
compute-optimal split is N = G (C/6)^(beta/(alpha+beta)), D = (C/6) / N with
G = (alpha A / (beta B))^(1/(alpha+beta)), which gives L(C) = E + K (C/6)^(-ab),
ab = alpha beta / (alpha + beta). Capability rises as reducible loss falls,
I = ((L_ref - E) / (L - E))^gamma = (C / C_ref)^(ab gamma), with I = 1 at the
compute C_ref of a par-human system. Compute grows only through what the economy buys,
so returns on intelligence are strongly sublinear (the post's k < 1 for scaling).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from agi_economy.growth.base import GrowthContext, GrowthState, saturate


@dataclass(frozen=True)
class ChinchillaFit:
    """Constants of L(N, D) = E + A / N^alpha + B / D^beta."""

    E: float
    A: float
    B: float
    alpha: float
    beta: float

    def loss(self, params: float, tokens: float) -> float:
        """Predicted loss [nats/token] of ``params`` parameters trained on ``tokens`` tokens."""
        return self.E + self.A / params**self.alpha + self.B / tokens**self.beta

    @property
    def exponent(self) -> float:
        """Ab = alpha beta / (alpha + beta): L(C) - E falls as C^-ab."""
        return self.alpha * self.beta / (self.alpha + self.beta)

    def compute_optimal(self, flop: float) -> tuple[float, float]:
        """Compute-optimal parameters and tokens for ``flop`` training FLOP (C = 6 N D)."""
        a, b = self.alpha, self.beta
        g = (a * self.A / (b * self.B)) ** (1.0 / (a + b))
        params = g * (flop / 6.0) ** (b / (a + b))
        return params, flop / (6.0 * params)

    def optimal_loss(self, flop: float) -> float:
        """Loss at the compute-optimal split of ``flop`` FLOP."""
        return self.loss(*self.compute_optimal(flop))


FITS: dict[str, ChinchillaFit] = {
    # Hoffmann et al. 2022, approach 3 (parametric fit).
    "hoffmann2022": ChinchillaFit(E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28),
    # Besiroglu et al. 2024, refit of the same data.
    "besiroglu2024": ChinchillaFit(E=1.8172, A=482.01, B=2085.43, alpha=0.3478, beta=0.3658),
}


@dataclass(frozen=True)
class ScalingLaw:
    """I = (C / C_ref)^(ab gamma): intelligence bought with training compute."""

    fit: ChinchillaFit
    gamma: float
    reference_compute: float
    cap: float
    name: str = "scaling_law"
    uses_inputs: ClassVar[bool] = True  # gains come from the step's training compute
    stochastic: ClassVar[bool] = False

    @property
    def elasticity(self) -> float:
        """D ln I / d ln C."""
        return self.fit.exponent * self.gamma

    def intelligence_at(self, log_compute: float) -> float:
        """Intelligence of a system trained with exp(``log_compute``) FLOP."""
        log_i = self.elasticity * (log_compute - math.log(self.reference_compute))
        return self.cap if log_i >= math.log(self.cap) else saturate(math.exp(log_i), self.cap)

    def log_compute_for(self, intelligence: float) -> float:
        """Ln of the training compute that gives ``intelligence``."""
        return (
            math.log(self.reference_compute) + math.log(max(intelligence, 1e-12)) / self.elasticity
        )

    def initial_state(self, intelligence: float, initial_gain: float) -> GrowthState:
        """Start with the compute that buys ``intelligence``."""
        i = saturate(intelligence, self.cap)
        return GrowthState(i, 0.0, 0, self.log_compute_for(i))

    def advance(
        self, state: GrowthState, iterations: int, ctx: GrowthContext, rng: np.random.Generator
    ) -> GrowthState:
        """Retrain ``iterations`` times, each on an equal part of this step's compute.

        Capability depends only on the compute trained with, so the path is the same
        however the step's compute is split; each retraining is one iteration, and none
        is performed without compute or without iterations.
        """
        if iterations <= 0 or ctx.compute_flop <= 0.0 or state.intelligence >= self.cap:
            return state
        log_c = float(np.logaddexp(state.log_compute, math.log(ctx.compute_flop)))
        i = self.intelligence_at(log_c)
        return GrowthState(i, i - state.intelligence, state.iteration + iterations, log_c)
