"""One world of the live view inside a notebook cell.

``LiveWorld("foom", seed=7, humans__count=200)`` as the last line of a cell shows the
world as the page does (its interactive chart, network and event feed) with buttons
that step it. Scenario fields are set by path with double underscores, as in
:func:`agi_economy.simulate`. The world is built once per element; a cell run again
builds a new one.
"""

from __future__ import annotations

from typing import Any

import solara

from agi_economy.viz.components import WorldPanel
from agi_economy.viz.world import World


@solara.component
def LiveWorld(scenario: str = "slow_takeoff", seed: int = 0, **overrides: Any):
    """A world of ``scenario`` at ``seed``: Step and Step 10 buttons, its step and its panel."""
    world = solara.use_memo(lambda: World(scenario, {"seed": seed, **overrides}), [])
    solara.use_effect(lambda: world.release, [])
    steps = solara.use_reactive(world.steps)

    def advance(n: int) -> None:
        for _ in range(n):
            world.step()
        steps.value = world.steps

    with solara.Column(gap="6px"):
        with solara.Row(gap="8px", style={"align-items": "center"}):
            solara.Button("Step", on_click=lambda: advance(1), disabled=not world.running)
            solara.Button("Step 10", on_click=lambda: advance(10), disabled=not world.running)
            solara.Text(f"Step: {steps.value}", classes=["step-counter"])
        WorldPanel(world, "A", steps.value, False, True)
