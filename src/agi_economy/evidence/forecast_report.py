"""What a forecast reports: each measure per policy arm, with its interval.

A pure function of the runs frame. Probabilities are over the runs that finished, with
Wilson 95% intervals (:mod:`~agi_economy.experiment.stats`); the Bostrom takeoff time is
a median over the runs that reached the superhuman band, with its order-statistic 95%
interval. The drawn parameters and the k the runs show are distributions, not
estimates: their rows give the median and the central 90% of the runs (``spread``).

Measures:

- ``P(takeover)``, ``P(takeover by t)``: a takeover event by the horizon, by year t;
- ``P(superhuman by t)``: the largest intelligence in the superhuman band by year t;
- takeoff speed by Bostrom's definition (years from par-human to superhuman) and by
  Christiano's (a four-year doubling of output completes before any one-year doubling;
  over the runs whose output doubled in one window or the other);
- ``P(regime)``: the regime of the k each run shows (``analysis.pooled_k``);
- the distribution of each drawn field and of the runs' estimated k.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from agi_economy.experiment.draws import draw_column
from agi_economy.experiment.stats import median_interval, wilson_interval
from agi_economy.experiment.tasks import Cell

REGIMES = ("fizzle", "combustion", "explosion", "unknown")
_YEARS = (1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0)


def default_years(horizon: float) -> list[float]:
    """Years the probabilities by year are reported at: round years up to the horizon."""
    years = [y for y in _YEARS if y < horizon]
    return [*years, horizon] if horizon > 0 else years


def _proportion(flags: Sequence[bool]) -> tuple[float | None, float | None, float | None]:
    return wilson_interval(int(sum(flags)), len(flags))


def _column(frame: pl.DataFrame, name: str) -> list:
    return frame[name].to_list() if name in frame.columns else [None] * frame.height


def _by_year(values: list, year: float) -> list[bool]:
    return [v is not None and v <= year + 1e-9 for v in values]


def _spread(values: list) -> tuple[float | None, float | None, float | None]:
    x = np.asarray([v for v in values if v is not None], dtype=float)
    x = x[np.isfinite(x)]
    if x.size == 0:
        return None, None, None
    q = np.quantile(x, [0.5, 0.05, 0.95])
    return float(q[0]), float(q[1]), float(q[2])


def run_measures(
    ok: pl.DataFrame, years: Sequence[float], fields: Sequence[str]
) -> list[tuple[str, str, list]]:
    """Each measure as (name, kind, one value per run in row order, None where undefined).

    ``kind`` says how runs combine: ``share`` (a proportion of the runs where the value
    is defined), ``median`` (a median with its interval) or ``spread`` (a distribution).
    """
    takeover = [bool(v) for v in _column(ok, "takeover")]
    takeover_year = [
        y if t else None for y, t in zip(_column(ok, "takeover_year"), takeover, strict=True)
    ]
    superhuman = _column(ok, "superhuman_year")
    out: list[tuple[str, str, list]] = [("P(takeover)", "share", takeover)]
    out += [(f"P(takeover by year {y:g})", "share", _by_year(takeover_year, y)) for y in years]
    out += [(f"P(superhuman by year {y:g})", "share", _by_year(superhuman, y)) for y in years]
    out.append(("Bostrom takeoff [years], median", "median", _column(ok, "bostrom_takeoff_years")))
    slow = [None if v is None else bool(v) for v in _column(ok, "christiano_slow")]
    out.append(("P(slow takeoff, Christiano)", "share", slow))
    regimes = [r or "unknown" for r in _column(ok, "regime")]
    out += [(f"P(regime {r})", "share", [x == r for x in regimes]) for r in REGIMES]
    for path in fields:
        values = _column(ok, draw_column(path))
        if any(isinstance(v, str) for v in values):  # a drawn level: the share of each
            levels = sorted({v for v in values if v is not None})
            out += [(f"share of runs with {path} = {x}", "share", [v == x for v in values])
                    for x in levels]  # fmt: skip
        else:
            out.append((f"drawn {path}", "spread", values))
    out.append(("k shown by the runs (k_hat)", "spread", _column(ok, "k_hat")))
    return out


_INTERVAL = {"share": "95% CI", "median": "95% CI", "spread": "90% of runs"}


def combine(kind: str, values: list) -> tuple[tuple, int]:
    """A measure of many runs from their values, by its kind, and how many were defined."""
    defined = [v for v in values if v is not None]
    if kind == "share":
        return _proportion(defined), len(defined)
    if kind == "median":
        return median_interval(defined), len(defined)
    return _spread(defined), len(defined)


def arm_rows(ok: pl.DataFrame, years: Sequence[float], fields: Sequence[str]) -> list[dict]:
    """The measures of one arm's finished runs, one row each."""
    rows = []
    for measure, kind, values in run_measures(ok, years, fields):
        est, n = combine(kind, values)
        rows.append(
            {
                "measure": measure,
                "estimate": est[0],
                "low": est[1],
                "high": est[2],
                "interval": _INTERVAL[kind],
                "n": n,
            }
        )
    return rows


def forecast_table(
    runs: pl.DataFrame, cells: Sequence[Cell], years: Sequence[float], fields: Sequence[str]
) -> pl.DataFrame:
    """One row per arm and measure: estimate, low, high, what the interval is, and n."""
    out = []
    for arm, cell in enumerate(cells):
        ok = runs.filter((pl.col("arm") == arm) & (pl.col("status") == "ok"))
        for row in arm_rows(ok, years, fields):
            out.append({"policy": cell.label, "arm": arm, **row})
    schema = {
        "policy": pl.String,
        "arm": pl.Int64,
        "measure": pl.String,
        "estimate": pl.Float64,
        "low": pl.Float64,
        "high": pl.Float64,
        "interval": pl.String,
        "n": pl.Int64,
    }
    return pl.DataFrame(out, schema=schema)
