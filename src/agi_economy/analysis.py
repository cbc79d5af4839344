"""The k estimator: returns on reinvested intelligence from successive gains.

Under the criticality model each gain is k times the last, D_{n+1} = k D_n. With
multiplicative noise, D_{n+1} = k D_n exp(sigma eps_n), the log ratios
r_n = ln(D_{n+1} / D_n) are independent with mean ln k, so ln k is estimated by their
mean with a Student-t interval, and k by its exponential. When gains come in steps of
m iterations each, r_n = ln(G_{n+1} / G_n) / m estimates ln k per iteration.
The regime follows the interval: fizzle if it lies below 1, explosion if above,
combustion if it contains 1.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class KEstimate:
    """An estimate of k with its 95% interval and regime; ``k`` is None without data."""

    k: float | None
    low: float | None
    high: float | None
    regime: str
    n: int

    def as_dict(self, prefix: str = "k") -> dict[str, object]:
        """Fields for a summary: ``k_hat``, ``k_low``, ``k_high``, ``regime``, ``k_n``."""
        return {
            f"{prefix}_hat": self.k,
            f"{prefix}_low": self.low,
            f"{prefix}_high": self.high,
            "regime": self.regime,
            f"{prefix}_n": self.n,
        }


def regime_of(low: float | None, high: float | None) -> str:
    """fizzle, combustion or explosion from an interval for k; unknown without one."""
    if low is None or high is None:
        return "unknown"
    if high < 1.0:
        return "fizzle"
    if low > 1.0:
        return "explosion"
    return "combustion"


def log_ratios(gains: Sequence[float], iterations: Sequence[int] | None = None) -> np.ndarray:
    """Per-iteration log ratios of successive positive gains (equal iteration counts only)."""
    g = np.asarray(gains, dtype=float)
    m = np.ones(g.size) if iterations is None else np.asarray(iterations, dtype=float)
    ok = (g[:-1] > 0) & (g[1:] > 0) & (m[:-1] == m[1:]) & (m[1:] > 0)
    ok &= np.isfinite(g[:-1]) & np.isfinite(g[1:])
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.log(g[1:][ok] / g[:-1][ok]) / m[1:][ok]
    return r


def estimate_from_stats(n: float, total: float, total_sq: float, level: float = 0.95) -> KEstimate:
    """Estimate k from the count, sum and sum of squares of log ratios."""
    n_int = int(n)
    if n_int == 0:
        return KEstimate(None, None, None, "unknown", 0)
    mean = total / n
    if n_int == 1:
        k = math.exp(mean)
        return KEstimate(k, None, None, regime_of(k, k), 1)
    var = max((total_sq - n * mean * mean) / (n - 1), 0.0)
    half = stats.t.ppf(0.5 + level / 2, n_int - 1) * math.sqrt(var / n)
    low, high = math.exp(mean - half), math.exp(mean + half)
    return KEstimate(math.exp(mean), low, high, regime_of(low, high), n_int)


def estimate_k(
    gains: Sequence[float], iterations: Sequence[int] | None = None, level: float = 0.95
) -> KEstimate:
    """Estimate k, a ``level`` interval and the regime from a sequence of successive gains.

    Args:
        gains: successive gains D_1, D_2, ... (non-positive gains are skipped, with the
            ratios that touch them).
        iterations: RSI iterations behind each gain (1 each when omitted).
        level: coverage of the interval.
    """
    r = log_ratios(gains, iterations)
    return estimate_from_stats(r.size, float(r.sum()), float((r * r).sum()), level)
