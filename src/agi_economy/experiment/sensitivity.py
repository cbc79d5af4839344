"""Sobol sensitivity indices of a sweep's outcomes (SALib).

For each outcome of a point (its takeover probability over the replicates, the mean
final human power share, the log10 median maximum intelligence) Saltelli's
estimators give each parameter's first-order index S1 (the share of the outcome's
variance it explains alone) and total-order index ST (alone and through every
interaction), with bootstrap intervals at the requested confidence (Saltelli et al.
2010; Herman & Usher 2017, SALib). Replicate noise adds variance no parameter
explains, so S1 sums to less than one; more replicates per point lower that floor.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import polars as pl

from agi_economy.experiment.design import sobol_problem
from agi_economy.experiment.seeds import design_rng
from agi_economy.experiment.vary import Vary

SOBOL_OUTPUTS = (
    "takeover_probability",
    "mean_human_power_share",
    "log10_median_max_intelligence",
)


def _outcome(table: pl.DataFrame, name: str) -> np.ndarray:
    if name == "log10_median_max_intelligence":
        values = table["median_max_intelligence"].cast(pl.Float64).fill_null(np.nan).to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(values > 0, np.log10(np.maximum(values, 1e-300)), np.nan)
    return table[name].cast(pl.Float64).fill_null(np.nan).to_numpy()


def _clean(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def sobol_indices(
    table: pl.DataFrame,
    varies: Sequence[Vary],
    seed: int,
    *,
    confidence: float = 0.95,
    resamples: int = 500,
) -> tuple[pl.DataFrame, list[str]]:
    """First- and total-order indices per outcome and parameter, and notes on skipped ones.

    ``table`` has one row per point of a Sobol design, in design order.
    """
    from SALib.analyze import sobol

    problem = sobol_problem(varies)
    rows, notes = [], []
    for name in SOBOL_OUTPUTS:
        y = _outcome(table, name)
        if not np.all(np.isfinite(y)):
            notes.append(f"{name}: {int(np.sum(~np.isfinite(y)))} points without a value")
            continue
        if np.ptp(y) == 0.0:
            notes.append(f"{name}: the same at every point, so no parameter explains it")
            continue
        analysis_seed = int(design_rng(seed).integers(1, 2**31 - 1))
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            result = sobol.analyze(
                problem,
                y,
                calc_second_order=False,
                conf_level=confidence,
                num_resamples=resamples,
                seed=analysis_seed,
            )
        for i, v in enumerate(varies):
            row = {"output": name, "parameter": v.path}
            for key in ("S1", "ST"):
                est, conf = float(result[key][i]), float(result[f"{key}_conf"][i])
                row[key], row[f"{key}_conf"] = _clean(est), _clean(conf)
                row[f"{key}_low"] = _clean(est - conf)
                row[f"{key}_high"] = _clean(est + conf)
            rows.append(row)
    schema = {"output": pl.String, "parameter": pl.String} | {
        f"{k}{s}": pl.Float64 for k in ("S1", "ST") for s in ("", "_conf", "_low", "_high")
    }
    return pl.DataFrame(rows, schema=schema), notes
