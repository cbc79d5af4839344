"""The recorder as it was before its rows became columns: a tuple per agent row.

The reference the recorder's column store is checked against (``test_recorder_frame``):
every row read AGI by AGI in one loop, the counts and maxima kept as it goes, each
lab's capability its own, and the agent frame Polars' reading of the tuples.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import polars as pl

from agi_economy.agents import BOXED, DEPLOYED, ESCAPED, SHUTDOWN, STATUSES
from agi_economy.columns import AGENT_SCHEMA, STEP_SCHEMA, conform
from agi_economy.economy import gini


class RowRecorder:
    """Records the rows a :class:`~agi_economy.recorder.Recorder` does, one tuple each.

    Args:
        human_sample: the indices of the people sampled (the recorder's own).
        human_ids: their agent ids.
        n_people: people in the world.
    """

    def __init__(self, human_sample, human_ids: list[int], n_people: int):
        self.human_sample = human_sample
        self.human_ids = human_ids
        self.rows: list[dict[str, Any]] = []
        self.agent_rows: list[tuple] = []
        self._previous_output: float | None = None
        self._n = n_people

    def collect(self, world, power: dict[str, float]) -> None:
        """Record this step's row and agent rows, AGI by AGI."""
        step, append = world.steps, self.agent_rows.append
        lab_compute = 0
        for lab in world.labs:
            lab_compute += lab.compute
            append(
                (step, lab.unique_id, "lab", lab.unique_id, None, None, lab.capability)
                + (None, None, None, lab.capital, lab.compute, lab.box_strength)
                + (lab.safety_fraction,)
            )
        counts = dict.fromkeys(STATUSES, 0)
        top: dict[str, float] = {}
        live: list[float] = []
        misaligned = 0
        agi_compute = 0
        for agi in world.agis:
            status, level = agi.status, agi.state.intelligence
            append(
                (step, agi.unique_id, "agi", agi.lab.unique_id, status, agi.aligned, level)
                + (agi.last_gain, agi.last_gain_same_inputs, agi.last_iterations)
                + (agi.wealth, agi.compute, None, None)
            )
            agi_compute += agi.compute
            counts[status] += 1
            if status == SHUTDOWN:
                continue
            live.append(level)
            misaligned += not agi.aligned
            if status not in top or level > top[status]:
                top[status] = level
        output = world.scratch.output
        growth = 0.0
        if self._previous_output and output > 0.0:
            growth = math.log(output / self._previous_output) * world.clock.steps_per_year
        self._previous_output = output
        row = {
            "step": step,
            "year": world.clock.years(step),
            "max_intelligence": float(max(live)) if live else 0.0,
            "mean_intelligence": float(np.mean(live)) if live else 0.0,
            "n_boxed": counts[BOXED],
            "n_deployed": counts[DEPLOYED],
            "n_escaped": counts[ESCAPED],
            "n_shutdown": counts[SHUTDOWN],
            "output": output,
            "power_share_humans": power["humans"],
            "power_share_labs": power["labs"],
            "power_share_aligned_agi": power["aligned_agi"],
            "power_share_misaligned_agi": power["misaligned_agi"],
            "human_wealth_gini": gini(world.population.wealth),
            "takeover": world.takeover_step is not None,
            "n_agis": len(world.agis),
            "n_misaligned_active": misaligned,
            "output_growth": growth,
            "automation": float(world.automation),
            "rsi_iterations": world.scratch.iterations,
            "compute_price": world.price / world.scale,
            "total_compute": lab_compute + agi_compute,
        }
        for status in (BOXED, DEPLOYED, ESCAPED):
            row[f"max_intelligence_{status}"] = top.get(status, 0.0)
        self.rows.append(row)
        if step % world.cfg.output.agent_every == 0:
            wealth = world.population.wealth[self.human_sample].tolist()
            for uid, w in zip(self.human_ids, wealth, strict=True):
                append((step, uid, "human") + (None,) * 7 + (w, None, None, None))

    def agent_frame(self) -> pl.DataFrame:
        """Polars' reading of the rows, one by one."""
        return pl.DataFrame(self.agent_rows, schema=AGENT_SCHEMA, orient="row")

    def step_frame(self) -> pl.DataFrame:
        """Polars' reading of the step rows."""
        return conform(pl.DataFrame(self.rows, schema=STEP_SCHEMA), STEP_SCHEMA)
