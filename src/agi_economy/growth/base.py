"""The state a growth rule advances, and what the world hands it each step."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import repeat
from typing import NamedTuple


class GrowthState(NamedTuple):
    """Where one AGI stands in its self-improvement (immutable).

    A named tuple rather than a frozen dataclass: a step makes one for every AGI, and a
    tuple is built in C (:func:`new_states` builds a whole list in one call), which
    with thousands of AGIs is a visible share of a step.

    Attributes:
        intelligence: capability index I (1 = par-human).
        delta: the last gain D (criticality) or the next base gain (self-finetuning).
        iteration: RSI iterations completed.
        log_compute: natural log of effective training compute [FLOP] (scaling law).
        doublings: doublings of software since the system began (software returns).
    """

    intelligence: float
    delta: float
    iteration: int = 0
    log_compute: float = 0.0
    doublings: float = 0.0

    def with_(
        self,
        *,
        intelligence: float | None = None,
        delta: float | None = None,
        iteration: int | None = None,
        log_compute: float | None = None,
        doublings: float | None = None,
    ) -> GrowthState:
        """A copy with the fields given changed (``_replace``, at a fraction of its cost)."""
        return new_state(
            self.intelligence if intelligence is None else intelligence,
            self.delta if delta is None else delta,
            self.iteration if iteration is None else iteration,
            self.log_compute if log_compute is None else log_compute,
            self.doublings if doublings is None else doublings,
        )


_new = tuple.__new__


def new_state(
    intelligence: float, delta: float, iteration: int, log_compute: float, doublings: float
) -> GrowthState:
    """``GrowthState(...)`` with every field given, without the keyword handling."""
    return _new(GrowthState, (intelligence, delta, iteration, log_compute, doublings))


def new_states(
    intelligence: Iterable[float],
    delta: Iterable[float],
    iteration: Iterable[int],
    log_compute: Iterable[float],
    doublings: Iterable[float],
) -> list[GrowthState]:
    """The states whose fields are the columns given, in one call (built in C)."""
    rows = zip(intelligence, delta, iteration, log_compute, doublings, strict=True)
    return list(map(_new, repeat(GrowthState), rows))


@dataclass(frozen=True, slots=True)
class GrowthContext:
    """Resources of one step.

    Attributes:
        dt_years: length of the step [years].
        compute_flop: training compute applied to this AGI this step [FLOP].
    """

    dt_years: float = 1.0 / 12.0
    compute_flop: float = 0.0


GAIN_RESOLUTION = 1e-9
"""Gains below this share of I are floating-point rounding, not growth: the k estimator
ignores them (a fizzle's late gains fall below the resolution of I itself)."""


def saturate(value: float, cap: float) -> float:
    """Clamp to [0, cap]; NaN (never expected) saturates too, so nothing non-finite escapes."""
    if not value < cap:  # also catches NaN and inf
        return cap
    return max(value, 0.0)
