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

    The result equals :func:`estimate_k` on the same ratios.
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
#
# A run's growth has two sources, and the agent frame records enough to tell them
# apart. Between two steps in which an AGI performed iterations, its gain changes
# because it is now more intelligent (the returns on reinvested intelligence, k) and
# because its inputs changed (more compute, bought with revenue and made cheap by
# hardware progress). Each such step records, besides its gain G_t, the gain
# G'_t it would have made from the same state with the previous step's inputs. Then
#
#     k per iteration = (G'_t / G_{t-1})^(1 / n_{t-1}),   input growth = G_t / G'_t,
#
# and the first is what the research post means by k: under pure scaling (more
# compute buys ever less) it is below 1 however fast compute grows, while the growth
# of compute shows in the second. For rules whose gains depend on the state alone
# (criticality, domain returns, self-finetuning) G'_t = G_t whenever the iteration
# counts agree, and the estimator is the plain ratio of successive gains.

_AGENT_KEYS = ("scenario", "seed", "agent_id")


def agi_gain_series(agents: pl.DataFrame, cap: float | None = None) -> pl.DataFrame:
    """The observations of each AGI in an agent frame, paired with its previous one.

    An observation is a step in which the AGI performed iterations. Each row carries
    the previous observation's gain and iterations (``prev_gain``, ``prev_iterations``,
    null for the first), and gains too small to read (below ``GAIN_RESOLUTION`` of I) or
    taken at the intelligence cap are zeroed, as saturation says nothing about k.

    Raises:
        ValueError: a needed column is missing, naming it.
    """
    need = ("step", "agent_id", "kind", "intelligence", "gain", "iterations")
    missing = [c for c in need if c not in agents.columns]
    if missing:
        raise ValueError(f"agent frame: missing column(s) {', '.join(missing)}")
    keys = [c for c in _AGENT_KEYS if c in agents.columns]
    frame = agents.filter((pl.col("kind") == "agi") & (pl.col("iterations").fill_null(0) > 0))
    if "gain_same_inputs" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, dtype=pl.Float64).alias("gain_same_inputs"))

    def readable(column: str) -> pl.Expr:
        ok = pl.col(column) > GAIN_RESOLUTION * pl.col("intelligence")
        if cap is not None:
            ok = ok & (pl.col("intelligence") < cap)
        return pl.when(ok.fill_null(False)).then(pl.col(column)).otherwise(0.0)

    frame = frame.sort([*keys, "step"]).with_columns(
        readable("gain").alias("gain"), readable("gain_same_inputs").alias("gain_same_inputs")
    )
    return frame.with_columns(
        pl.col("gain").shift(1).over(keys).alias("prev_gain"),
        pl.col("iterations").shift(1).over(keys).alias("prev_iterations"),
        pl.col("step").shift(1).over(keys).alias("prev_step"),
    )


_LINKED = (pl.col("gain_same_inputs").fill_null(0.0) > 0) & (pl.col("prev_gain").fill_null(0.0) > 0)
"""Observations that pair with the previous one (same state path, readable gains)."""


def _linked(series: pl.DataFrame) -> pl.DataFrame:
    """The observations of ``series`` that pair with the previous one (:data:`_LINKED`)."""
    return series.filter(_LINKED)


def k_log_ratios(series: pl.DataFrame) -> np.ndarray:
    """Per-iteration log returns ln(G'_t / G_{t-1}) / n_{t-1} of every linked observation."""
    pairs = _linked(series)
    g_same = pairs["gain_same_inputs"].to_numpy()
    prev = pairs["prev_gain"].to_numpy()
    return np.log(g_same / prev) / pairs["prev_iterations"].to_numpy()


def input_log_ratios(series: pl.DataFrame, years_per_step: float) -> np.ndarray:
    """Log growth of the gain from changed inputs, ln(G_t / G'_t), per year between the two."""
    pairs = series.filter(_LINKED & (pl.col("gain") > 0))
    years = (pairs["step"] - pairs["prev_step"]).to_numpy() * years_per_step
    ratio = np.log(pairs["gain"].to_numpy() / pairs["gain_same_inputs"].to_numpy())
    return ratio / years


def _estimate(r: np.ndarray, level: float) -> KEstimate:
    return estimate_from_stats(r.size, float(r.sum()), float((r * r).sum()), level)


def pooled_k(
    agents: pl.DataFrame,
    level: float = 0.95,
    cap: float | None = None,
    *,
    series: pl.DataFrame | None = None,
) -> KEstimate:
    """K pooled over every AGI of an agent frame: the estimator of the run summary.

    ``series`` is ``agi_gain_series(agents, cap)`` when the caller has built it already.
    """
    series = agi_gain_series(agents, cap) if series is None else series
    return _estimate(k_log_ratios(series), level)


def input_growth(
    agents: pl.DataFrame,
    years_per_step: float,
    level: float = 0.95,
    cap: float | None = None,
    *,
    series: pl.DataFrame | None = None,
) -> KEstimate:
    """Growth factor per year of AGIs' gains from their inputs (compute), pooled.

    1 when inputs do not change or the rules do not read them. The estimate's regime
    says whether inputs shrank (``fizzle``), held (``combustion``) or grew. ``series``
    is ``agi_gain_series(agents, cap)`` when the caller has built it already.
    """
    series = agi_gain_series(agents, cap) if series is None else series
    return _estimate(input_log_ratios(series, years_per_step), level)


def k_by_agent(
    agents: pl.DataFrame, level: float = 0.95, method: Method = "ratio", cap: float | None = None
) -> pl.DataFrame:
    """Estimate k per AGI of a run's agent frame: estimate, interval, regime, observations.

    One row per AGI (per run, when the frame holds several seeds), in order of first
    appearance, with its lab, alignment, final status and last recorded intelligence;
    an AGI without usable gains gets n = 0 and regime ``unknown``. ``ratio`` is the
    summary's estimator; ``trend`` fits ln G on the iterations completed instead.
    """
    series = agi_gain_series(agents, cap)
    keys = [c for c in _AGENT_KEYS if c in series.columns]
    estimates: dict[tuple, KEstimate] = {}
    for key, group in series.group_by(keys, maintain_order=True):
        if method == "ratio":
            est = _estimate(k_log_ratios(group), level)
        else:
            est = estimate_k(group["gain"], group["iterations"], level, method)
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
                "status": last.get("status"),
                "intelligence": last["intelligence"],
                "n": est.n,
                "k_hat": est.k,
                "k_low": est.low,
                "k_high": est.high,
                "regime": est.regime,
            }
        )
    schema = {k: agents.schema[k] for k in keys} | {
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


def successive_gains(agents: pl.DataFrame, cap: float | None = None) -> pl.DataFrame:
    """Pairs (gain, next gain with the same inputs, iterations), for a plot of G' against G."""
    series = agi_gain_series(agents, cap)
    keys = [c for c in _AGENT_KEYS if c in series.columns]
    return _linked(series).select(
        *keys,
        "step",
        pl.col("prev_gain").alias("gain"),
        pl.col("gain_same_inputs").alias("next_gain"),
        pl.col("prev_iterations").alias("iterations"),
    )
