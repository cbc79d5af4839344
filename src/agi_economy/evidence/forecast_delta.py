"""How a forecast moved with the user's evidence: paired runs with and without the change.

A forecast given ``--evidence`` or ``--without`` also runs every replicate of every
arm under the posterior of the library alone, with the same seed and the same draw
index (:meth:`~agi_economy.experiment.draws.ParameterDraws.index_of`), into the
folder's :data:`BASELINE_DIR`. Run ``i`` with the change and run ``i`` without it
are a pair, so each measure's difference has a paired interval:

- a probability: the paired difference of proportions with Newcombe's hybrid score
  interval (:func:`~agi_economy.experiment.stats.paired_proportion_difference`), over
  the pairs in which both runs define the measure;
- a median or a distribution (takeoff years, a drawn parameter, the k shown): the
  median of the paired differences with its order-statistic 95% interval.

A pure function of the two runs frames, written as ``forecast_delta.parquet``.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from agi_economy.evidence.forecast_report import combine, run_measures
from agi_economy.experiment.stats import median_interval, paired_proportion_difference
from agi_economy.experiment.tasks import Cell

PAIRED_INTERVAL = {
    "share": "95% CI, paired difference of proportions",
    "median": "95% CI, median of paired differences",
}
"""What each delta row's ``difference`` is, by the measure's kind (a share or not): the
change in a median is the median of the pairs' changes, not the difference of medians."""

BASELINE_DIR = "library_alone"
"""Subfolder of a forecast's folder holding its runs under the library's posterior alone."""

DELTA_FILE = "forecast_delta.parquet"

DELTA_SCHEMA = {
    "policy": pl.String,
    "arm": pl.Int64,
    "measure": pl.String,
    "with_change": pl.Float64,
    "without_change": pl.Float64,
    "difference": pl.Float64,
    "low": pl.Float64,
    "high": pl.Float64,
    "interval": pl.String,
    "pairs": pl.Int64,
}


def _ok(runs: pl.DataFrame, arm: int) -> pl.DataFrame:
    return runs.filter((pl.col("arm") == arm) & (pl.col("status") == "ok")).sort("replicate")


def paired_difference(kind: str, first: list, second: list) -> tuple[tuple, int]:
    """The difference of ``first`` from ``second`` over the pairs where both are defined."""
    pairs = [(a, b) for a, b in zip(first, second, strict=True) if a is not None and b is not None]
    if kind == "share":
        a = [bool(x) for x, _ in pairs]
        b = [bool(y) for _, y in pairs]
        return paired_proportion_difference(a, b), len(pairs)
    return median_interval([float(x) - float(y) for x, y in pairs]), len(pairs)


def delta_table(
    changed: pl.DataFrame,
    alone: pl.DataFrame,
    cells: Sequence[Cell],
    years: Sequence[float],
    fields: Sequence[str],
) -> pl.DataFrame:
    """One row per arm and measure: with the change, without it, and the paired difference."""
    rows = []
    for arm, cell in enumerate(cells):
        a, b = _ok(changed, arm), _ok(alone, arm)
        both = a.select("replicate").join(b.select("replicate"), on="replicate")
        a_pairs = a.join(both, on="replicate").sort("replicate")
        b_pairs = b.join(both, on="replicate").sort("replicate")
        measured = zip(
            run_measures(a, years, fields),
            run_measures(b, years, fields),
            run_measures(a_pairs, years, fields),
            run_measures(b_pairs, years, fields),
            strict=True,
        )
        for (name, kind, va), (_, _, vb), (_, _, pa), (_, _, pb) in measured:
            diff, n = paired_difference(kind, pa, pb)
            rows.append(
                {
                    "policy": cell.label,
                    "arm": arm,
                    "measure": name,
                    "with_change": combine(kind, va)[0][0],
                    "without_change": combine(kind, vb)[0][0],
                    "difference": diff[0],
                    "low": diff[1],
                    "high": diff[2],
                    "interval": PAIRED_INTERVAL["share" if kind == "share" else "median"],
                    "pairs": n,
                }
            )
    return pl.DataFrame(rows, schema=DELTA_SCHEMA)
