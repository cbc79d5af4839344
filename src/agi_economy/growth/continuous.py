"""Continuous self-improvement, dI/dt = c I^p: closed forms, blow-up time and a numerical check.

The continuous limit of recursive self-improvement in Bostrom (2014, *Superintelligence*,
ch. 4: rate of change in intelligence = optimisation power / recalcitrance): when the
optimisation power a system applies to itself grows as I^p at constant recalcitrance,
dI/dt = c I^p. Separating variables gives, for I(0) = I_0 > 0 and c > 0,

    p < 1:  I(t) = (I_0^(1-p) + c (1-p) t)^(1/(1-p))      polynomial growth, no limit;
    p = 1:  I(t) = I_0 exp(c t)                            exponential growth;
    p > 1:  I(t) = (I_0^(1-p) - c (p-1) t)^(-1/(p-1))      a finite-time singularity at
            t* = I_0^(1-p) / (c (p-1)).

It is the reference the discrete criticality model is read against (Yudkowsky 2013, and
Sandberg 2010, "An overview of models of technological singularity", for the hyperbolic
case): p > 1 is the continuous "foom". The simulator's growth rules are discrete; this
module is for validation and for users who want the continuous picture.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike
from scipy.integrate import solve_ivp


def _check(i0: float, c: float) -> None:
    if not (math.isfinite(i0) and i0 > 0.0):
        raise ValueError(f"i0: must be a positive finite number (got {i0!r})")
    if not (math.isfinite(c) and c > 0.0):
        raise ValueError(f"c: must be a positive finite number (got {c!r})")


def blowup_time(i0: float, c: float, p: float) -> float:
    """Time t* = I_0^(1-p) / (c (p-1)) at which I reaches infinity; ``math.inf`` for p <= 1."""
    _check(i0, c)
    if p <= 1.0:
        return math.inf
    return math.exp((1.0 - p) * math.log(i0)) / (c * (p - 1.0))


def time_to_reach(level: float, i0: float, c: float, p: float) -> float:
    """Time at which I first reaches ``level`` (>= I_0): the closed form inverted."""
    _check(i0, c)
    if level < i0:
        raise ValueError(f"level: must be at least i0 = {i0!r} (got {level!r})")
    if p == 1.0:
        return math.log(level / i0) / c
    return (level ** (1.0 - p) - i0 ** (1.0 - p)) / (c * (1.0 - p))


def continuous_path(t: ArrayLike, i0: float, c: float, p: float) -> np.ndarray:
    """I(t) in closed form at times ``t`` >= 0.

    At or after the blow-up time (p > 1) the solution has left every finite value and
    the result is ``inf`` there: the caller decides what a singularity means.
    """
    _check(i0, c)
    t = np.asarray(t, dtype=float)
    if np.any(t < 0):
        raise ValueError("t: times must be non-negative")
    if p == 1.0:
        with np.errstate(over="ignore"):
            return i0 * np.exp(c * t)
    base = i0 ** (1.0 - p) + c * (1.0 - p) * t
    out = np.full(t.shape, np.inf)
    alive = base > 0.0
    with np.errstate(over="ignore"):
        out[alive] = np.exp(np.log(base[alive]) / (1.0 - p))
    return out


def integrate(
    t_end: float, i0: float, c: float, p: float, *, stop_at: float = 1e12, rtol: float = 1e-11
) -> tuple[np.ndarray, np.ndarray, float | None]:
    """Integrate dI/dt = c I^p numerically (DOP853 in log space), stopping at ``stop_at``.

    Works with y = ln I, dy/dt = c exp((p - 1) y), which stays well scaled up to a
    blow-up.

    Returns:
        Times, intelligence at those times, and the time I reached ``stop_at``
        (None if it did not before ``t_end``).
    """
    _check(i0, c)
    log_stop = math.log(stop_at)

    def rhs(_t: float, y: np.ndarray) -> np.ndarray:
        return c * np.exp((p - 1.0) * y)

    def reached(_t: float, y: np.ndarray) -> float:
        return float(y[0] - log_stop)

    reached.terminal = True  # type: ignore[attr-defined]
    reached.direction = 1.0  # type: ignore[attr-defined]
    sol = solve_ivp(
        rhs,
        (0.0, t_end),
        [math.log(i0)],
        method="DOP853",
        rtol=rtol,
        atol=rtol,
        events=reached,
        dense_output=False,
    )
    if sol.status == -1:
        raise RuntimeError(f"integration failed: {sol.message}")
    hit = float(sol.t_events[0][0]) if sol.t_events[0].size else None
    return sol.t, np.exp(sol.y[0]), hit
