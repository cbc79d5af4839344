"""Containment: boxes, escape, the few-shot world, audits and recapture.

Pure functions, vectorised where the model calls them over many systems. The forms
follow the research post's containment strategies (boxing, human-in-the-loop
auditing, interpretability, myopia) and its few-shot alignment world, in which each
RSI iteration carries a small chance that the box fails.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike


def logistic(x: ArrayLike) -> np.ndarray:
    """sigma(x) = 1 / (1 + exp(-x)), without overflow warnings for large |x|."""
    x = np.asarray(x, dtype=float)
    return np.exp(-np.logaddexp(0.0, -x))


def logit(p: float) -> float:
    """Inverse of :func:`logistic`, clipped away from 0 and 1."""
    p = min(max(p, 1e-12), 1.0 - 1e-12)
    return math.log(p / (1.0 - p))


def escape_probability(
    intelligence: ArrayLike, box: ArrayLike, temperature: float, scale: float, myopia: ArrayLike
) -> np.ndarray:
    """Chance per step that a misaligned boxed system escapes.

    p = sigma((I - B) / tau + logit(scale)) (1 - myopia): ``scale`` when the system just
    matches its box, towards 1 as it outgrows it, towards 0 well inside it.
    """
    z = (np.asarray(intelligence, dtype=float) - np.asarray(box, dtype=float)) / temperature
    return logistic(z + logit(scale)) * (1.0 - np.asarray(myopia, dtype=float))


def first_box_failure(failure: float, iterations: int, rng: np.random.Generator) -> int:
    """The iteration (1-based) at which the box first fails this step, or 0 if it holds."""
    if failure <= 0.0 or iterations <= 0:
        return 0
    shot = int(rng.geometric(failure))
    return shot if shot <= iterations else 0


def detection_probability(
    interpretability: ArrayLike, intelligence: ArrayLike, auditor: float, gap_penalty: float
) -> np.ndarray:
    """Chance an audit detects misalignment: q exp(-g max(0, I - I_auditor))."""
    gap = np.maximum(np.asarray(intelligence, dtype=float) - auditor, 0.0)
    return np.asarray(interpretability, dtype=float) * np.exp(-gap_penalty * gap)


def recapture_probability(
    rate: float,
    local_power: ArrayLike,
    system_power: ArrayLike,
    scale: float,
    capability_gap: ArrayLike = 0.0,
    gap_penalty: float = 0.0,
) -> np.ndarray:
    """Chance per step an escaped system is recaptured.

    r sigma((P_local - P_i) / s) exp(-g max(0, gap)): people win back a system while they
    hold more power around it, and lose the ability to find and outwit it as its
    capability outgrows theirs (the same gap penalty g as audits).
    """
    diff = np.asarray(local_power, dtype=float) - np.asarray(system_power, dtype=float)
    gap = np.maximum(np.asarray(capability_gap, dtype=float), 0.0)
    return rate * logistic(diff / scale) * np.exp(-gap_penalty * gap)


def share_capacity(demands: np.ndarray, capacity: float, rng: np.random.Generator) -> np.ndarray:
    """Split ``capacity`` whole approvals over integer ``demands`` without exceeding either.

    When demand exceeds capacity each requested unit has the same chance of being served,
    so auditor capacity limits the pace of RSI across all gated systems.
    """
    demands = np.asarray(demands, dtype=np.int64)
    total = int(demands.sum())
    cap = int(max(capacity, 0.0))
    if total <= cap:
        return demands.copy()
    if cap == 0:
        return np.zeros_like(demands)
    return rng.multivariate_hypergeometric(demands, cap)
