"""The state a growth rule advances, and what the world hands it each step."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class GrowthState:
    """Where one AGI stands in its self-improvement.

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
        """A copy with the fields given changed (``dataclasses.replace``, at a tenth of its cost).

        Every rule makes one each step for each AGI, so the generic ``replace`` (which
        inspects the fields every call) was a visible share of a step with many AGIs.
        """
        return new_state(
            self.intelligence if intelligence is None else intelligence,
            self.delta if delta is None else delta,
            self.iteration if iteration is None else iteration,
            self.log_compute if log_compute is None else log_compute,
            self.doublings if doublings is None else doublings,
        )


class _Unfrozen:
    """GrowthState's slots without its frozen ``__setattr__``: filled, then given its class."""

    __slots__ = GrowthState.__slots__

    def __init__(
        self,
        intelligence: float,
        delta: float,
        iteration: int,
        log_compute: float,
        doublings: float,
    ):
        self.intelligence = intelligence
        self.delta = delta
        self.iteration = iteration
        self.log_compute = log_compute
        self.doublings = doublings


def new_state(
    intelligence: float, delta: float, iteration: int, log_compute: float, doublings: float
) -> GrowthState:
    """``GrowthState(...)`` with every field given, at about a third of its cost.

    A frozen dataclass sets each field through ``object.__setattr__``; a step makes a
    state per AGI, so with thousands of AGIs that was a visible share of it. The object
    is filled as a plain slotted one and then takes the class ``GrowthState`` (same
    slots, so Python allows it): it is a ``GrowthState`` in every respect, frozen too.
    """
    state = _Unfrozen(intelligence, delta, iteration, log_compute, doublings)
    state.__class__ = GrowthState
    return state


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
