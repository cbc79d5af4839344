"""Mesa's DataCollector for the model, derived from what the recorder already holds.

Mesa's :class:`mesa.DataCollector` calls every reporter on every agent at every step,
which costs as much as a third of a run here, and stores a second copy of what the
:class:`~agi_economy.recorder.Recorder` records anyway. This collector keeps only,
at each ``collect``, how far the recorder's rows had got, and builds Mesa's
``model_vars`` and agent-type records from the recorder's rows when they are read:
the same values, columns and agents Mesa's own collector would hold (a test runs
both side by side), at no cost to a run that never reads them.

The k estimate (``k_hat``, ``k_low``, ``k_high``, ``regime``) pools every gain so
far, so Mesa's collector would recompute it from the agent frame at each step; it
is None before the step before the last, and is computed on first read after.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import mesa

from agi_economy.agents import AGIAgent, LabAgent
from agi_economy.analysis import pooled_k
from agi_economy.columns import AGENT_SCHEMA
from agi_economy.recorder import MODEL_COLUMNS

if TYPE_CHECKING:
    from agi_economy.recorder import Recorder

RUN_REPORTERS = ("k_hat", "k_low", "k_high", "regime")
"""Columns of the k estimate from every gain so far, at the last two steps.

The pooled estimate reads the whole agent frame, so it is not kept for every step;
None before. The step before the last is there because Mesa 3.3.1's ``batch_run``
reads row ``model.steps - 1`` of the collected data, which for a model that collects
at step 0 is the row of the step before the last.
"""

_FIELDS = {name: i for i, name in enumerate(AGENT_SCHEMA)}
LAB_REPORTERS = {
    "capability": "intelligence",  # a lab's row keeps its capability and capital there
    "capital": "wealth",
    "compute": "compute",
    "box_strength": "box_strength",
    "safety_fraction": "safety_fraction",
}
"""Mesa agent-type reporters of a lab: reporter name -> column of the agent frame."""

AGI_REPORTERS = {
    "lab_id": "lab_id",
    "status": "status",
    "aligned": "aligned",
    "intelligence": "intelligence",
    "gain": "gain",
    "iterations": "iterations",
    "wealth": "wealth",
    "compute": "compute",
}
"""Mesa agent-type reporters of a proto-AGI (people are sampled in the agent frame)."""

_KINDS = {"lab": LabAgent, "agi": AGIAgent}
_PICK = {
    LabAgent: [_FIELDS[c] for c in LAB_REPORTERS.values()],
    AGIAgent: [_FIELDS[c] for c in AGI_REPORTERS.values()],
}


class RecorderCollector(mesa.DataCollector):
    """A :class:`mesa.DataCollector` whose data are views of a recorder's rows.

    Args:
        recorder: the model's recorder; it records a step before each ``collect``.
        last_step: the run's last step (``meta.steps``).
        cap: the growth rule's intelligence cap, for the k estimate.
    """

    def __init__(self, recorder: Recorder, last_step: int, cap: float | None):
        # Mesa's own __init__ turns reporters into functions it calls on collect;
        # nothing is called here, so only the names are kept (the frames use them).
        self.model_reporters = {c: c for c in (*MODEL_COLUMNS, *RUN_REPORTERS)}
        self.agent_reporters: dict[str, Any] = {}
        self.agenttype_reporters = {LabAgent: LAB_REPORTERS, AGIAgent: AGI_REPORTERS}
        self.tables: dict[str, dict[str, list]] = {}
        self._agent_records: dict[int, list] = {}
        self._validated = True
        self._recorder = recorder
        self._last_step = last_step
        self._cap = cap
        self._marks: list[tuple[int, int, int]] = []  # (step, rows, agent rows) at collect
        self._k: dict[int, dict[str, Any]] = {}  # agent rows -> k estimate of those rows

    def collect(self, model: mesa.Model) -> None:
        """Note how far the recorder has got (it has just recorded this step)."""
        self._marks.append((model.steps, len(self._recorder.rows), len(self._recorder.columns)))

    def _estimate(self, agent_rows: int) -> dict[str, Any]:
        """The k estimate from the first ``agent_rows`` rows of the agent frame."""
        if agent_rows not in self._k:
            frame = self._recorder.agent_frame(agent_rows)
            self._k[agent_rows] = pooled_k(frame, cap=self._cap).as_dict()
        return self._k[agent_rows]

    @property
    def model_vars(self) -> dict[str, list[Any]]:
        """Each model reporter's value at each collect, as Mesa's collector keeps them."""
        rows = [self._recorder.rows[n - 1] for _, n, _ in self._marks]
        data = {c: [row[c] for row in rows] for c in MODEL_COLUMNS}
        for column in RUN_REPORTERS:
            data[column] = [
                self._estimate(agents)[column] if step >= self._last_step - 1 else None
                for step, _, agents in self._marks
            ]
        return data

    @property
    def _agenttype_records(self) -> dict[int, dict[type, list[tuple]]]:
        """Per collected step, each agent type's ``(step, id, *values)`` records."""
        records: dict[int, dict[type, list[tuple]]] = {}
        start, rows = 0, self._recorder.agent_rows
        for step, _, end in self._marks:
            by_type: dict[type, list[tuple]] = {LabAgent: [], AGIAgent: []}
            for row in rows[start:end]:
                kind = _KINDS.get(row[2])
                if kind is not None:
                    by_type[kind].append((step, row[1], *(row[i] for i in _PICK[kind])))
            records[step] = by_type
            start = end
        return records
