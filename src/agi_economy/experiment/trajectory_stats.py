"""Summaries of many runs' trajectories over calendar time, per arm.

- :func:`bands`: at each grid time, each measure's median and the 50% and 90% bands
  (quantiles 0.25-0.75 and 0.05-0.95) over an arm's runs: a fan chart's data.
- :func:`takeover_by_time`: P(takeover by t) per arm with Wilson intervals, over the
  runs whose ``takeover`` is known at ``t`` (a run that stopped early after a
  takeover counts as taken over; one that stopped without is left out).
- :func:`paired_differences`: each arm's paired difference from the baseline at each
  time, pairing runs that share a seed (and a design point): the median difference
  with its 50% and 90% bands, and for the takeover the paired difference of
  proportions with Newcombe's interval. Intelligence and output differ in log10
  (a factor), since they span orders of magnitude.

Every function takes a (lazy) frame of trajectory rows and streams its aggregation.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from agi_economy.experiment.stats import paired_proportion_difference, wilson_interval
from agi_economy.experiment.trajectory import MEASURE_LABELS

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
LOG_MEASURES = ("max_intelligence", "output")
"""Measures whose paired difference is taken in log10 (a ratio of two runs)."""


def _q(q: float) -> str:
    return f"q{round(q * 100):02d}"


def _lazy(frame: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
    return frame.lazy() if isinstance(frame, pl.DataFrame) else frame


def bands(
    trajectories: pl.DataFrame | pl.LazyFrame,
    by: str = "policy",
    measures: Sequence[str] = tuple(MEASURE_LABELS),
) -> pl.DataFrame:
    """One row per (arm, measure, year): runs and the quantiles :data:`QUANTILES`."""
    lazy = _lazy(trajectories)
    parts = []
    for m in measures:
        value = pl.col(m).cast(pl.Float64)
        parts.append(
            lazy.group_by(by, "year")
            .agg(
                runs=value.drop_nulls().len(),
                **{_q(q): value.quantile(q, interpolation="linear") for q in QUANTILES},
            )
            .with_columns(measure=pl.lit(m))
        )
    out = pl.concat(parts).collect(engine="streaming")
    return out.select(by, "measure", "year", "runs", *map(_q, QUANTILES)).sort(
        by, "measure", "year"
    )


def takeover_by_time(
    trajectories: pl.DataFrame | pl.LazyFrame, by: str = "policy", confidence: float = 0.95
) -> pl.DataFrame:
    """One row per (arm, year): runs counted, takeovers, P(takeover by t) and its interval."""
    counts = (
        _lazy(trajectories)
        .filter(pl.col("takeover").is_not_null())
        .group_by(by, "year")
        .agg(runs=pl.len(), takeovers=pl.col("takeover").cast(pl.Int64).sum())
        .sort(by, "year")
        .collect(engine="streaming")
    )
    intervals = [
        wilson_interval(int(k), int(n), confidence)
        for k, n in zip(counts["takeovers"], counts["runs"], strict=True)
    ]
    return counts.with_columns(
        p=pl.Series([i[0] for i in intervals], dtype=pl.Float64),
        low=pl.Series([i[1] for i in intervals], dtype=pl.Float64),
        high=pl.Series([i[2] for i in intervals], dtype=pl.Float64),
    )


def _transformed(m: str) -> pl.Expr:
    if m == "takeover":
        return pl.col(m)
    value = pl.col(m).cast(pl.Float64)
    if m in LOG_MEASURES:  # log10 of a positive value; no AGI yet (0) has no logarithm
        return pl.when(value > 0).then(value.log10()).otherwise(None).alias(m)
    return value.alias(m)


def paired_differences(
    trajectories: pl.DataFrame | pl.LazyFrame,
    baseline: str,
    by: str = "policy",
    pair_on: Sequence[str] = ("replicate",),
    measures: Sequence[str] = tuple(MEASURE_LABELS),
    confidence: float = 0.95,
) -> pl.DataFrame:
    """One row per (arm, measure, year) for every arm but the baseline: paired differences.

    Columns: ``pairs``, the quantiles of the paired differences (``q50`` the median),
    and ``estimate``/``low``/``high``: the median difference for a measure, the
    difference of proportions with Newcombe's paired interval for ``takeover``.
    """
    lazy = _lazy(trajectories).select(by, *pair_on, "year", *(_transformed(m) for m in measures))
    base = lazy.filter(pl.col(by) == baseline).drop(by)
    pairs = lazy.filter(pl.col(by) != baseline).join(
        base, on=[*pair_on, "year"], how="inner", suffix="_base"
    )
    parts = []
    for m in measures:
        diff = pl.col(m).cast(pl.Float64) - pl.col(f"{m}_base").cast(pl.Float64)
        agg = {
            "pairs": diff.drop_nulls().len(),
            **{_q(q): diff.quantile(q, interpolation="linear") for q in QUANTILES},
        }
        if m == "takeover":
            agg.update(
                n11=(pl.col(m) & pl.col(f"{m}_base")).sum(),
                n10=(pl.col(m) & ~pl.col(f"{m}_base")).sum(),
                n01=(~pl.col(m) & pl.col(f"{m}_base")).sum(),
            )
        parts.append(pairs.group_by(by, "year").agg(**agg).with_columns(measure=pl.lit(m)))
    frames = [p.collect(engine="streaming") for p in parts]
    out = pl.concat(frames, how="diagonal_relaxed").sort(by, "measure", "year")
    estimate, low, high = [], [], []
    for row in out.iter_rows(named=True):
        if row["measure"] == "takeover":
            e, lo, hi = _newcombe(row["n11"], row["n10"], row["n01"], row["pairs"], confidence)
        else:
            e, lo, hi = row["q50"], row["q25"], row["q75"]
        estimate.append(e)
        low.append(lo)
        high.append(hi)
    out = out.with_columns(
        estimate=pl.Series(estimate, dtype=pl.Float64),
        low=pl.Series(low, dtype=pl.Float64),
        high=pl.Series(high, dtype=pl.Float64),
    )
    keep = [by, "measure", "year", "pairs", *map(_q, QUANTILES), "estimate", "low", "high"]
    return out.select(keep)


def _newcombe(n11: int, n10: int, n01: int, n: int, confidence: float):
    """Newcombe's paired interval from the counts of a 2x2 table of paired outcomes."""
    n00 = n - n11 - n10 - n01
    first = np.repeat([True, True, False, False], [n11, n10, n01, n00])
    second = np.repeat([True, False, True, False], [n11, n10, n01, n00])
    return paired_proportion_difference(first, second, confidence)
