"""Research input as a CES combination of cognitive labour and compute, and its ceiling.

Davidson (2025), "Will compute bottlenecks prevent a software intelligence explosion?"
(Forethought research note, section "Economist version"), writes the pace of software
progress as a CES function of labour L and compute K,

    Y = [alpha K^rho + (1 - alpha) L^rho]^(1/rho),

with alpha = 0.5 "throughout". Here ``labour_share`` is the weight on labour, as in the
Cobb-Douglas research input R = L^a C^(1-a) of Davidson & Houlden (2025), "How quick
and big would a software intelligence explosion be?" (section "Model dynamics"); with
a weight of 0.5 on each the two notations agree. Normalised so that Y(1, 1) = 1,

    Y -> (1 - a)^(1/rho)   as L -> inf with K = 1, if rho < 0   (a hard bottleneck),
    Y -> inf               if rho >= 0                           (rho = 0: Cobb-Douglas),

the "max speed" of software progress with compute fixed. The research note's table
(rho = -1, -0.5, -0.2, -0.15, -0.1, 0 give 2, 4, 32, 102, 1024, inf) is this closed form
at a = 0.5.
"""

from __future__ import annotations

import math

import numpy as np

COBB_DOUGLAS_RHO = 1e-9
"""|rho| below this is the Cobb-Douglas limit rho -> 0 (the CES form divides by rho)."""


def _check(labour_share: float, rho: float) -> None:
    if not 0.0 < labour_share < 1.0:
        raise ValueError(f"labour_share: must lie strictly between 0 and 1 (got {labour_share!r})")
    if not math.isfinite(rho):
        raise ValueError(f"rho: must be a finite number (got {rho!r})")


def log_research_input(
    log_labour: float, log_compute: float, labour_share: float, rho: float
) -> float:
    """Ln of the CES research input R(L, K) from ln L and ln K (finite for finite logs).

    Works in logs, ln R = ln(a e^(rho ln L) + (1 - a) e^(rho ln K)) / rho, so labour
    many orders of magnitude above compute neither overflows nor loses the ceiling.
    """
    _check(labour_share, rho)
    a = labour_share
    if abs(rho) < COBB_DOUGLAS_RHO:
        return a * log_labour + (1.0 - a) * log_compute
    terms = np.array([math.log(a) + rho * log_labour, math.log1p(-a) + rho * log_compute])
    return float(np.logaddexp.reduce(terms)) / rho


def research_input(labour: float, compute: float, labour_share: float, rho: float) -> float:
    """CES research input R(L, K) = [a L^rho + (1 - a) K^rho]^(1/rho); R(1, 1) = 1.

    An input of zero gives zero research when the inputs are complements or
    Cobb-Douglas (rho <= 0); with substitutes (rho > 0) the other input carries on.
    """
    _check(labour_share, rho)
    if labour < 0.0 or compute < 0.0:
        raise ValueError(f"labour and compute: must be non-negative (got {labour!r}, {compute!r})")
    if labour == 0.0 or compute == 0.0:
        if rho <= COBB_DOUGLAS_RHO:
            return 0.0
        alive = (labour_share, labour) if labour > 0.0 else (1.0 - labour_share, compute)
        return alive[0] ** (1.0 / rho) * alive[1]
    return math.exp(log_research_input(math.log(labour), math.log(compute), labour_share, rho))


def max_speedup(labour_share: float, rho: float) -> float:
    """Ceiling on R(L, 1) / R(1, 1) as labour grows without bound at fixed compute.

    (1 - a)^(1/rho) for rho < 0 (complements: compute bottlenecks the speed-up);
    ``math.inf`` for rho >= 0 (substitutes or Cobb-Douglas: no ceiling).
    """
    _check(labour_share, rho)
    if rho >= -COBB_DOUGLAS_RHO:
        return math.inf
    return math.exp(math.log1p(-labour_share) / rho)
