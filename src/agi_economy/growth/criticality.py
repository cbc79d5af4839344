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


ARRAY_BATCH = 32
"""Systems from which :meth:`Criticality.advance_arrays` works on arrays (below, one by one).

Measured per call (k = 0.8 and 1.3, three iterations each): on arrays 49 to 51 us for
one system, 52 to 58 us for 16, 60 to 67 us for 32, 63 to 108 us for 128; one by one
7 us for one, 37 us for 16, 58 to 72 us for 32 and 130 to 271 us for 128.
"""


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

    def advance_arrays(
        self, i0: np.ndarray, d0: np.ndarray, n: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Intelligence and last gain after ``n[j]`` iterations from ``(i0[j], d0[j])``, each j.

        The arithmetic of :func:`criticality_path`, operation for operation, on arrays:
        the logarithms and exponentials are the ``math`` module's (numpy's own may differ
        in the last bit), and k^n is Python's power, once per distinct count, so every
        value is the scalar path's bit for bit. A step with many systems on one rule
        makes one call for them all.
        """
        k, cap = self.k, self.cap
        if n.size < ARRAY_BATCH:  # the arrays' fixed cost exceeds a loop over a few systems
            paths = [
                criticality_path(i, d, k, m, cap) if m > 0 else (i, d)
                for i, d, m in zip(i0.tolist(), d0.tolist(), n.tolist(), strict=True)
            ]
            return np.array([p[0] for p in paths], float), np.array([p[1] for p in paths], float)
        i_n, d_n = i0.copy(), d0.copy()
        moving = n > 0
        full = moving & (i0 >= cap)
        i_n[full] = cap
        d_n[full] = np.minimum(d0[full], cap)
        stalled = moving & ~full & ((d0 <= 0.0) | (k == 0.0))
        d_n[stalled] = 0.0
        idx = np.flatnonzero(moving & ~full & ~stalled)
        if idx.size == 0:
            return i_n, d_n
        everyone = idx.size == n.size  # the usual step: every system takes the formula
        d, m = (d0, n) if everyone else (d0[idx], n[idx])
        log, exp = math.log, math.exp
        log_dn = np.fromiter(map(log, d.tolist()), float, idx.size) + m * log(k)
        under = log_dn <= math.log(cap)
        if not under.all():
            i_n[idx[~under]] = d_n[idx[~under]] = cap
            idx, d, m, log_dn = idx[under], d[under], m[under], log_dn[under]
            everyone = False
        dn = np.fromiter(map(exp, log_dn.tolist()), float, idx.size)
        if k == 1.0:
            total = m * d
        elif k < 1.0:
            # k^n, one Python power per distinct count (most steps have one)
            if m.size and m.min() == m.max():
                kn = k ** int(m[0])
            else:
                counts = m.tolist()
                powers = {c: k**c for c in set(counts)}
                kn = np.array([powers[c] for c in counts])
            total = d * k * (1.0 - kn) / (1.0 - k)
        else:
            total = (dn - d) * k / (k - 1.0)
        level = (i0 if everyone else i0[idx]) + total
        # saturate(level, cap): NaN to the cap, a -0.0 stays -0.0
        level = np.where(~(level < cap), cap, np.where(level < 0.0, 0.0, level))
        if everyone:
            return level, dn
        i_n[idx] = level
        d_n[idx] = dn
        return i_n, d_n
