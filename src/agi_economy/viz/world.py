"""A world on screen: one model, the history the view keeps of it, and its figures.

The view records what it draws as it steps (each AGI's intelligence and alignment,
the model-level series, escape, shutdown and takeover marks), so charts never ask the
model for its past. Figures are built on first use and at most once per step. A world
that is replaced calls :meth:`World.release`, so Mesa lets go of its model.
"""

from __future__ import annotations

import itertools
from typing import Any

from agi_economy import AGIEconomy, palette
from agi_economy.clock import Clock
from agi_economy.run import provenance
from agi_economy.scenario import Scenario
from agi_economy.viz.canvas import DPI
from agi_economy.viz.figures import Chart, world_chart
from agi_economy.viz.network import NetworkView

SERIES = ("step", "max_intelligence", "output", *palette.POWER)
MARK_KINDS = ("escape", "shutdown", "takeover")
_NUMBERS = itertools.count()  # a world's number: unlike id(), never reused by a later one


class World:
    """One running model with the per-step history its view draws."""

    def __init__(self, scenario: str | Scenario, model_kwargs: dict[str, Any], dpi: int = DPI):
        self.scenario = scenario
        self.number = next(_NUMBERS)  # what the page keys this world's widgets by
        self.dpi = dpi  # lower when two worlds share the width: fewer pixels to draw and send
        self.model = AGIEconomy(scenario, **model_kwargs)
        self.name = self.model.scenario_name
        self.series: dict[str, list[float]] = {col: [] for col in SERIES}
        self.agi_history: dict[int, tuple[list[int], list[float]]] = {}
        self.agi_status: dict[int, str] = {}
        self.agi_aligned: dict[int, bool] = {}
        self.marks: list[tuple[int, str, int | None, float | None]] = []  # step, kind, AGI, I
        self.years_per_step = Clock(self.model.cfg.meta.months_per_step).years_per_step
        self._events_seen = 0
        self._network: NetworkView | None = None
        self._frame: tuple[int, bytes] | None = None
        self._chart: tuple[tuple, Chart] | None = None
        self._record()

    @property
    def running(self) -> bool:
        """Whether the model can step further (no takeover, step limit not reached)."""
        return bool(self.model.running) and self.model.steps < self.model.cfg.meta.steps

    @property
    def steps(self) -> int:
        """Steps taken."""
        return int(self.model.steps)

    def step(self) -> None:
        """Advance the model one step (if it still runs) and record what the view draws."""
        if self.running:
            self.model.step()
            self._record()

    def _record(self) -> None:
        model, row = self.model, self.model.recorder.last_row
        for col in SERIES:
            self.series[col].append(float(row[col]))
        for agi in model.agis:
            xs, ys = self.agi_history.setdefault(agi.unique_id, ([], []))
            if agi.status != "shutdown" or self.agi_status.get(agi.unique_id) != "shutdown":
                xs.append(model.steps)
                ys.append(max(float(agi.intelligence), 1e-6))
            self.agi_status[agi.unique_id] = agi.status
            self.agi_aligned[agi.unique_id] = bool(agi.aligned)
        for event in model.events[self._events_seen :]:
            if event["kind"] in MARK_KINDS:
                self.marks.append(
                    (event["step"], event["kind"], event["agent_id"], event["intelligence"])
                )
        self._events_seen = len(model.events)

    def release(self) -> None:
        """This world is no longer shown: let Mesa drop its model (see ``model.release``)."""
        self.model.release()

    @property
    def events(self) -> list[dict[str, Any]]:
        """The model's event log."""
        return self.model.events

    def network_png(self) -> bytes:
        """The network at the current step, as PNG (drawn at most once a step)."""
        if self._frame is None or self._frame[0] != self.steps:
            if self._network is None:
                self._network = NetworkView(self.model, dpi=self.dpi)
            else:
                self._network.update(self.model)
            self._frame = (self.steps, self._network.png())
        return self._frame[1]

    def chart(self, height: int = 480, width: int | None = None) -> Chart:
        """The interactive chart at the current step (built at most once a step and size)."""
        key = (self.steps, height, width)
        if self._chart is None or self._chart[0] != key:
            self._chart = (key, world_chart(self, height, width))
        return self._chart[1]

    def steps_csv(self) -> bytes:
        """The per-step frame so far as CSV, with seed, scenario and version columns."""
        steps, _, _ = self.model.recorder.frames(self.model.events, provenance(self.model))
        return steps.write_csv().encode()

    def caption(self) -> str:
        """Counts shown beside the network, with the power shares now."""
        shares = " · ".join(
            f"{label} {self.series[col][-1]:.0%}"
            for col, (label, _) in reversed(palette.POWER.items())
        )
        network = self._network.caption(self.model) if self._network else ""
        return f"{network} — power: {shares}"

    def summary(self) -> dict[str, Any]:
        """What the comparison strip shows for this world."""
        row = self.model.recorder.last_row
        kinds = [e["kind"] for e in self.model.events]
        estimate = self.model.k_estimate()
        return {
            "k_hat": estimate.k,
            "regime": estimate.regime,
            "scenario": self.name,
            "step": self.steps,
            "max_intelligence": float(row["max_intelligence"]),
            "misaligned_share": float(row["power_share_misaligned_agi"]),
            "takeover_step": self.model.takeover_step,
            "escapes": kinds.count("escape"),
            "agis": len(self.model.agis),
            "running": self.running,
        }
