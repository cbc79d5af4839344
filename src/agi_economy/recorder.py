"""Data collection: the per-step frame, a sampled agent frame and the event log (polars)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from agi_economy.agents import BOXED, DEPLOYED, ESCAPED, SHUTDOWN, STATUSES, Human
from agi_economy.economy import gini

if TYPE_CHECKING:
    from agi_economy.model import AGIEconomy

MODEL_COLUMNS = (
    "step",
    "max_intelligence",
    "mean_intelligence",
    "n_boxed",
    "n_deployed",
    "n_escaped",
    "n_shutdown",
    "output",
    "power_share_humans",
    "power_share_labs",
    "power_share_aligned_agi",
    "power_share_misaligned_agi",
    "human_wealth_gini",
)
"""The columns Mesa's DataCollector reports: the first of the per-step frame's.

The frame (:meth:`Recorder.frames`) adds counts, output growth, automation, RSI
iterations, compute, max intelligence by status and the provenance columns.
"""

EVENT_SCHEMA = {
    "step": pl.Int64,
    "kind": pl.String,
    "agent_id": pl.Int64,
    "lab_id": pl.Int64,
    "intelligence": pl.Float64,
    "aligned": pl.Boolean,
    "detail": pl.String,
}

AGENT_SCHEMA = {
    "step": pl.Int64,
    "agent_id": pl.Int64,
    "kind": pl.String,
    "lab_id": pl.Int64,
    "status": pl.String,
    "aligned": pl.Boolean,
    "intelligence": pl.Float64,
    "gain": pl.Float64,
    "iterations": pl.Int64,
    "wealth": pl.Float64,
    "compute": pl.Float64,
    "box_strength": pl.Float64,
    "safety_fraction": pl.Float64,
}


class Recorder:
    """Collects rows as the run goes and builds polars frames on demand."""

    def __init__(self, model: AGIEconomy):
        n = model.population.n
        k = min(model.cfg.output.human_sample, n)
        sample = model.rng.choice(n, k, replace=False) if k else np.empty(0, dtype=np.int64)
        self.human_sample = np.sort(sample)
        by_index = {h.index: h.unique_id for h in model.agents_by_type[Human]} if k else {}
        self.human_ids = [by_index[int(i)] for i in self.human_sample]
        self.rows: list[dict[str, Any]] = []
        self.agent_rows: list[tuple] = []
        self.last_row: dict[str, Any] = {}
        self._previous_output: float | None = None

    def collect(self, model: AGIEconomy, output: float) -> None:
        """Record this step's model row and, every ``agent_every`` steps, the agent rows."""
        live = [a for a in model.agis if a.status != SHUTDOWN]
        intel = np.array([a.intelligence for a in live]) if live else np.zeros(0)
        counts = dict.fromkeys(STATUSES, 0)
        for agi in model.agis:
            counts[agi.status] += 1
        power = model.power_shares()
        growth = output / self._previous_output - 1.0 if self._previous_output else 0.0
        self._previous_output = output
        row = {
            "step": model.steps,
            "max_intelligence": float(intel.max()) if intel.size else 0.0,
            "mean_intelligence": float(intel.mean()) if intel.size else 0.0,
            "n_boxed": counts[BOXED],
            "n_deployed": counts[DEPLOYED],
            "n_escaped": counts[ESCAPED],
            "n_shutdown": counts[SHUTDOWN],
            "output": output,
            "power_share_humans": power["humans"],
            "power_share_labs": power["labs"],
            "power_share_aligned_agi": power["aligned_agi"],
            "power_share_misaligned_agi": power["misaligned_agi"],
            "human_wealth_gini": gini(model.population.wealth),
            "n_agis": len(model.agis),
            "n_misaligned_active": sum(not a.aligned for a in live),
            "output_growth": growth,
            "automation": float(getattr(model, "automation", 0.0)),
            "rsi_iterations": model.iterations_this_step,
            "compute_price": model.price / model.scale,
            "total_compute": sum(lab.compute for lab in model.labs)
            + sum(a.compute for a in model.agis),
        }
        for status in (BOXED, DEPLOYED, ESCAPED):
            values = [a.intelligence for a in live if a.status == status]
            row[f"max_intelligence_{status}"] = max(values, default=0.0)
        self.rows.append(row)
        self.last_row = row
        if model.steps % model.cfg.output.agent_every == 0:
            self._collect_agents(model)

    def _collect_agents(self, model: AGIEconomy) -> None:
        step = model.steps
        for lab in model.labs:
            self.agent_rows.append(
                (
                    step,
                    lab.unique_id,
                    "lab",
                    lab.unique_id,
                    None,
                    None,
                    lab.capability,
                    None,
                    None,
                    lab.capital,
                    lab.compute,
                    lab.box_strength,
                    lab.safety_fraction,
                )
            )
        for agi in model.agis:
            self.agent_rows.append(
                (
                    step,
                    agi.unique_id,
                    "agi",
                    agi.lab.unique_id,
                    agi.status,
                    agi.aligned,
                    agi.intelligence,
                    agi.last_gain,
                    agi.last_iterations,
                    agi.wealth,
                    agi.compute,
                    None,
                    None,
                )
            )
        wealth = model.population.wealth[self.human_sample]
        for uid, w in zip(self.human_ids, wealth, strict=True):
            self.agent_rows.append(
                (step, uid, "human", None, None, None, None, None, None, float(w), None, None, None)
            )

    def frames(
        self, events: list[dict[str, Any]], provenance: dict[str, Any]
    ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
        """The step, agent and event frames, each tagged with ``provenance`` columns."""
        steps = pl.DataFrame(self.rows)
        agents = pl.DataFrame(self.agent_rows, schema=AGENT_SCHEMA, orient="row")
        events = pl.DataFrame(events, schema=EVENT_SCHEMA)
        tags = [pl.lit(v).alias(k) for k, v in provenance.items()]
        return tuple(f.with_columns(tags) for f in (steps, agents, events))
