"""Per-run outcome measures: takeover, takeoff speed by two definitions, estimated k.

Takeoff definitions:
- Bostrom (2014, *Superintelligence*, ch. 4): the time from human-level intelligence
  (I = 1) to superintelligence (here, the superhuman band), in years.
- Christiano (2018, "Takeoff speeds"): a slow takeoff is one in which "there will be a
  complete 4 year interval in which world output doubles, before the first 1 year
  interval in which world output doubles". Here: the first 4-year doubling ends
  strictly before the first 1-year doubling ends.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def bostrom_takeoff_years(
    max_intelligence: Sequence[float], human_level: float, superhuman: float, years_per_step: float
) -> float | None:
    """Years from the first step at or above ``human_level`` to the first at ``superhuman``.

    None if the run never reaches the superhuman band.
    """
    series = np.asarray(max_intelligence, dtype=float)
    above = np.flatnonzero(series >= superhuman)
    if above.size == 0:
        return None
    start = np.flatnonzero(series >= min(human_level, superhuman))[0]
    return float((above[0] - start) * years_per_step)


def first_doubling_end(output: Sequence[float], window: int) -> int | None:
    """Index of the first step t with output[t] >= 2 output[t - window], or None."""
    y = np.asarray(output, dtype=float)
    if window < 1 or y.size <= window:
        return None
    doubled = np.flatnonzero((y[window:] >= 2.0 * y[:-window]) & (y[:-window] > 0))
    return int(doubled[0] + window) if doubled.size else None


def christiano_slow(output: Sequence[float], steps_per_year: float) -> bool | None:
    """Christiano's slow-takeoff test; None when output never doubles in either window."""
    one = max(round(steps_per_year), 1)
    four = max(round(4 * steps_per_year), 1)
    t1 = first_doubling_end(output, one)
    t4 = first_doubling_end(output, four)
    if t1 is None and t4 is None:
        return None
    if t1 is None:
        return True
    return t4 is not None and t4 < t1
