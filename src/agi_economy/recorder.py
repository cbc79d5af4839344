"""Data collection: the per-step frame, a sampled agent frame and the event log (polars)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from agi_economy.agents import BOXED, DEPLOYED, ESCAPED, SHUTDOWN, STATUSES
from agi_economy.columns import AGENT_SCHEMA, EVENT_SCHEMA, STEP_SCHEMA, conform, with_provenance
from agi_economy.economy import gini

if TYPE_CHECKING:
    from agi_economy.world import World

MODEL_COLUMNS = tuple(STEP_SCHEMA)
"""The columns Mesa's DataCollector reports: every measure of the per-step frame.

The frame (:meth:`Recorder.frames`) adds the provenance columns.
"""


class Recorder:
    """Collects rows as the run goes and builds polars frames on demand.

    Args:
        world: the world to record.
        human_ids: the agent id of each person, by index.
    """

    def __init__(self, world: World, human_ids: list[int]):
        n = world.population.n
        k = min(world.cfg.output.human_sample, n)
        sample = world.rng.choice(n, k, replace=False) if k else np.empty(0, dtype=np.int64)
        self.human_sample = np.sort(sample)
        self.human_ids = [human_ids[int(i)] for i in self.human_sample]
        self.rows: list[dict[str, Any]] = []
        self.agent_rows: list[tuple] = []
        self.last_row: dict[str, Any] = {}
        self._sorted_wealth = np.empty(n)  # the Gini's sort, reused every step
        self._previous_output: float | None = None

    def collect(self, world: World, power: dict[str, float]) -> None:
        """Record this step's row (with the step's power shares) and the agent rows."""
        # one pass over the AGIs: counts by status, live intelligences, maxima by status
        counts = dict.fromkeys(STATUSES, 0)
        top: dict[str, float] = {}
        live: list[float] = []
        misaligned = 0
        for agi in world.agis:
            status = agi.status
            counts[status] += 1
            if status == SHUTDOWN:
                continue
            level = agi.state.intelligence
            live.append(level)
            misaligned += not agi.aligned
            if status not in top or level > top[status]:  # as max() keeps the first maximum
                top[status] = level
        intel = np.array(live) if live else np.zeros(0)
        output = world.scratch.output
        growth = 0.0
        if self._previous_output and output > 0.0:
            # Continuous annual rate, so that it does not depend on the step length.
            growth = math.log(output / self._previous_output) * world.clock.steps_per_year
        self._previous_output = output
        row = {
            "step": world.steps,
            "year": world.clock.years(world.steps),
            "max_intelligence": float(intel.max()) if intel.size else 0.0,
            # the sum over the count is intel.mean() bit for bit, without its overhead
            "mean_intelligence": float(intel.sum() / intel.size) if intel.size else 0.0,
            "n_boxed": counts[BOXED],
            "n_deployed": counts[DEPLOYED],
            "n_escaped": counts[ESCAPED],
            "n_shutdown": counts[SHUTDOWN],
            "output": output,
            "power_share_humans": power["humans"],
            "power_share_labs": power["labs"],
            "power_share_aligned_agi": power["aligned_agi"],
            "power_share_misaligned_agi": power["misaligned_agi"],
            "human_wealth_gini": gini(world.population.wealth, self._sorted_wealth),
            "takeover": world.takeover_step is not None,
            "n_agis": len(world.agis),
            "n_misaligned_active": misaligned,
            "output_growth": growth,
            "automation": float(world.automation),
            "rsi_iterations": world.scratch.iterations,
            "compute_price": world.price / world.scale,
            "total_compute": sum(lab.compute for lab in world.labs)
            + sum(a.compute for a in world.agis),
        }
        for status in (BOXED, DEPLOYED, ESCAPED):
            row[f"max_intelligence_{status}"] = top.get(status, 0.0)
        self.rows.append(row)
        self.last_row = row
        self._collect_agents(world, world.steps % world.cfg.output.agent_every == 0)

    def _collect_agents(self, world: World, people: bool) -> None:
        """Append this step's rows: labs, AGIs, then (every ``agent_every`` steps) people.

        Each row is one tuple display (no tuple joined to another, no property call per
        AGI, people's wealth read as Python floats at once): the loop over 2,000 AGIs
        is a visible part of a step.
        """
        step, append = world.steps, self.agent_rows.append
        for lab in world.labs:
            uid = lab.unique_id
            append(
                (
                    step,
                    uid,
                    "lab",
                    uid,
                    None,
                    None,
                    lab.capability,
                    None,
                    None,
                    None,
                    lab.capital,
                    lab.compute,
                    lab.box_strength,
                    lab.safety_fraction,
                )
            )
        for agi in world.agis:
            append(
                (
                    step,
                    agi.unique_id,
                    "agi",
                    agi.lab.unique_id,
                    agi.status,
                    agi.aligned,
                    agi.state.intelligence,
                    agi.last_gain,
                    agi.last_gain_same_inputs,
                    agi.last_iterations,
                    agi.wealth,
                    agi.compute,
                    None,
                    None,
                )
            )
        if not people:
            return
        wealth = world.population.wealth[self.human_sample].tolist()
        for uid, w in zip(self.human_ids, wealth, strict=True):
            append(
                (step, uid, "human", None, None, None, None, None, None, None, w, None, None, None)
            )

    def agent_frame(self) -> pl.DataFrame:
        """The agent frame so far (without provenance columns).

        Built column by column (the rows transposed), which takes about a third of
        the time Polars needs to read the same rows one by one.
        """
        rows = self.agent_rows
        columns = zip(*rows, strict=True) if rows else [()] * len(AGENT_SCHEMA)
        return pl.DataFrame(dict(zip(AGENT_SCHEMA, columns, strict=True)), schema=AGENT_SCHEMA)

    def frames(
        self, events: list[dict[str, Any]], provenance: dict[str, Any]
    ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
        """The step, agent and event frames, each tagged with ``provenance`` columns."""
        if self.rows:
            steps = conform(pl.DataFrame(self.rows, infer_schema_length=None), STEP_SCHEMA)
        else:
            steps = pl.DataFrame(schema=STEP_SCHEMA)
        agents = self.agent_frame()
        events = pl.DataFrame(events, schema=EVENT_SCHEMA)
        return tuple(with_provenance(f, provenance) for f in (steps, agents, events))
