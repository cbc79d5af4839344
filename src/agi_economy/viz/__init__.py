"""The live Solara view of agi-economy: one world, two worlds side by side, ensembles.

``agi_economy.viz`` imports the simulator; the simulator and the command line never
import ``agi_economy.viz`` (nor Solara). It ships in the package; run it with
``agi-economy viz`` after ``pip install "agi-economy[viz]"``. In a notebook,
``LiveWorld(scenario, seed=..., **overrides)`` shows one world inline.
"""

from agi_economy.viz.inline import LiveWorld

__all__ = ["LiveWorld"]
