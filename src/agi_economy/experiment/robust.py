"""Robustness of policies across an exploration's scenarios (its sampled points).

For each policy and point the outcome's value is the mean over that point's runs (for
``takeover``, P(takeover)). Across the points, each policy gets four of the measures
McPhail et al. survey ("Robustness metrics: how are they calculated, when should they
be used and why do they give different results?", Earth's Future 2018,
doi:10.1002/2017EF000649):

- ``expected``: the mean over the points (Laplace's principle of insufficient reason:
  every point weighs the same, as the design samples the uncertainties' ranges evenly).
- ``percentile``: a high percentile of the bad tail (the 90th of a loss such as
  P(takeover); the 10th of a value to maximise).
- ``max_regret``: regret at a point is how much worse the policy does there than the
  best policy at that point; minimax regret ranks by the largest regret over points.
- ``satisficing``: the share of points where the outcome stays on the good side of a
  threshold, P(takeover) below 0.1 by default (Starr's domain criterion).

Intervals (95%) treat the points as a sample of the uncertain worlds: Student's t over
the points for ``expected`` (cut to [0, 1] for a probability), the distribution-free
order-statistic interval of a quantile for ``percentile`` (Conover 1999, section 3.2,
the median's interval generalised to any quantile; None where too few points give a
bound), and Wilson's interval for ``satisficing`` (the points that satisfy, of those
with a value). The maximum regret has no such closed form: its interval comes from a
paired bootstrap over replicates (at each point the replicates are resampled with
replacement, the same draws for every policy, whose runs share seeds), so it says how
much the maximum owes to the finite replicates; a maximum over noisy points is biased
up under resampling, so this interval can sit above the estimate.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from agi_economy import style
from agi_economy.experiment.discover import load_exploration, outcome_column
from agi_economy.experiment.stats import mean_interval, wilson_interval
from agi_economy.scenario import ScenarioError

MEASURES = ("expected", "percentile", "max_regret", "satisficing")
_TAG = 0x524F4255  # entropy tag of the bootstrap's generator ("ROBU")


@dataclass(frozen=True)
class Robustness:
    """The ranking table, and the per-point values and regrets it was built from."""

    table: pl.DataFrame
    values: pl.DataFrame  # policy, point, value, regret
    outcome: str
    maximize: bool
    threshold: float
    percentile: float


def value_cube(runs: pl.DataFrame, values: pl.Series, policies: list[str]) -> np.ndarray:
    """Outcome values as an array [policy, point, replicate], NaN where a run failed."""
    points = int(runs["point"].max()) + 1
    replicates = int(runs["replicate"].max()) + 1
    cube = np.full((len(policies), points, replicates), np.nan)
    arm = runs["policy"].replace_strict({p: i for i, p in enumerate(policies)}).to_numpy()
    ok = (runs["status"] == "ok").to_numpy()
    v = values.cast(pl.Float64).to_numpy()
    idx = (arm[ok], runs["point"].to_numpy()[ok], runs["replicate"].to_numpy()[ok])
    cube[idx] = v[ok]
    return cube


def measures(
    point_values: np.ndarray, *, maximize: bool, threshold: float, percentile: float
) -> dict[str, np.ndarray]:
    """The four measures of each policy from values [..., policy, point] (NaN: no runs).

    Points where some policy has no value are left out of the regret (its best is
    unknown there).
    """
    loss = -point_values if maximize else point_values
    q = percentile if not maximize else 100.0 - percentile
    best = np.min(loss, axis=-2, keepdims=True)  # NaN where any policy lacks a value
    regret = loss - best
    with np.errstate(invalid="ignore"):
        good = point_values > threshold if maximize else point_values < threshold
    counted = ~np.isnan(point_values)
    return {
        "expected": np.nanmean(point_values, axis=-1),
        "percentile": np.nanpercentile(point_values, q, axis=-1),
        "max_regret": np.nanmax(regret, axis=-1),
        "satisficing": (good & counted).sum(axis=-1) / np.maximum(counted.sum(axis=-1), 1),
    }


def regrets(point_values: np.ndarray, *, maximize: bool) -> np.ndarray:
    """Regret [policy, point]: the shortfall from the best policy at each point."""
    loss = -point_values if maximize else point_values
    return loss - np.min(loss, axis=0, keepdims=True)


def _bootstrap(cube: np.ndarray, resamples: int, seed: int) -> np.ndarray:
    """Per-point means [resample, policy, point], replicates resampled in pairs."""
    rng = np.random.default_rng(np.random.SeedSequence([_TAG, seed]))
    _, points, replicates = cube.shape
    out = np.empty((resamples, cube.shape[0], points))
    for b in range(resamples):
        draw = rng.integers(0, replicates, size=(points, replicates))
        picked = np.take_along_axis(cube, draw[None, :, :], axis=2)
        out[b] = np.nanmean(picked, axis=2)
    return out


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Silence numpy's warning for a point whose runs all failed (its mean is NaN)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def quantile_interval(
    values: np.ndarray, q: float, confidence: float = 0.95
) -> tuple[float | None, float | None]:
    """Order statistics [x_(l), x_(u)] that cover the ``q`` quantile with ``confidence``.

    With B ~ Binomial(n, q) the count of values below the quantile, ``l`` is the
    smallest rank with P(B <= l) >= (1 - confidence) / 2 and ``u - 1`` the smallest with
    P(B <= u - 1) >= (1 + confidence) / 2, so P(l <= B <= u - 1) >= confidence. A rank
    outside 1..n gives no bound (None).
    """
    x = np.sort(np.asarray(values, dtype=float))
    n = x.size
    if n == 0:
        return None, None
    from scipy import stats  # on first use: the experiment package loads without it

    alpha = (1.0 - confidence) / 2.0
    lower = int(stats.binom.ppf(alpha, n, q))
    upper = int(stats.binom.ppf(1.0 - alpha, n, q)) + 1
    return (
        float(x[lower - 1]) if 1 <= lower <= n else None,
        float(x[upper - 1]) if 1 <= upper <= n else None,
    )


def robust(
    folder: str | Path,
    outcome: str = "takeover",
    *,
    maximize: bool = False,
    threshold: float = 0.1,
    percentile: float = 90.0,
    resamples: int = 1000,
    confidence: float = 0.95,
    plot: bool = True,
) -> Robustness:
    """Rank the explored policies by the four robustness measures, with intervals.

    Args:
        folder: an exploration's results folder.
        outcome: ``takeover``, ``escape`` (both shares of runs) or a numeric column of
            ``runs.parquet`` (its mean per point).
        maximize: more of the outcome is better (e.g. ``final_power_share_humans``).
        threshold: the satisficing threshold on the per-point value.
        percentile: the high percentile of the bad tail, in (50, 100).
        resamples: bootstrap resamples for the interval of the maximum regret.
        confidence: the intervals' level.
        plot: write ``robust.png``.
    """
    if not 50.0 < percentile < 100.0:
        raise ScenarioError("--percentile", [f"expected a number in (50, 100) (got {percentile})"])
    if resamples < 1:
        raise ScenarioError("--resamples", [f"expected a positive number (got {resamples})"])
    exploration = load_exploration(folder)
    runs = exploration.runs
    if outcome in ("takeover", "escape"):
        values = outcome_column(runs, outcome)
    elif outcome in runs.columns and runs[outcome].dtype.is_numeric():
        values = runs[outcome]
    else:
        raise ScenarioError("--outcome", [f"unknown outcome {outcome!r}"])
    share = outcome in ("takeover", "escape")  # a probability: its interval stays in [0, 1]
    policies = exploration.policies
    cube = value_cube(runs, values, policies)
    with _quiet():
        point_values = np.nanmean(cube, axis=2)
        opts = {"maximize": maximize, "threshold": threshold, "percentile": percentile}
        estimate = measures(point_values, **opts)
        spread = measures(_bootstrap(cube, resamples, exploration.seed), **opts)
    alpha = (1.0 - confidence) / 2.0
    q = percentile if not maximize else 100.0 - percentile
    rows = []
    for i, policy in enumerate(policies):
        values = point_values[i][~np.isnan(point_values[i])]
        good = int(round(estimate["satisficing"][i] * values.size))
        low, high = np.nanquantile(spread["max_regret"][:, i], [alpha, 1.0 - alpha])
        intervals = {
            "expected": _within(mean_interval(values.tolist(), confidence), share),
            "percentile": (
                float(estimate["percentile"][i]),
                *quantile_interval(values, q / 100.0, confidence),
            ),
            "max_regret": (float(estimate["max_regret"][i]), float(low), float(high)),
            "satisficing": wilson_interval(good, values.size, confidence),
        }
        row: dict = {"policy": policy}
        for m in MEASURES:
            row[m], row[f"{m}_low"], row[f"{m}_high"] = intervals[m]
        rows.append(row)
    floats = {f"{m}{end}": pl.Float64 for m in MEASURES for end in ("", "_low", "_high")}
    table = pl.DataFrame(rows, schema_overrides=floats).with_columns(
        rank_regret=pl.col("max_regret").rank("min").cast(pl.Int64)
    )
    table = table.sort("rank_regret", "policy")
    per_point = _per_point(policies, point_values, regrets(point_values, maximize=maximize))
    result = Robustness(table, per_point, outcome, maximize, threshold, percentile)
    table.write_parquet(exploration.root / "robust.parquet")
    per_point.write_parquet(exploration.root / "robust_points.parquet")
    if plot:
        from agi_economy.experiment.robust_plots import robust_figure

        robust_figure(result).savefig(exploration.root / "robust.png", dpi=style.DPI)
    return result


def _within(interval: tuple, share: bool) -> tuple:
    """A mean's interval, cut to [0, 1] when the mean is a probability.

    Student's t is symmetric, so near 0 or 1 it reaches past what a share can be.
    """
    if not share:
        return interval
    return tuple(None if v is None else min(max(v, 0.0), 1.0) for v in interval)


def _per_point(policies: list[str], values: np.ndarray, regret: np.ndarray) -> pl.DataFrame:
    n_points = values.shape[1]
    return pl.DataFrame(
        {
            "policy": np.repeat(policies, n_points),
            "point": np.tile(np.arange(n_points), len(policies)),
            "value": values.ravel(),
            "regret": regret.ravel(),
        }
    ).with_columns(pl.col("value", "regret").fill_nan(None))
