"""Power phase: the step's power shares, and takeover when misaligned systems hold enough.

A takeover is an event, not the end of the world: the run goes on to its horizon, so
every measure of every run of an experiment is taken at the same calendar time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agi_economy.world import World


def check_takeover(world: World, shares: dict[str, float]) -> None:
    """Record the first step at which the misaligned share reaches the takeover threshold."""
    share = shares["misaligned_agi"]
    if world.takeover_step is None and share >= world.cfg.economy.takeover_threshold:
        world.takeover_step = world.steps
        world.log("takeover", None, f"misaligned share {share:.3f}")
