"""One browser session's worlds: built from the applied settings, stepped together.

Every visitor gets a :class:`Session` of their own (the page creates it with a
per-session hook), so two visitors never step each other's worlds. A lock keeps a
step, a reset and a render from interleaving.
"""

from __future__ import annotations

import threading

from agi_economy.scenario import ScenarioError
from agi_economy.viz.canvas import DPI
from agi_economy.viz.ensemble import Ensemble
from agi_economy.viz.settings import Settings
from agi_economy.viz.world import World

COMPACT_DPI = 75  # two worlds side by side show each figure about 340 px wide


class Session:
    """The worlds (or the ensemble) one visitor is looking at."""

    def __init__(self, settings: Settings):
        self.lock = threading.RLock()
        self.settings = settings
        self.worlds: list[World] = []
        self.ensemble: Ensemble | None = None
        self.error: str | None = None
        self.apply(settings)

    def apply(self, settings: Settings) -> bool:
        """Build fresh worlds for ``settings``; on bad input keep the old ones and say why."""
        with self.lock:
            try:
                dpi = COMPACT_DPI if len(settings.scenarios) > 1 else DPI
                worlds: list[World] = []
                for name, source in settings.sources():
                    worlds.append(World(source, settings.model_kwargs(name), dpi))
            except (ScenarioError, ValueError) as exc:
                for built in worlds:
                    built.release()  # the first world of a pair whose second failed
                self.error = str(exc)
                return False
            self.stop_ensemble()
            for old in self.worlds:
                old.release()  # replaced: Mesa need not keep the old models
            self.settings, self.worlds, self.error = settings, worlds, None
            return True

    @property
    def running(self) -> bool:
        """Whether any world can step further."""
        return any(w.running for w in self.worlds)

    @property
    def steps(self) -> int:
        """Steps taken by the furthest world."""
        return max((w.steps for w in self.worlds), default=0)

    def step(self) -> None:
        """Step every world that still runs (worlds that ended stay as they are)."""
        with self.lock:
            for world in self.worlds:
                world.step()

    def start_ensemble(self, on_update) -> None:
        """Run the ensemble of the applied settings in the background."""
        self.stop_ensemble()
        try:
            self.ensemble = Ensemble(self.settings)
        except (ScenarioError, ValueError) as exc:
            self.error = str(exc)
            return
        self.ensemble.start(on_update)

    def stop_ensemble(self) -> None:
        """Stop a running ensemble (its results so far stay)."""
        if self.ensemble is not None:
            self.ensemble.stop()

    def close(self) -> None:
        """The visitor left: stop background work and let go of the models."""
        self.stop_ensemble()
        for world in self.worlds:
            world.release()
