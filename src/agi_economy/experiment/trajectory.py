"""Each run's trajectory of the main measures, thinned to a fixed calendar grid.

A run writes one row per step; an experiment of thousands of runs keeps, per run, only
the rows at the times of a calendar grid shared by every run of the experiment:
``0, dt, 2 dt, ...`` years with ``dt = horizon / (points - 1)``, where ``horizon`` is
the longest run's length in years (``meta.steps * meta.months_per_step / 12``). A run
therefore keeps at most ``points`` rows, and runs of one experiment share their times
even when their step lengths differ, so they can be pooled at every time.

At grid time ``t`` a run reports its state after step ``floor(t / years_per_step)``,
the last step finished by ``t`` (no interpolation). A run whose frame ends before its
horizon (it stopped early) keeps rows up to the horizon, whose measures are null
(nothing is extrapolated) except that a takeover, once it has happened, stays true.

The measures (:data:`~agi_economy.columns.TRAJECTORY_SCHEMA`): the largest
intelligence, the power shares of misaligned AGIs and of people, output, the escapes so
far (escape events up to that step) and whether a takeover has happened so far.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import polars as pl

from agi_economy.columns import TRAJECTORY_SCHEMA

DEFAULT_POINTS = 17
"""Grid points per run unless asked otherwise: every 7.5 months of a 10-year run, which
keeps the trajectories under the size of the rest of an experiment's data (measured by
``benchmarks/explore_overhead.py``)."""

MEASURE_LABELS = {
    "max_intelligence": "max intelligence [I]",
    "power_share_misaligned_agi": "misaligned AGI power share",
    "power_share_humans": "people's power share",
    "output": "output [wealth per step]",
    "escapes": "escapes so far",
    "takeover": "takeover so far",
}
"""The measures a trajectory holds, with their display labels."""


def horizon_years(scenario: Mapping[str, Any]) -> float:
    """The length of a run of this scenario mapping in years."""
    meta = scenario["meta"]
    return float(meta["steps"]) * float(meta["months_per_step"]) / 12.0


def grid_spacing(horizon: float, points: int) -> float:
    """Years between grid times for ``points`` points over ``horizon`` years.

    Raises:
        ValueError: fewer than two points, or a horizon that is not a positive number.
    """
    if isinstance(points, bool) or not isinstance(points, int) or points < 2:
        raise ValueError(f"trajectory points: expected an integer of at least 2 (got {points!r})")
    if not (math.isfinite(horizon) and horizon > 0):
        raise ValueError(f"horizon: expected a positive number of years (got {horizon!r})")
    return horizon / (points - 1)


def grid_steps(
    last_step: int, years_per_step: float, every: float
) -> tuple[np.ndarray, np.ndarray]:
    """The grid times up to ``last_step`` and the step each of them reports.

    Grid time ``k * every`` reports step ``floor(k * every / years_per_step)``; times
    after the last step are left out. A tolerance of 1e-9 steps keeps a grid time that
    falls on a step boundary on that step despite rounding.
    """
    end = last_step * years_per_step
    count = int(math.floor(end / every + 1e-9)) + 1
    years = np.arange(count, dtype=float) * every
    steps = np.floor(years / years_per_step + 1e-9).astype(np.int64)
    return years, np.minimum(steps, last_step)


def thin(
    steps: pl.DataFrame,
    escape_steps: list[int] | np.ndarray,
    takeover_step: int | None,
    months_per_step: float,
    every: float,
    horizon_steps: int | None = None,
) -> pl.DataFrame:
    """One run's trajectory on the calendar grid of spacing ``every`` years.

    Args:
        steps: the run's per-step frame (``step`` and the measures' columns).
        escape_steps: the step of every escape event of the run.
        takeover_step: the step of the takeover, or None.
        months_per_step: the run's step length.
        every: the grid spacing in years (see :func:`grid_spacing`).
        horizon_steps: the steps the run was meant to last (``meta.steps``). Grid times
            after the frame's last step and up to this horizon get a row whose
            measures are null (unknown), except ``takeover``, which is true once a
            takeover has happened.
    """
    if steps.height == 0:
        return pl.DataFrame(schema=TRAJECTORY_SCHEMA)
    frame = steps.select("step", *(c for c in MEASURE_LABELS if c in steps.columns)).sort("step")
    have = frame["step"].to_numpy()
    last = max(int(have[-1]), horizon_steps or 0)
    years, wanted = grid_steps(last, months_per_step / 12.0, every)
    # the last recorded step at or before each wanted one
    rows = np.searchsorted(have, wanted, side="right") - 1
    keep = rows >= 0
    years, wanted, rows = years[keep], wanted[keep], rows[keep]
    seen = wanted <= have[-1]
    picked = frame[rows.tolist()] if rows.size else frame.clear()
    escapes = np.searchsorted(np.sort(np.asarray(escape_steps, dtype=np.int64)), wanted, "right")
    taken = np.zeros(wanted.size, dtype=bool) if takeover_step is None else wanted >= takeover_step
    known = pl.Series(seen)
    out = picked.with_columns(
        year=pl.Series(years),
        step=pl.Series(wanted),
        escapes=pl.Series(escapes),
        takeover=pl.Series(taken),
    ).with_columns(
        pl.when(known).then(pl.col(c)).otherwise(None).alias(c)
        for c in MEASURE_LABELS
        if c != "takeover"
    )
    out = out.with_columns(takeover=pl.when(known | pl.col("takeover")).then(pl.col("takeover")))
    return out.select(list(TRAJECTORY_SCHEMA)).cast(TRAJECTORY_SCHEMA)


def trajectory_of(result: Any, every: float) -> dict[str, list]:
    """The thinned trajectory of a finished run, as plain columns (cheap to ship)."""
    events = result.events
    escapes = events.filter(pl.col("kind") == "escape")["step"].to_list()
    frame = thin(
        result.steps,
        escapes,
        result.summary.get("takeover_step"),
        result.scenario.meta.months_per_step,
        every,
        result.scenario.meta.steps,
    )
    return frame.to_dict(as_series=False)


def spacing_for(base: Mapping[str, Any], cells: Sequence[Any], points: int | None) -> float | None:
    """The grid spacing of an experiment: ``points`` over its longest run; None for none.

    Raises:
        ValueError: fewer than two points.
    """
    if points is None or points == 0:
        return None
    # only a cell that sets a meta field can last longer than the base (policies cannot),
    # so only those are built: building each of thousands of cells cost seconds
    longest = max((horizon_years(c.scenario(base)) for c in cells if _sets_meta(c)), default=0.0)
    return grid_spacing(max(longest, horizon_years(base)), points)


def _sets_meta(cell: Any) -> bool:
    """Whether a cell sets a field of ``meta`` (the run's length is there)."""
    return any(path == "meta" or path.startswith("meta.") for path in cell.params)
