"""Software returns: the software intelligence explosion model of Davidson & Houlden (2025).

"How quick and big would a software intelligence explosion be?" (Forethought), section
"Model dynamics": software S grows by the semi-endogenous law of motion

    dS/dt = a R(L, C)^lambda S^(1 - beta),   R = (bL)^alpha (cC)^(1 - alpha),   L = dS,

so each doubling of software changes the doubling time by 2^(p (1/r - 1)), with
p = lambda alpha (diminishing returns to parallel labour) and r = lambda alpha / beta
(returns to software research). r falls by r_0 / N each doubling and reaches 0 at the
effective limits, N doublings away (section "Pseudocode"). The first doubling after
research is automated takes the recent doubling time divided by the initial speed-up f
(appendix "AI software has recently been doubling every 3 months"). Distance to the
limits is given in years of AI progress at recent rates; with software doubling every
``doubling_months`` and making ``software_share`` of progress, a year of progress is
(12 / doubling_months) / software_share doublings of software, 8 at the paper's values.

Two generalisations, which leave the paper's model untouched at their defaults: the
research input is the CES form of :mod:`~agi_economy.growth.ces` (rho = 0 is the
paper's Cobb-Douglas), and the compute C the AGI's step supplies, relative to
``reference_flop``, enters it (the paper holds compute at the reference). Within a
doubling the pace is constant, as in the paper's chain of doubling times, so at
constant compute :meth:`SoftwareR.doubling_times` is the paper's pseudocode exactly.

Intelligence is proportional to software: I <- I 2^(doublings). ``GrowthState.doublings``
counts doublings since the AGI began (fractions included).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from scipy.special import digamma

from agi_economy.growth.base import GrowthContext, GrowthState, saturate
from agi_economy.growth.ces import COBB_DOUGLAS_RHO, log_research_input

_MAX_LOG2_PACE = 1000.0  # doublings per month beyond 2^1000 are all "instant"


@dataclass(frozen=True)
class SoftwareR:
    """Doubling-time chain of software with falling returns r and a CES research input."""

    speedup: float
    returns: float
    limit_years: float
    parallel: float
    labour_share: float
    rho: float
    doubling_months: float
    software_share: float
    constant_r: bool
    reference_flop: float
    iterations_per_month: float
    cap: float
    name: str = "software_r"
    uses_inputs: ClassVar[bool] = True  # research input reads the step's compute
    stochastic: ClassVar[bool] = False

    @property
    def doublings_per_year(self) -> float:
        """Doublings of software in one year of AI progress at recent rates."""
        return (12.0 / self.doubling_months) / self.software_share

    @property
    def ceiling(self) -> float:
        """N, the doublings to the effective limits (``inf`` with constant r)."""
        return math.inf if self.constant_r else self.limit_years * self.doublings_per_year

    @property
    def last_doubling(self) -> float:
        """Doublings completed when progress stops: every doubling j + 1 with r_j > 0.

        That is ceil(N): the published code completes the doubling that crosses the
        ceiling (multiple_sims.py, line 63).
        """
        return math.inf if self.constant_r else float(math.ceil(self.ceiling))

    def returns_at(self, j: int) -> float:
        """r_j, the returns to software research after j doublings."""
        return self.returns if self.constant_r else self.returns * (1.0 - j / self.ceiling)

    def _drag(self, j: int) -> float:
        """Sum of beta_i = p / r_i over the first j doublings (each makes the next harder)."""
        if j <= 0:
            return 0.0
        if self.constant_r:
            return j * self.parallel / self.returns
        n = self.ceiling  # sum_{i=1..j} N / (N - i) = N (psi(N) - psi(N - j))
        return self.parallel / self.returns * n * float(digamma(n) - digamma(n - j))

    def log2_pace(self, j: int, compute: float = 1.0) -> float:
        """Log2 of the pace [doublings/month] during doubling j + 1, at relative compute.

        -inf once r has reached 0 (the effective limits) or when research has no input.
        """
        if self.returns_at(j) <= 0.0 or (compute <= 0.0 and self.rho <= COBB_DOUGLAS_RHO):
            return -math.inf
        lam = self.parallel / self.labour_share
        log_c = math.log(compute) if compute > 0.0 else -math.inf
        log_r = log_research_input(j * math.log(2.0), log_c, self.labour_share, self.rho)
        base = math.log2(self.speedup / self.doubling_months)
        return base + lam * log_r / math.log(2.0) - self._drag(j)

    def doubling_times(self, horizon_months: float, compute: float = 1.0) -> np.ndarray:
        """Times [months] at which each doubling completes, from 0, up to the horizon.

        The chain of the paper's pseudocode: the doubling that crosses the horizon is
        the last one listed; it stops at the effective limits (``last_doubling``) or
        once software has grown by the intelligence cap.
        """
        times = [0.0]
        j = 0
        most = min(self.last_doubling, math.log2(self.cap))  # past the cap nothing changes
        while times[-1] < horizon_months and j < most:
            log2_pace = self.log2_pace(j, compute)
            if log2_pace == -math.inf:
                break
            # a doubling longer than 2^1000 months never completes on any clock
            gap = (
                math.inf if log2_pace < -_MAX_LOG2_PACE else 2.0 ** -min(log2_pace, _MAX_LOG2_PACE)
            )
            times.append(times[-1] + gap)
            j += 1
        return np.asarray(times)

    def initial_state(self, intelligence: float, initial_gain: float) -> GrowthState:
        """A system at the moment research is automated: no doublings yet."""
        return GrowthState(saturate(intelligence, self.cap), 0.0)

    def advance(
        self, state: GrowthState, iterations: int, ctx: GrowthContext, rng: np.random.Generator
    ) -> GrowthState:
        """Research for 1 / ``iterations_per_month`` months per iteration, at most the step."""
        if iterations <= 0 or self.iterations_per_month <= 0 or state.intelligence <= 0.0:
            return state
        months = min(iterations / self.iterations_per_month, 12.0 * ctx.dt_years)
        compute = ctx.compute_flop / self.reference_flop
        n = state.doublings
        log2_room = math.log2(self.cap) - math.log2(state.intelligence)
        start = n
        while months > 0.0 and n < self.last_doubling and n - start < log2_room:
            j = math.floor(n)
            log2_pace = self.log2_pace(j, compute)
            if log2_pace == -math.inf:
                break
            if log2_pace < -_MAX_LOG2_PACE:  # the limits are as good as reached
                break
            pace = 2.0 ** min(log2_pace, _MAX_LOG2_PACE)
            step = j + 1.0 - n
            if step / pace >= months:
                n += months * pace
                break
            months -= step / pace
            n = j + 1.0
        gained = n - start
        log2_i = math.log2(state.intelligence) + gained
        i = self.cap if gained >= log2_room else saturate(2.0**log2_i, self.cap)
        return state.with_(
            intelligence=i, doublings=n, iteration=state.iteration + max(iterations, 0)
        )
