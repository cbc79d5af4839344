"""The state a growth rule advances, and what the world hands it each step."""

from __future__ import annotations

from dataclasses import dataclass, replace


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

    def with_(self, **changes: float) -> GrowthState:
        """A copy with some fields changed."""
        return replace(self, **changes)


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
