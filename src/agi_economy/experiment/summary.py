"""Per-arm (or per-point) outcome measures with 95% intervals, and paired differences.

Each measure comes with ``_low`` and ``_high`` columns. Differences from the baseline
are paired by replicate (common random numbers) over the replicates that ran in both
arms: the takeover probability by Newcombe's paired interval, the medians as the
median of the paired differences (sign-test interval), the means as the mean of the
paired differences (t interval). Methods: :mod:`agi_economy.experiment.stats`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from agi_economy.experiment.stats import (
    Interval,
    mean_interval,
    median_interval,
    paired_proportion_difference,
    wilson_interval,
)


@dataclass(frozen=True)
class Measure:
    """An outcome measure: its name, the runs column it reads and how it summarises."""

    name: str
    column: str
    kind: str  # "proportion", "median" or "mean"
    label: str
    only_takeovers: bool = False
    bounds: tuple[float, float] | None = None  # the interval is clipped to these


MEASURES = (
    Measure("takeover_probability", "takeover", "proportion", "P(takeover)"),
    Measure("escape_probability", "escaped", "proportion", "P(escape)"),
    Measure("median_takeover_year", "takeover_year", "median", "median takeover year", True),
    Measure("median_max_intelligence", "max_intelligence", "median", "median max I"),
    Measure(
        "mean_human_power_share",
        "final_power_share_humans",
        "mean",
        "mean human power share",
        bounds=(0.0, 1.0),
    ),
    Measure("mean_output_growth", "output_growth", "mean", "mean output growth [/yr]"),
)
"""What a comparison reports for each arm, in order."""

_ONE: dict[str, Callable[..., Interval]] = {"median": median_interval, "mean": mean_interval}


def _ok_runs(runs: pl.DataFrame) -> pl.DataFrame:
    """The runs that finished, with an ``escaped`` indicator; summary columns ensured."""
    ok = runs.filter(pl.col("status") == "ok")
    needed = {m.column: pl.Float64 for m in MEASURES if m.column != "escaped"}
    needed.update(takeover=pl.Boolean, n_escapes=pl.Int64)
    missing = [pl.lit(None, dtype=t).alias(c) for c, t in needed.items() if c not in ok.columns]
    return ok.with_columns(missing).with_columns(escaped=pl.col("n_escapes") > 0)


def _values(frame: pl.DataFrame, m: Measure) -> list:
    if m.only_takeovers:
        frame = frame.filter(pl.col("takeover"))
    return [v for v in frame[m.column].to_list() if v is not None]


def _measure(frame: pl.DataFrame, m: Measure, confidence: float) -> Interval:
    if m.kind == "proportion":
        flags = [bool(v) for v in frame[m.column].to_list() if v is not None]
        return wilson_interval(sum(flags), len(flags), confidence)
    est, low, high = _ONE[m.kind](_values(frame, m), confidence)
    if m.bounds is not None and low is not None and high is not None:
        low, high = max(low, m.bounds[0]), min(high, m.bounds[1])
    return est, low, high


def _paired(pairs: pl.DataFrame, m: Measure, confidence: float) -> Interval:
    a, b = pairs[m.column], pairs[f"{m.column}_base"]
    if m.kind == "proportion":
        keep = a.is_not_null() & b.is_not_null()
        return paired_proportion_difference(
            a.filter(keep).to_numpy(), b.filter(keep).to_numpy(), confidence
        )
    if m.only_takeovers:
        both = pairs["takeover"].fill_null(False) & pairs["takeover_base"].fill_null(False)
        a, b = a.filter(both), b.filter(both)
    keep = a.is_not_null() & b.is_not_null()
    diffs = a.filter(keep).cast(pl.Float64).to_numpy() - b.filter(keep).cast(pl.Float64).to_numpy()
    return _ONE[m.kind](diffs[np.isfinite(diffs)].tolist(), confidence)


def _put(row: dict, name: str, interval: Interval) -> None:
    row[name], row[f"{name}_low"], row[f"{name}_high"] = interval


def summarise(
    runs: pl.DataFrame,
    cells: int,
    *,
    baseline: int | None = None,
    confidence: float = 0.95,
) -> pl.DataFrame:
    """One row per cell: run counts and each measure with its interval.

    With a ``baseline`` cell, also each measure's paired difference from it (``diff_*``).
    """
    ok = _ok_runs(runs)
    counts = runs.group_by("cell").agg(runs=pl.len(), failed=(pl.col("status") != "ok").sum())
    counts = dict(
        zip(
            counts["cell"].to_list(),
            zip(counts["runs"], counts["failed"], strict=True),
            strict=True,
        )
    )
    columns = list(dict.fromkeys(["replicate", "takeover", *(m.column for m in MEASURES)]))
    base = ok.filter(pl.col("cell") == baseline).select(columns) if baseline is not None else None
    rows = []
    for c in range(cells):
        mine = ok.filter(pl.col("cell") == c)
        n_runs, n_failed = counts.get(c, (0, 0))
        row: dict = {"cell": c, "runs": int(n_runs), "failed": int(n_failed)}
        row["horizon_years"] = _horizon(mine)
        for m in MEASURES:
            _put(row, m.name, _measure(mine, m, confidence))
        if base is not None and c == baseline:
            row["pairs"] = 0
            for m in MEASURES:  # the baseline's difference from itself says nothing
                _put(row, f"diff_{m.name}", (None, None, None))
        elif base is not None:
            pairs = mine.select(columns).join(base, on="replicate", suffix="_base")
            row["pairs"] = pairs.height
            for m in MEASURES:
                _put(row, f"diff_{m.name}", _paired(pairs, m, confidence))
        rows.append(row)
    return pl.DataFrame(rows, infer_schema_length=None, strict=False).cast(
        {k: pl.Float64 for k in [*_float_columns(baseline is not None), "horizon_years"]}
    )


def _horizon(runs: pl.DataFrame) -> float | None:
    """The calendar horizon every measure of a cell's runs is taken at [years]."""
    if "horizon_years" not in runs.columns or runs.height == 0:
        return None
    return float(runs["horizon_years"].max())


def horizon_note(table: pl.DataFrame) -> str:
    """Words for a table's title: the one horizon of its cells, or their range."""
    if "horizon_years" not in table.columns:
        return ""
    values = sorted({v for v in table["horizon_years"].to_list() if v is not None})
    if not values:
        return ""
    if len(values) == 1:
        return f", every measure at {values[0]:g} years"
    return f", measures at {values[0]:g} to {values[-1]:g} years (the design varies the horizon)"


def _float_columns(paired: bool) -> list[str]:
    names = [m.name for m in MEASURES] + ([f"diff_{m.name}" for m in MEASURES] if paired else [])
    return [f"{n}{s}" for n in names for s in ("", "_low", "_high")]


def measure_labels(names: Sequence[str]) -> dict[str, str]:
    """Display labels of measures by name."""
    by_name = {m.name: m.label for m in MEASURES}
    return {n: by_name[n] for n in names}
