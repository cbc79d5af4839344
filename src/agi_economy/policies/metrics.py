"""Measures of the model's state that policy triggers test (see ``METRICS``).

Read at the start of a step, before any phase runs: they describe the world as the
previous step left it. Each is computed only when a trigger asks for it.
"""

from __future__ import annotations

from typing import Any

from agi_economy.scenario.trigger_schema import METRICS

_BOXED, _DEPLOYED, _ESCAPED, _SHUTDOWN = "boxed", "deployed", "escaped", "shutdown"
_SHARES = {
    "misaligned_power_share": "misaligned_agi",
    "aligned_agi_power_share": "aligned_agi",
    "human_power_share": "humans",
    "lab_power_share": "labs",
}
_COUNTED = {"escapes": "escape", "detections": "detection", "shutdowns": "shutdown"}


class EventCounts:
    """Running counts of event kinds, reading only the events logged since last time."""

    def __init__(self) -> None:
        self.seen = 0
        self.counts = dict.fromkeys(_COUNTED.values(), 0)

    def update(self, events: list[dict[str, Any]]) -> None:
        """Count the events appended since the last call."""
        for event in events[self.seen :]:
            if event["kind"] in self.counts:
                self.counts[event["kind"]] += 1
        self.seen = len(events)


class StateMeasures:
    """The measures of one model at one moment, computed on first use and cached."""

    def __init__(self, model: Any, counts: EventCounts):
        self.model = model
        self.counts = counts
        self.cache: dict[str, float] = {}

    def __call__(self, name: str) -> float:
        """Value of measure ``name``."""
        if name not in self.cache:
            self.cache[name] = self._compute(name)
        return self.cache[name]

    def _compute(self, name: str) -> float:
        model = self.model
        if name not in METRICS:
            raise KeyError(f"unknown measure {name!r}")
        if name == "step":
            return float(model.steps)
        if name == "year":
            return model.clock.years(max(model.steps - 1, 0))
        if name in _COUNTED:
            self.counts.update(model.events)
            return float(self.counts.counts[_COUNTED[name]])
        if name in _SHARES:
            return float(model.power_shares()[_SHARES[name]])
        if name == "automation":
            return float(model.automation)
        live = [a for a in model.agis if a.status != _SHUTDOWN]
        if name == "max_intelligence":
            return max((a.intelligence for a in live), default=0.0)
        if name == "max_controlled_intelligence":
            return max(
                (a.intelligence for a in live if a.status in (_BOXED, _DEPLOYED)), default=0.0
            )
        if name == "mean_intelligence":
            return sum(a.intelligence for a in live) / len(live) if live else 0.0
        if name == "n_agis":
            return float(len(live))
        status = {"n_deployed": _DEPLOYED, "n_escaped": _ESCAPED}[name]
        return float(sum(a.status == status for a in live))
