"""Data collection: the per-step frame, a sampled agent frame and the event log (polars)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import reduce
from itertools import compress
from operator import add, iadd, is_not
from typing import TYPE_CHECKING, Any, NamedTuple

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


class AgentColumns:
    """The agent frame so far, as blocks of rows each held column by column.

    A step appends a block of its labs' rows, one of its AGIs' rows and (when it
    records them) one of its people's rows: each a tuple of one list per column of
    :data:`AGENT_SCHEMA`, in its order. A list per column costs less to fill than a
    tuple per row, and holds no object the cyclic garbage collector must scan (a
    tuple per row did: 2,000 a step in a world of 2,000 AGIs). The blocks' lists are
    joined column by column only when a frame is built, rather than extended onto one
    long list per column every step: a long list grows by copying itself to a new
    place an eighth larger, which for fourteen columns of 2,000 rows a step cost as
    much as reading the rows. A block is never changed once appended, and a list may
    be in more than one block (a column of nulls, the AGIs' ids).

    Attributes:
        rows: rows appended so far.
    """

    def __init__(self) -> None:
        self.blocks: list[tuple[list, ...]] = []
        self.rows = 0

    def __len__(self) -> int:
        return self.rows

    def append(self, *blocks: tuple[list, ...]) -> None:
        """Append blocks of rows: each one list per column, all of the same length."""
        for block in blocks:
            self.blocks.append(block)
            self.rows += len(block[0])

    def lists(self) -> list[list]:
        """Each column's values, joined into one list, in :data:`AGENT_SCHEMA`'s order."""
        if not self.blocks:
            return [[] for _ in AGENT_SCHEMA]
        # Each column's lists added onto an empty one in turn, a loop in C (a third
        # faster than chaining their values).
        return [reduce(iadd, column, []) for column in zip(*self.blocks, strict=True)]


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
        self.columns = AgentColumns()
        self.last_row: dict[str, Any] = {}
        self._sorted_wealth = np.empty(n)  # the Gini's sort, reused every step
        self._previous_output: float | None = None
        self._roster: tuple = ()  # the AGIs (and labs) whose ids _ids holds
        self._ids: tuple[list[int], list[int], np.ndarray] = ([], [], np.empty(0, np.intp))
        self._measure = AGIMeasurer()

    @property
    def agent_rows(self) -> list[tuple]:
        """The agent frame's rows so far, as tuples in :data:`AGENT_SCHEMA`'s order."""
        return list(zip(*self.columns.lists(), strict=True))

    def collect(self, world: World, power: dict[str, float]) -> None:
        """Record this step's row (with the step's power shares) and the agent rows.

        The agent rows are the labs', the AGIs' and (every ``agent_every`` steps) the
        people's. The AGIs' measures are read into a list each, from which the counts
        by status, the live intelligences and the maxima by status are then taken
        (:class:`AGIMeasurer`).
        """
        step, labs, agis = world.steps, world.labs, world.agis
        # One pass over the AGIs, each measure into a list of its own: a pass per
        # measure would bring every AGI into the cache eight times over.
        status, level, aligned, gain = [], [], [], []
        same_inputs, iterations, wealth, compute = [], [], [], []
        for agi in agis:
            status.append(agi.status)
            level.append(agi.state.intelligence)
            aligned.append(agi.aligned)
            gain.append(agi.last_gain)
            same_inputs.append(agi.last_gain_same_inputs)
            iterations.append(agi.last_iterations)
            wealth.append(agi.wealth)
            compute.append(agi.compute)
        agi_ids, agi_labs, lab_of = self._agi_ids(world)
        if len(agis) < ARRAY_PASS:  # (the measurer would say the same; one call less)
            measures = agi_measures_one_by_one(status, level, aligned, compute)
        else:
            measures = self._measure(status, level, aligned, compute, lab_of, len(labs))
        capability = measures.capability
        lab_ids, capital, lab_compute, box, safety = [], [], [], [], []
        labs_compute = 0  # summed in order from 0, as sum() does
        for lab in labs:
            lab_ids.append(lab.unique_id)
            capital.append(lab.capital)
            lab_compute.append(lab.compute)
            box.append(lab.box_strength)
            safety.append(lab.safety_fraction)
            labs_compute += lab.compute
        if capability is None:  # few AGIs: each lab's own reading
            capability = [lab.capability for lab in labs]
        n_labs, n = len(labs), len(agis)
        no_labs, no_agis = [None] * n_labs, [None] * n
        # Each block a tuple of its columns in AGENT_SCHEMA's order.
        self.columns.append(
            (
                [step] * n_labs,  # step
                lab_ids,  # agent_id
                ["lab"] * n_labs,  # kind
                lab_ids,  # lab_id
                no_labs,  # status
                no_labs,  # aligned
                capability,  # intelligence
                no_labs,  # gain
                no_labs,  # gain_same_inputs
                no_labs,  # iterations
                capital,  # wealth
                lab_compute,  # compute
                box,  # box_strength
                safety,  # safety_fraction
            ),
            (
                [step] * n,
                agi_ids,
                ["agi"] * n,
                agi_labs,
                status,
                aligned,
                level,
                gain,
                same_inputs,
                iterations,
                wealth,
                compute,
                no_agis,
                no_agis,
            ),
        )

        output = world.scratch.output
        growth = 0.0
        if self._previous_output and output > 0.0:
            # Continuous annual rate, so that it does not depend on the step length.
            growth = math.log(output / self._previous_output) * world.clock.steps_per_year
        self._previous_output = output
        counts, top = measures.counts, measures.top
        row = {
            "step": step,
            "year": world.clock.years(step),
            "max_intelligence": measures.max_live,
            "mean_intelligence": measures.mean_live,
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
            "n_agis": n,
            "n_misaligned_active": measures.misaligned,
            "output_growth": growth,
            "automation": float(world.automation),
            "rsi_iterations": world.scratch.iterations,
            "compute_price": world.price / world.scale,
            "total_compute": labs_compute + measures.compute,
            "max_intelligence_boxed": top[BOXED],
            "max_intelligence_deployed": top[DEPLOYED],
            "max_intelligence_escaped": top[ESCAPED],
        }
        self.rows.append(row)
        self.last_row = row
        if step % world.cfg.output.agent_every == 0:
            self._collect_people(world, step)

    def _agi_ids(self, world: World) -> tuple[list[int], list[int], np.ndarray]:
        """Each AGI's id, its lab's id and its lab's index in ``world.labs``.

        An AGI's id and lab never change, so these are read again only when the AGIs
        (or the labs) are not the same objects in the same order as last time: the
        comparison of two tuples of them costs a fraction of reading the ids.
        """
        roster = (*world.agis, None, *world.labs)  # None: where the AGIs end
        if roster != self._roster:
            index = {lab.unique_id: j for j, lab in enumerate(world.labs)}
            lab_ids = [a.lab.unique_id for a in world.agis]
            lab_of = np.array([index[i] for i in lab_ids], dtype=np.intp)
            self._ids = ([a.unique_id for a in world.agis], lab_ids, lab_of)
            self._roster = roster
        return self._ids

    def _collect_people(self, world: World, step: int) -> None:
        """Append this step's rows of the sampled people (wealth read as Python floats)."""
        k = len(self.human_ids)
        wealth = world.population.wealth[self.human_sample].tolist()
        nobody = [None] * k
        self.columns.append(
            (
                [step] * k,
                self.human_ids,
                ["human"] * k,
                *(nobody,) * 7,  # lab_id to iterations
                wealth,
                *(nobody,) * 3,  # compute, box_strength, safety_fraction
            )
        )

    def agent_frame(self, rows: int | None = None) -> pl.DataFrame:
        """The agent frame so far, or its first ``rows`` rows (without provenance columns).

        Built column by column, which takes about a third of the time Polars needs to
        read the same rows one by one.
        """
        lists = self.columns.lists()
        if rows is not None:
            lists = [values[:rows] for values in lists]
        return pl.DataFrame(dict(zip(AGENT_SCHEMA, lists, strict=True)), schema=AGENT_SCHEMA)

    def step_frame(self) -> pl.DataFrame:
        """The per-step frame so far (without provenance columns), typed as STEP_SCHEMA.

        Polars reads the rows (dicts with the same keys in the same order) given the
        schema, which is three times faster than a series built per column.
        """
        if not self.rows:
            return pl.DataFrame(schema=STEP_SCHEMA)
        return conform(pl.DataFrame(self.rows, schema=STEP_SCHEMA), STEP_SCHEMA)

    def frames(
        self, events: list[dict[str, Any]], provenance: dict[str, Any]
    ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
        """The step, agent and event frames, each tagged with ``provenance`` columns."""
        steps = self.step_frame()
        agents = self.agent_frame()
        events = pl.DataFrame(events, schema=EVENT_SCHEMA)
        return tuple(with_provenance(f, provenance) for f in (steps, agents, events))


ARRAY_PASS = 32
"""From this many AGIs, :func:`agi_measures` works on arrays; below, one by one.

The array pass has a fixed cost of about 20 us a step, more than the loop over a
default world's few AGIs costs; with thousands it costs a fraction of the loop.
"""


class AGIMeasures(NamedTuple):
    """What the step row and the labs' rows need of the AGIs of a step.

    Attributes:
        counts: AGIs by status.
        max_live: the largest intelligence of the AGIs not shut down (0 for none).
        mean_live: their mean intelligence, as numpy's ``mean`` gives it (0 for none).
        misaligned: misaligned AGIs not shut down.
        top: by status (boxed, deployed, escaped), the largest intelligence (0 for none).
        capability: each lab's capability (its largest intelligence under its control,
            0 for none), or None when it was not worked out (below ``ARRAY_PASS``).
        compute: the AGIs' compute, summed in order from 0 as ``sum()`` does.
    """

    counts: dict[str, int]
    max_live: float
    mean_live: float
    misaligned: int
    top: dict[str, float]
    capability: list[float] | None
    compute: float


class AGIMeasurer:
    """Takes a step's :class:`AGIMeasures` from the AGIs' statuses, intelligences and alignment.

    Below :data:`ARRAY_PASS` AGIs, one by one (:func:`agi_measures_one_by_one`); from
    there on with numpy, the same values bit for bit: counts and maxima are exact
    whatever the order, and the mean is numpy's own (``tests/test_recorder_frame.py``
    checks both paths against each other and against the labs' own capability). What
    depends on the statuses and alignment alone (the counts, who is live, who has which
    status, which lab controls whom) is kept from one call to the next while they stay
    the same, as they do in most steps.
    """

    def __init__(self) -> None:
        self._key: tuple | None = None  # the statuses, alignment and labs of _groups
        self._groups: _StatusGroups | None = None

    def __call__(
        self,
        status: list[str],
        level: list[float],
        aligned: list[bool],
        compute: list[float],
        lab_of: np.ndarray,
        n_labs: int,
    ) -> AGIMeasures:
        """The measures of AGIs with these statuses, intelligences and alignment.

        Args:
            status: each AGI's status.
            level: each AGI's intelligence.
            aligned: whether each AGI is aligned.
            compute: the compute each AGI holds.
            lab_of: each AGI's lab, as its index among the ``n_labs`` labs.
            n_labs: labs in the world.
        """
        n = len(status)
        if n < ARRAY_PASS:
            return agi_measures_one_by_one(status, level, aligned, compute)
        key = self._key
        # Lists of the same objects compare in a fraction of the time it takes to read
        # them; from one step to the next a few AGIs change status, if any.
        if key is None or len(key[0]) != n or key[1] != aligned or key[2] is not lab_of:
            self._groups = _StatusGroups(_codes(status, range(n)), aligned, lab_of)
        elif key[0] != status:
            changed = list(compress(range(n), map(is_not, status, key[0])))
            code = self._groups.code.copy()
            code[changed] = _codes(status, changed)
            self._groups = _StatusGroups(code, aligned, lab_of)
        self._key = (status, aligned, lab_of)
        groups = self._groups
        levels = np.fromiter(level, dtype=np.float64, count=n)
        live = levels if groups.live is None else levels[groups.live]
        top = {}
        for name, members in groups.by_status.items():
            top[name] = 0.0 if members is None else float(levels[members].max())
        capability = np.full(n_labs, -np.inf)
        np.maximum.at(capability, groups.lab_of_controlled, levels[groups.controlled])
        capability[capability == -np.inf] = 0.0  # a lab with none under its control
        return AGIMeasures(
            counts=groups.counts,
            max_live=float(live.max()) if live.size else 0.0,
            mean_live=_mean(live),
            misaligned=groups.misaligned,
            top=top,
            capability=capability.tolist(),
            # Only escaped AGIs hold compute: the zeros are left out of the sum, which
            # leaves every partial sum as it was (x + 0.0 is x, and a sum of floats
            # from +0.0 is never -0.0, the one x it would change).
            compute=reduce(add, filter(None, compute), 0.0),
        )


class _StatusGroups:
    """Which AGIs are live, of each status, and under each lab's control (by index)."""

    def __init__(self, code: np.ndarray, aligned: list[bool], lab_of: np.ndarray):
        self.code = code  # each AGI's status as its index in STATUSES
        self.counts = dict(
            zip(STATUSES, np.bincount(code, minlength=len(STATUSES)).tolist(), strict=True)
        )
        self.live = None  # None: all
        self.misaligned = aligned.count(False)  # (a list's count is a loop in C)
        if self.counts[SHUTDOWN]:
            self.live = np.flatnonzero(code != _CODE[SHUTDOWN])
            shut = np.flatnonzero(code == _CODE[SHUTDOWN]).tolist()
            self.misaligned -= [aligned[i] for i in shut].count(False)
        self.by_status = {
            name: np.flatnonzero(code == _CODE[name]) if self.counts[name] else None
            for name in (BOXED, DEPLOYED, ESCAPED)
        }
        self.controlled = np.flatnonzero(code <= _CODE[DEPLOYED])  # boxed or deployed
        self.lab_of_controlled = lab_of[self.controlled]


def agi_measures_one_by_one(
    status: list[str], level: list[float], aligned: list[bool], compute: list[float]
) -> AGIMeasures:
    """:class:`AGIMeasurer`'s measures AGI by AGI, without the labs' capability."""
    counts = {BOXED: 0, DEPLOYED: 0, ESCAPED: 0, SHUTDOWN: 0}
    top = {BOXED: None, DEPLOYED: None, ESCAPED: None}
    live: list[float] = []
    misaligned = 0
    total = 0
    for state, value, good, held in zip(status, level, aligned, compute, strict=True):
        total += held
        counts[state] += 1
        if state == SHUTDOWN:
            continue
        live.append(value)
        misaligned += not good
        best = top[state]
        if best is None or value > best:  # as max() keeps the first maximum
            top[state] = value
    for state, best in top.items():
        if best is None:
            top[state] = 0.0
    # Positional: a named tuple's keywords cost a default world's step a microsecond.
    return AGIMeasures(
        counts, float(max(live)) if live else 0.0, _mean(live), misaligned, top, None, total
    )


_CODE = {status: code for code, status in enumerate(STATUSES)}  # boxed, deployed first


def _codes(status: list[str], which: Iterable[int]) -> np.ndarray:
    """The codes (:data:`_CODE`) of the statuses at the positions ``which``."""
    return np.fromiter([_CODE[status[i]] for i in which], dtype=np.int8)


def _mean(values: list[float] | np.ndarray) -> float:
    """The mean as numpy's ``mean`` gives it, bit for bit (0 for none).

    Below eight values numpy adds them one after another, written out here (not
    ``sum``, which compensates rounding from Python 3.12 on); from eight on it sums
    pairwise, so the array is summed by numpy itself.
    """
    if len(values) == 0:
        return 0.0
    if len(values) < 8:
        total = 0.0
        for value in values:
            total += value
        return float(total / len(values))
    return float(np.array(values).sum() / len(values))
