"""The trend of frontier training compute: how labs keep to it and how a run measures it.

The evidence library's ``compute_growth`` family (Epoch AI 2024: the training compute of
notable models grows about 4.7x a year) is a doubling time d of the compute labs train
with. A world with ``labs.compute_growth`` g (= ln 2 / d per month) keeps each lab's
compute at least on the path C_j(0) exp(g t): in a step of m months, with a share
``kept`` of compute left after depreciation, a lab needs T exp(g m) / kept before
depreciation to end the step at the trend's next level, and outside investors fund
whatever of it the lab does not hold after its own purchases (what depreciation and
escaped systems took included). A lab whose budget buys more (AGI revenue) grows
faster than the trend; the compute-cap lever binds the investors too. Unset, nothing
here runs, so worlds without the trend are unchanged.

:func:`frontier_growth` measures the trend a run shows from its agent frame, in
calendar time, so that it does not depend on the step length.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

if TYPE_CHECKING:
    from agi_economy.agents import Lab
    from agi_economy.world import World


def trend_floor(level: float, growth: float, months: float, kept: float) -> float:
    """Compute a lab needs before depreciation to end a step at ``level * exp(growth * months)``.

    Args:
        level: the trend's level at the step's start [compute units].
        growth: the trend, a continuous rate [1/month].
        months: the step's length [months].
        kept: the share of compute depreciation leaves over the step.
    """
    return level * math.exp(growth * months) / kept


def follow_trend(world: World, lab: Lab) -> None:
    """Fund ``lab`` up to its trend after its own purchases, then move the trend on a step.

    Does nothing when the scenario sets no ``labs.compute_growth``.
    """
    growth = world.cfg.labs.compute_growth
    if growth is None:
        return
    months = world.clock.months_per_step
    kept = 1.0 - world.clock.share(world.cfg.economy.compute_depreciation)
    floor = trend_floor(lab.trend_compute, growth, months, kept)
    cap = max(lab.levers.compute_cap, 0.0)
    lab.compute = max(lab.compute, min(floor, cap))
    lab.trend_compute *= math.exp(growth * months)


def frontier_compute(agents: pl.DataFrame) -> pl.DataFrame:
    """Per step, the largest compute any lab holds (its systems train on it) [compute units]."""
    labs = agents.filter(pl.col("kind") == "lab")
    return labs.group_by("step").agg(pl.col("compute").max().alias("frontier")).sort("step")


def frontier_growth(
    agents: pl.DataFrame, months_per_step: float, *, from_month: float = 0.0
) -> float | None:
    """Continuous growth rate of frontier training compute [1/month]; ``exp(12 x)`` a year.

    The least-squares slope of ln(frontier compute) on calendar months (step times
    ``months_per_step``), over the recorded steps from ``from_month`` on at which the
    frontier holds compute. None with fewer than two such steps.
    """
    frame = frontier_compute(agents)
    months = frame["step"].to_numpy() * months_per_step
    level = frame["frontier"].to_numpy()
    use = (months >= from_month - 1e-9) & (level > 0.0)
    if np.count_nonzero(use) < 2:
        return None
    slope = np.polyfit(months[use], np.log(level[use]), 1)[0]
    return float(slope)


def annual_factor(rate_per_month: float | None) -> float | None:
    """Growth factor a year of a continuous monthly rate, exp(12 rate)."""
    return None if rate_per_month is None else math.exp(12.0 * rate_per_month)
