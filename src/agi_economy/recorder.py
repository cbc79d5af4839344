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
        """Record this step's row (with the step's power shares) and the agent rows.

        The agent rows are the labs', the AGIs' and (every ``agent_every`` steps) the
        people's; the pass over the AGIs that writes their rows also counts them by
        status and finds the live intelligences and the maxima by status.
        """
        step, append = world.steps, self.agent_rows.append
        lab_compute = self._collect_labs(world, step)
        counts = dict.fromkeys(STATUSES, 0)
        top: dict[str, float] = {}
        live: list[float] = []
        misaligned = 0
        agi_compute = 0  # summed in order from 0, as sum() does
        for agi in world.agis:
            status, level, compute = agi.status, agi.state.intelligence, agi.compute
            # One tuple display per row: no property call and no tuple joined to another.
            append(
                (
                    step,
                    agi.unique_id,
                    "agi",
                    agi.lab.unique_id,
                    status,
                    agi.aligned,
                    level,
                    agi.last_gain,
                    agi.last_gain_same_inputs,
                    agi.last_iterations,
                    agi.wealth,
                    compute,
                    None,
                    None,
                )
            )
            agi_compute += compute
            counts[status] += 1
            if status == SHUTDOWN:
                continue
            live.append(level)
            misaligned += not agi.aligned
            if status not in top or level > top[status]:  # as max() keeps the first maximum
                top[status] = level
        output = world.scratch.output
        growth = 0.0
        if self._previous_output and output > 0.0:
            # Continuous annual rate, so that it does not depend on the step length.
            growth = math.log(output / self._previous_output) * world.clock.steps_per_year
        self._previous_output = output
        row = {
            "step": step,
            "year": world.clock.years(step),
            "max_intelligence": float(max(live)) if live else 0.0,
            "mean_intelligence": _mean(live),
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
            "total_compute": lab_compute + agi_compute,
        }
        for status in (BOXED, DEPLOYED, ESCAPED):
            row[f"max_intelligence_{status}"] = top.get(status, 0.0)
        self.rows.append(row)
        self.last_row = row
        if step % world.cfg.output.agent_every == 0:
            self._collect_people(world, step)

    def _collect_labs(self, world: World, step: int) -> float:
        """Append this step's lab rows; return the labs' compute summed in order from 0."""
        append, total = self.agent_rows.append, 0
        for lab in world.labs:
            uid, compute = lab.unique_id, lab.compute
            total += compute
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
                    compute,
                    lab.box_strength,
                    lab.safety_fraction,
                )
            )
        return total

    def _collect_people(self, world: World, step: int) -> None:
        """Append this step's rows of the sampled people (wealth read as Python floats)."""
        append = self.agent_rows.append
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

    def step_frame(self) -> pl.DataFrame:
        """The per-step frame so far (without provenance columns), typed as STEP_SCHEMA.

        Built column by column, each column given its type at once: every row holds
        the same keys in the same order, so the rows transpose in one pass.
        """
        rows = self.rows
        if not rows:
            return pl.DataFrame(schema=STEP_SCHEMA)
        columns = zip(*(row.values() for row in rows), strict=True)
        series = [
            pl.Series(name, values, dtype=STEP_SCHEMA.get(name))
            for name, values in zip(rows[0], columns, strict=True)
        ]
        return conform(pl.DataFrame(series), STEP_SCHEMA)

    def frames(
        self, events: list[dict[str, Any]], provenance: dict[str, Any]
    ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
        """The step, agent and event frames, each tagged with ``provenance`` columns."""
        steps = self.step_frame()
        agents = self.agent_frame()
        events = pl.DataFrame(events, schema=EVENT_SCHEMA)
        return tuple(with_provenance(f, provenance) for f in (steps, agents, events))


def _mean(values: list[float]) -> float:
    """The mean as numpy's ``mean`` gives it, bit for bit (0 for none).

    Below eight values numpy adds them one after another, written out here (not
    ``sum``, which compensates rounding from Python 3.12 on); from eight on it sums
    pairwise, so the array is summed by numpy itself.
    """
    if not values:
        return 0.0
    if len(values) < 8:
        total = 0.0
        for value in values:
            total += value
        return float(total / len(values))
    return float(np.array(values).sum() / len(values))
