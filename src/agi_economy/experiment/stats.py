"""Interval estimates for comparisons over replicates: closed forms, no resampling.

- A proportion: the Wilson (1927) score interval, which keeps its coverage near 0 and
  1 where the Wald interval collapses (Brown, Cai & DasGupta 2001).
- A median: the distribution-free interval between two order statistics, whose
  coverage follows from the Binomial(n, 1/2) count of values below the median
  (Conover 1999, section 3.2; the sign-test interval).
- A mean: Student's t interval.
- A paired difference of proportions (common random numbers make policy and baseline
  runs pairs): Newcombe's (1998b) hybrid score interval, method 10, with the
  continuity-corrected correlation he gives; Fagerland, Lydersen & Laake (2014)
  recommend it.

Every function returns ``(estimate, low, high)`` and None where there are too few
values for the estimate (or for its interval), never NaN.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

Interval = tuple[float | None, float | None, float | None]

_NONE: Interval = (None, None, None)


def _stats():
    """SciPy's distributions, loaded on first use (about a second; workers never need them)."""
    from scipy import stats

    return stats


# The quantiles and the Binomial CDF below are the special functions SciPy's
# distributions evaluate (scipy.stats: norm._ppf is ndtri, t._ppf is stdtrit, binom's
# _ppf and _cdf are _binom_ppf and _binom_cdf), called directly for a probability
# strictly between 0 and 1: the same numbers without the second it takes to import
# scipy.stats. At 0 and 1 the distributions' own edge rules apply.


def _inside(q: float) -> bool:
    return 0.0 < q < 1.0


def _norm_ppf(q: float) -> float:
    from scipy import special

    return float(special.ndtri(q)) if _inside(q) else float(_stats().norm.ppf(q))


def _t_ppf(q: float, df: int) -> float:
    from scipy import special

    return float(special.stdtrit(df, q)) if _inside(q) else float(_stats().t.ppf(q, df))


def _binom_ppf(q: float, n: int) -> int:
    """Smallest j with P(B <= j) >= q for B ~ Binomial(n, 1/2)."""
    from scipy.special import _ufuncs

    return int(_ufuncs._binom_ppf(q, n, 0.5)) if _inside(q) else int(_stats().binom.ppf(q, n, 0.5))


def _binom_cdf(j: int, n: int) -> float:
    """P(B <= j) for B ~ Binomial(n, 1/2)."""
    from scipy.special import _ufuncs

    if 0 <= j < n:
        return float(min(1.0, max(0.0, _ufuncs._binom_cdf(float(j), n, 0.5))))
    return float(_stats().binom.cdf(j, n, 0.5))


def _z(confidence: float) -> float:
    return _norm_ppf(0.5 + confidence / 2.0)


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> Interval:
    """The proportion ``successes / n`` with its Wilson score interval."""
    if n <= 0:
        return _NONE
    if not 0 <= successes <= n:
        raise ValueError(f"successes must lie in [0, n] (got {successes} of {n})")
    z = _z(confidence)
    p = successes / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1.0 - p) / n + z * z / (4 * n * n)) / denom
    low = 0.0 if successes == 0 else max(0.0, centre - half)  # exact at the ends
    high = 1.0 if successes == n else min(1.0, centre + half)
    return p, low, high


def median_interval(values: Sequence[float], confidence: float = 0.95) -> Interval:
    """The median with the order-statistic interval [x_(j), x_(n+1-j)].

    ``j`` is the largest rank with P(B < j) <= (1 - confidence) / 2, B ~ Binomial(n, 1/2),
    so the coverage is at least ``confidence``. Below six values a 95% interval does
    not exist: the bounds are None.
    """
    x = np.sort(np.asarray([v for v in values if v is not None], dtype=float))
    x = x[np.isfinite(x)]
    n = x.size
    if n == 0:
        return _NONE
    median = float(np.median(x))
    alpha = 1.0 - confidence
    j = _binom_ppf(alpha / 2.0, n)  # smallest j with P(B <= j) >= alpha/2
    if _binom_cdf(j, n) > alpha / 2.0:
        j -= 1  # now P(B <= j) <= alpha / 2, so the interval is [x_(j+1), x_(n-j)]
    if j < 0:
        return median, None, None
    return median, float(x[j]), float(x[n - 1 - j])


def mean_interval(values: Sequence[float], confidence: float = 0.95) -> Interval:
    """The mean with Student's t interval (bounds None below two values)."""
    x = np.asarray([v for v in values if v is not None], dtype=float)
    x = x[np.isfinite(x)]
    if x.size == 0:
        return _NONE
    mean = float(x.mean())
    if x.size < 2:
        return mean, None, None
    half = _t_ppf(0.5 + confidence / 2.0, x.size - 1) * float(x.std(ddof=1) / math.sqrt(x.size))
    return mean, mean - half, mean + half


def paired_proportion_difference(
    first: Sequence[bool], second: Sequence[bool], confidence: float = 0.95
) -> Interval:
    """p_first - p_second for paired outcomes, with Newcombe's hybrid score interval.

    With the paired table n11 (both), n12 (first only), n21 (second only), n22
    (neither): the Wilson intervals (l1, u1) and (l2, u2) of the two proportions are
    combined with the correlation psi of the pairs,
    L = d - sqrt((p1 - l1)^2 + (u2 - p2)^2 - 2 psi (p1 - l1)(u2 - p2)), and U likewise.
    """
    a = np.asarray(first, dtype=bool)
    b = np.asarray(second, dtype=bool)
    if a.shape != b.shape:
        raise ValueError("paired samples must have the same length")
    n = a.size
    if n == 0:
        return _NONE
    n11 = int(np.sum(a & b))
    n12 = int(np.sum(a & ~b))
    n21 = int(np.sum(~a & b))
    n22 = n - n11 - n12 - n21
    p1, l1, u1 = wilson_interval(n11 + n12, n, confidence)
    p2, l2, u2 = wilson_interval(n11 + n21, n, confidence)
    margins = (n11 + n12) * (n21 + n22) * (n11 + n21) * (n12 + n22)
    psi = 0.0
    if margins > 0:
        cross = n11 * n22 - n12 * n21
        if cross > n / 2:
            psi = (cross - n / 2) / math.sqrt(margins)
        elif cross < 0:
            psi = cross / math.sqrt(margins)
    d = p1 - p2
    low = d - math.sqrt(max(0.0, (p1 - l1) ** 2 + (u2 - p2) ** 2 - 2 * psi * (p1 - l1) * (u2 - p2)))
    high = d + math.sqrt(
        max(0.0, (p2 - l2) ** 2 + (u1 - p1) ** 2 - 2 * psi * (p2 - l2) * (u1 - p1))
    )
    return d, max(-1.0, low), min(1.0, high)
