"""The clock: every rate of the schema is per month, converted to a step here and only here.

A step lasts ``meta.months_per_step`` months. Three kinds of quantity cross from the
calendar to the step, each by its own exact rule, so that the same world run with
another step length gives the same outcomes at the same calendar time:

- a *share* lost or moved per month (consumption, depreciation, a hazard such as
  escape or audit), compounded: 1 - (1 - p)^m over a step of m months;
- an *amount* per month (wages, funding, compute bought with a monthly budget),
  scaled: a m; where a share flows out of the same stock (wages and consumption, funding
  and spending), the part of the inflow still held at the step's end is
  :meth:`Clock.kept`, the exact solution of the stock's linear law of motion;
- a *count* per month (RSI iterations), allotted by calendar time: a step gets
  floor(r t_end) - floor(r t_start) of them, t in months, so the total by any date is
  the same whatever the step length (and no draw is needed).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Clock:
    """Converts per-month rates to one step of ``months_per_step`` months."""

    months_per_step: float

    @property
    def years_per_step(self) -> float:
        """Length of a step [years]."""
        return self.months_per_step / 12.0

    @property
    def steps_per_year(self) -> float:
        """Steps in a year."""
        return 12.0 / self.months_per_step

    def months(self, step: int) -> float:
        """Calendar time at the end of ``step`` [months] (step 0 is the start)."""
        return step * self.months_per_step

    def years(self, step: int) -> float:
        """Calendar time at the end of ``step`` [years]."""
        return step * self.years_per_step

    def share(self, per_month: float) -> float:
        """A share (or chance) per month compounded over one step: 1 - (1 - p)^m."""
        if per_month >= 1.0:
            return 1.0
        if per_month <= 0.0:
            return 0.0
        return -math.expm1(self.months_per_step * math.log1p(-per_month))

    def kept(self, per_month: float) -> float:
        """Share of an inflow spread evenly over a step still held at its end.

        Under an outflow of ``per_month`` a month (consumption, spending), money that
        arrives during the step is held for half of it on average; exactly,
        (1 - (1 - p)^m) / (-m ln(1 - p)). So a stock with inflow and outflow follows the
        same path at any step length.
        """
        if per_month <= 0.0:
            return 1.0
        if per_month >= 1.0:
            return 0.0
        decay = -self.months_per_step * math.log1p(-per_month)
        return -math.expm1(-decay) / decay

    def amount(self, per_month: Any) -> Any:
        """An amount per month accumulated over one step: a m (a number or a numpy array)."""
        return per_month * self.months_per_step

    def count(self, per_month: float, step: int) -> int:
        """Whole events a rate of ``per_month`` allots to ``step`` (1-based) by calendar time."""
        if per_month <= 0.0 or step < 1:
            return 0
        # A small tolerance keeps 3 x (1/3 month) from rounding down to 0.999...
        end = math.floor(per_month * self.months(step) + 1e-9)
        start = math.floor(per_month * self.months(step - 1) + 1e-9)
        return int(end - start)
