"""The k estimator: returns on reinvested intelligence from successive gains.

Under the criticality model (Yudkowsky 2013, *Intelligence Explosion Microeconomics*)
each gain is k times the last, D_{n+1} = k D_n, and the research post asks which regime
k puts us in: fizzle (k < 1), combustion (k = 1) or explosion (k > 1). Two estimators,
each exact under its own noise model:

- ``ratio`` (the default, and what the run summary pools): noise enters the process,
  D_{n+1} = k D_n exp(sigma eps_n). The log ratios r_n = ln(D_{n+1} / D_n) are then
  independent N(ln k, sigma^2), so ln k is estimated by their mean with a Student-t
  interval (n - 1 degrees of freedom), and k by its exponential. With m iterations per
  gain, r_n = ln(G_{n+1} / G_n) / m estimates ln k per iteration.
- ``trend``: noise is on each observed gain around a geometric path,
  G_n = G_1 k^(x_n - x_1) exp(sigma eps_n), x_n the RSI iterations completed, as in the
  self-finetuning rule. ln k is then the least-squares slope of ln G on x, with a
  Student-t interval (n - 2 degrees of freedom). Under this noise the ``ratio`` interval
  is valid but far too wide (its ratios are negatively correlated).

The regime follows the interval: fizzle if it lies below 1, explosion if above,
combustion if it contains 1 (to within rounding, so exact k = 1 data reads as
combustion whatever the last bits of the gains).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import polars as pl
from scipy import special

from agi_economy.growth.base import GAIN_RESOLUTION

Method = Literal["ratio", "trend"]
METHODS: tuple[str, ...] = ("ratio", "trend")

_ROUNDING = 1e-9  # relative width around k = 1 that floating-point gains cannot resolve


@dataclass(frozen=True)
class KEstimate:
    """An estimate of k with its interval and regime; ``k`` is None without data.

    Attributes:
        k: point estimate of k (per RSI iteration).
        low: lower end of the interval (None with fewer than two observations).
        high: upper end of the interval.
        regime: ``fizzle``, ``combustion``, ``explosion`` or ``unknown``.
        n: observations used (log ratios for ``ratio``, gains for ``trend``).
        method: the estimator, ``ratio`` or ``trend``.
        level: coverage of the interval.
    """

    k: float | None
    low: float | None
    high: float | None
    regime: str
    n: int
    method: str = "ratio"
    level: float = 0.95

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
    if high < 1.0 - _ROUNDING:
        return "fizzle"
    if low > 1.0 + _ROUNDING:
        return "explosion"
    return "combustion"


def _check_level(level: float) -> None:
    if not 0.0 < level < 1.0:
        raise ValueError(f"level: must lie strictly between 0 and 1 (got {level!r})")


def log_ratios(gains: Sequence[float], iterations: Sequence[int] | None = None) -> np.ndarray:
    """Per-iteration log ratios of successive positive gains (equal iteration counts only)."""
    g = np.asarray(gains, dtype=float)
    m = np.ones(g.size) if iterations is None else np.asarray(iterations, dtype=float)
    if m.shape != g.shape:
        raise ValueError(f"iterations: expected {g.size} values, one per gain (got {m.size})")
    if g.size < 2:
        return np.zeros(0)
    ok = (g[:-1] > 0) & (g[1:] > 0) & (m[:-1] == m[1:]) & (m[1:] > 0)
    ok &= np.isfinite(g[:-1]) & np.isfinite(g[1:])
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.log(g[1:][ok] / g[:-1][ok]) / m[1:][ok]
    return r


def estimate_from_stats(n: float, total: float, total_sq: float, level: float = 0.95) -> KEstimate:
    """Estimate k (``ratio`` method) from the count, sum and sum of squares of log ratios.

    Running sums let a model pool every AGI's ratios without keeping them (see
    ``ProtoAGI.k_stats``); the result equals :func:`estimate_k` on the same ratios.
    """
    _check_level(level)
    n_int = int(n)
    if n_int == 0:
        return KEstimate(None, None, None, "unknown", 0, "ratio", level)
    mean = total / n
    if n_int == 1:
        k = math.exp(mean)
        return KEstimate(k, None, None, regime_of(k, k), 1, "ratio", level)
    var = max((total_sq - n * mean * mean) / (n - 1), 0.0)
    half = special.stdtrit(n_int - 1, 0.5 + level / 2) * math.sqrt(var / n)
    low, high = math.exp(mean - half), math.exp(mean + half)
    return KEstimate(math.exp(mean), low, high, regime_of(low, high), n_int, "ratio", level)


def _trend_estimate(gains: np.ndarray, iterations: np.ndarray | None, level: float) -> KEstimate:
    m = np.ones(gains.size) if iterations is None else np.asarray(iterations, dtype=float)
    if m.shape != gains.shape:
        raise ValueError(f"iterations: expected {gains.size} values, one per gain (got {m.size})")
    x_all = np.cumsum(m)
    ok = (gains > 0) & np.isfinite(gains) & (m > 0)
    if ok.any():
        # A gain over m iterations carries a factor (1 + k + ... + k^(m-1)): keep one m.
        counts = np.bincount(m[ok].astype(np.int64))
        ok &= m == int(np.argmax(counts))
    y, x = np.log(gains[ok]), x_all[ok]
    n = int(y.size)
    if n < 2:
        return KEstimate(None, None, None, "unknown", n, "trend", level)
    dx = x - x.mean()
    sxx = float(dx @ dx)
    slope = float(dx @ (y - y.mean())) / sxx
    k = math.exp(slope)
    if n == 2:
        return KEstimate(k, None, None, regime_of(k, k), n, "trend", level)
    resid = y - y.mean() - slope * dx
    se = math.sqrt(max(float(resid @ resid), 0.0) / (n - 2) / sxx)
    half = special.stdtrit(n - 2, 0.5 + level / 2) * se
    low, high = math.exp(slope - half), math.exp(slope + half)
    return KEstimate(k, low, high, regime_of(low, high), n, "trend", level)


def estimate_k(
    gains: Sequence[float],
    iterations: Sequence[int] | None = None,
    level: float = 0.95,
    method: Method = "ratio",
) -> KEstimate:
    """Estimate k, a ``level`` interval and the regime from a sequence of successive gains.

    Args:
        gains: successive gains D_1, D_2, ... (non-positive or non-finite gains are
            skipped, with the ratios that touch them).
        iterations: RSI iterations behind each gain (1 each when omitted); only pairs
            with equal counts form ratios.
        level: coverage of the interval.
        method: ``ratio`` (noise in the process) or ``trend`` (noise on each gain); see
            the module docstring.

    Raises:
        ValueError: an unknown method, a level outside (0, 1), or iterations that do
            not match the gains.
    """
    _check_level(level)
    if method == "ratio":
        r = log_ratios(gains, iterations)
        return estimate_from_stats(r.size, float(r.sum()), float((r * r).sum()), level)
    if method == "trend":
        return _trend_estimate(np.asarray(gains, dtype=float), iterations, level)
    raise ValueError(f"method: expected one of {', '.join(METHODS)} (got {method!r})")


# ---------------------------------------------------------------- agent frames

_AGENT_KEYS = ("scenario", "seed", "agent_id")


def agi_gain_series(agents: pl.DataFrame, cap: float | None = None) -> pl.DataFrame:
    """The per-step gains of each AGI in an agent frame, cleaned for the k estimator.

    Keeps AGI rows (a shut-down AGI records its last step's gain, then none), zeroes
    gains at the intelligence cap (saturation says nothing about k, as in
    ``ProtoAGI._track_gain``) and marks ``consecutive`` rows, those one step after the
    AGI's previous row: only they pair with it. Gains below the float resolution of I
    (``GAIN_RESOLUTION``) are zeroed too, as the model does.

    Raises:
        ValueError: a needed column is missing, naming it.
    """
    need = ("step", "agent_id", "kind", "status", "intelligence", "gain", "iterations")
    missing = [c for c in need if c not in agents.columns]
    if missing:
        raise ValueError(f"agent frame: missing column(s) {', '.join(missing)}")
    keys = [c for c in _AGENT_KEYS if c in agents.columns]
    frame = agents.filter(pl.col("kind") == "agi")
    gain = pl.col("gain").fill_null(0.0)
    unreadable = pl.col("gain") <= GAIN_RESOLUTION * pl.col("intelligence")
    if cap is not None:
        unreadable = unreadable | (pl.col("intelligence") >= cap)
    gain = pl.when(unreadable.fill_null(True)).then(0.0).otherwise(gain)
    return frame.sort([*keys, "step"]).with_columns(
        gain.alias("gain"),
        pl.col("iterations").fill_null(0).alias("iterations"),
        (pl.col("step").diff().over(keys) == 1).fill_null(False).alias("consecutive"),
    )


def _ratios(series: pl.DataFrame) -> np.ndarray:
    g = series["gain"].to_numpy()
    m = series["iterations"].to_numpy()
    linked = series["consecutive"].to_numpy()[1:]
    if g.size < 2:
        return np.zeros(0)
    ok = linked & (g[:-1] > 0) & (g[1:] > 0) & (m[:-1] == m[1:]) & (m[1:] > 0)
    return np.log(g[1:][ok] / g[:-1][ok]) / m[1:][ok]


def _longest_consecutive_run(series: pl.DataFrame) -> pl.DataFrame:
    """The longest stretch of rows one step apart (a gap would hide iterations)."""
    starts = np.flatnonzero(~series["consecutive"].to_numpy())
    bounds = np.append(starts, series.height)
    j = int(np.argmax(np.diff(bounds))) if starts.size else 0
    return series.slice(int(bounds[j]), int(bounds[j + 1] - bounds[j])) if starts.size else series


def k_by_agent(
    agents: pl.DataFrame, level: float = 0.95, method: Method = "ratio", cap: float | None = None
) -> pl.DataFrame:
    """Estimate k per AGI of a run's agent frame: estimate, interval, regime, observations.

    One row per AGI (per run, when the frame holds several seeds), in order of first
    appearance, with its lab, alignment, final status and last recorded intelligence;
    an AGI without usable gains gets n = 0 and regime ``unknown``.
    """
    series = agi_gain_series(agents, cap)
    keys = [c for c in _AGENT_KEYS if c in series.columns]
    estimates: dict[tuple, KEstimate] = {}
    for key, group in series.group_by(keys, maintain_order=True):
        if method == "ratio":
            r = _ratios(group)
            est = estimate_from_stats(r.size, float(r.sum()), float((r * r).sum()), level)
        else:
            run = _longest_consecutive_run(group)
            est = estimate_k(run["gain"], run["iterations"], level, method)
        estimates[tuple(key)] = est
    none = KEstimate(None, None, None, "unknown", 0, method, level)
    final = agents.filter(pl.col("kind") == "agi").sort("step").group_by(keys, maintain_order=True)
    rows = []
    for key, group in final:
        last = group.row(-1, named=True)
        est = estimates.get(tuple(key), none)
        rows.append(
            {
                **{k: last[k] for k in keys},
                "lab_id": last.get("lab_id"),
                "aligned": last.get("aligned"),
                "status": last["status"],
                "intelligence": last["intelligence"],
                "n": est.n,
                "k_hat": est.k,
                "k_low": est.low,
                "k_high": est.high,
                "regime": est.regime,
            }
        )
    schema = {k: series.schema[k] for k in keys} | {
        "lab_id": pl.Int64,
        "aligned": pl.Boolean,
        "status": pl.String,
        "intelligence": pl.Float64,
        "n": pl.Int64,
        "k_hat": pl.Float64,
        "k_low": pl.Float64,
        "k_high": pl.Float64,
        "regime": pl.String,
    }
    return pl.DataFrame(rows, schema=schema, orient="row").sort(keys, maintain_order=True)


def pooled_k(agents: pl.DataFrame, level: float = 0.95, cap: float | None = None) -> KEstimate:
    """Estimate k pooled over every AGI of an agent frame (``ratio``), as the run summary does."""
    series = agi_gain_series(agents, cap)
    keys = [c for c in _AGENT_KEYS if c in series.columns]
    parts = [_ratios(group) for _, group in series.group_by(keys, maintain_order=True)]
    r = np.concatenate(parts) if parts else np.zeros(0)
    return estimate_from_stats(r.size, float(r.sum()), float((r * r).sum()), level)


def successive_gains(agents: pl.DataFrame, cap: float | None = None) -> pl.DataFrame:
    """Pairs (gain, next gain, iterations) of each AGI, for a plot of G_{n+1} against G_n."""
    series = agi_gain_series(agents, cap)
    keys = [c for c in _AGENT_KEYS if c in series.columns]
    nxt = [pl.col(c).shift(-1).over(keys) for c in ("gain", "iterations", "consecutive")]
    pairs = series.with_columns(
        nxt[0].alias("next_gain"), nxt[1].alias("next_iterations"), nxt[2].alias("linked")
    )
    return pairs.filter(
        pl.col("linked").fill_null(False)
        & (pl.col("gain") > 0)
        & (pl.col("next_gain") > 0)
        & (pl.col("iterations") == pl.col("next_iterations"))
        & (pl.col("iterations") > 0)
    ).select([*keys, "step", "gain", "next_gain", "iterations"])
