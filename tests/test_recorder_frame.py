"""The recorder's frames: built column by column, they equal Polars' reading of the rows.

And they equal, byte for byte, those of the recorder as it was (a tuple per row).
"""

from __future__ import annotations

import io
import struct

import numpy as np
import polars as pl
import pytest

import agi_economy.model as model_module
from agi_economy.agents import CONTROLLED, STATUSES
from agi_economy.columns import AGENT_SCHEMA
from agi_economy.model import AGIEconomy
from agi_economy.recorder import (
    ARRAY_PASS,
    AGIMeasurer,
    AGIMeasures,
    Recorder,
    _mean,
    agi_measures_one_by_one,
)
from tests.recorder_reference import RowRecorder


@pytest.mark.parametrize(("scenario", "seed"), [("foom", 2), ("slow_takeoff", 9), ("fizzle", 4)])
def test_agent_frame_equals_the_rows_read_one_by_one(scenario, seed):
    """Same values, nulls and types as ``pl.DataFrame(rows, orient="row")``, every 10 steps."""
    with AGIEconomy(scenario, seed=seed, humans__count=200, meta__steps=40) as model:
        while model.running:
            model.step()
            if model.steps % 10:
                continue
            rows = model.recorder.agent_rows
            expected = pl.DataFrame(rows, schema=AGENT_SCHEMA, orient="row")
            got = model.recorder.agent_frame()
            assert got.schema == expected.schema
            assert got.equals(expected, null_equal=True)
        assert model.recorder.agent_frame().height > 0


def test_the_mean_intelligence_is_numpys_mean_bit_for_bit():
    """The recorder's mean of the live intelligences is ``np.mean``'s, at every count."""
    rng = np.random.default_rng(8)
    assert _mean([]) == 0.0
    for n in range(1, 40):
        for _ in range(25):
            values = (rng.lognormal(0.0, 3.0, n) * rng.choice([1e-9, 1.0, 1e9])).tolist()
            assert _mean(values) == float(np.mean(values))


def _ipc(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_ipc(buffer)
    return buffer.getvalue()


class _Paired(Recorder):
    """The recorder, with the reference recorder (a tuple per row) beside it."""

    def __init__(self, world, human_ids):
        super().__init__(world, human_ids)
        self.reference = RowRecorder(self.human_sample, self.human_ids, world.population.n)

    def collect(self, world, power):
        self.reference.collect(world, power)
        super().collect(world, power)


MANY = {"labs__count": 4, "agis__initial_per_lab": 12, "agis__max_agis": 60}
"""Enough AGIs from the start for the recorder's array pass (ARRAY_PASS)."""


@pytest.mark.parametrize(
    ("scenario", "seed", "extra"),
    [
        ("foom", 2, {}),
        ("slow_takeoff", 9, {"output__agent_every": 3}),
        ("fizzle", 4, {"output__human_sample": 0}),
        ("foom", 3, MANY),
        ("race", 2, {**MANY, "output__agent_every": 3}),
        ("careless_lab", 11, {**MANY, "policies": [{"name": "pause", "above": 1.5}]}),
        ("combustion", 5, MANY),
    ],
)
def test_frames_equal_the_reference_recorders_bit_for_bit(monkeypatch, scenario, seed, extra):
    """The column store gives the rows and frames of a tuple per row, byte for byte.

    The worlds with ``MANY`` AGIs take the array pass with AGIs of every status,
    statuses changing between steps (and not), so the kept groups are checked too.
    """
    monkeypatch.setattr(model_module, "Recorder", _Paired)
    with AGIEconomy(scenario, seed=seed, humans__count=200, meta__steps=40, **extra) as model:
        while model.running:
            model.step()
        recorder, reference = model.recorder, model.recorder.reference
        assert recorder.rows == reference.rows
        assert recorder.agent_rows == reference.agent_rows
        assert _ipc(recorder.agent_frame()) == _ipc(reference.agent_frame())
        assert _ipc(recorder.step_frame()) == _ipc(reference.step_frame())
        assert len(recorder.columns) == len(reference.agent_rows)
        rows = len(reference.agent_rows) // 2
        first = pl.DataFrame(reference.agent_rows[:rows], schema=AGENT_SCHEMA, orient="row")
        assert _ipc(recorder.agent_frame(rows)) == _ipc(first)
        if extra is MANY or extra.get("labs__count"):
            assert max(row["n_agis"] for row in recorder.rows) >= ARRAY_PASS
            assert {row[4] for row in recorder.agent_rows if row[2] == "agi"} >= {
                "boxed",
                "deployed",
                "shutdown",
            }


def _bits(measures: AGIMeasures) -> tuple:
    """Every value of the measures, floats as their bits."""

    def bits(value):
        return struct.pack("<d", value) if isinstance(value, float) else value

    return (
        measures.counts,
        bits(measures.max_live),
        bits(measures.mean_live),
        measures.misaligned,
        {k: bits(v) for k, v in measures.top.items()},
        bits(measures.compute),
    )


def test_the_array_pass_equals_the_one_by_one_pass_bit_for_bit():
    """From ARRAY_PASS AGIs on, the measures are the loop's, and each lab's capability its max.

    One measurer is called again and again, statuses sometimes unchanged (its kept
    groups reused), sometimes a few changed (the groups updated) and sometimes drawn
    afresh, with no AGI or every AGI of a status.
    """
    rng = np.random.default_rng(14)
    measurer = AGIMeasurer()
    status: list[str] = []
    reused = changed = 0
    sizes = [ARRAY_PASS, ARRAY_PASS + 1, *[40] * 6, *[200] * 6, 1000, 1000, 64, 64]
    for n in sizes:
        draw = rng.random()
        if len(status) != n or draw < 0.4:
            n_labs = int(rng.integers(1, 8))
            lab_of = rng.integers(0, n_labs, n).astype(np.intp)
            weights = rng.dirichlet(np.ones(len(STATUSES)) * rng.choice([0.1, 1.0]))
            status = [STATUSES[i] for i in rng.choice(len(STATUSES), n, p=weights)]
            aligned = (rng.random(n) < rng.random()).tolist()
        elif draw < 0.7:  # a few AGIs change status, the rest as before
            status = list(status)
            for i in rng.choice(n, int(rng.integers(1, 6)), replace=False):
                status[i] = STATUSES[int(rng.integers(len(STATUSES)))]
            changed += 1
        else:
            reused += 1
        level = (rng.lognormal(0.0, 2.0, n) * rng.choice([1e-6, 1.0, 1e6])).tolist()
        held = rng.lognormal(0.0, 3.0, n) * (np.array(status) == "escaped")
        compute = [-0.0 if rng.random() < 0.1 else x for x in held.tolist()]
        got = measurer(list(status), level, list(aligned), compute, lab_of, n_labs)
        expected = agi_measures_one_by_one(status, level, aligned, compute)
        assert _bits(got) == _bits(expected)
        for j in range(n_labs):
            controlled = [
                v
                for v, s, lab in zip(level, status, lab_of, strict=True)
                if lab == j and s in CONTROLLED
            ]
            assert struct.pack("<d", got.capability[j]) == struct.pack(
                "<d", max(controlled, default=0.0)
            )
    assert reused
    assert changed
    for n in range(ARRAY_PASS):
        one = [1.0] * n
        measures = AGIMeasurer()(["boxed"] * n, one, [True] * n, one, np.zeros(n, np.intp), 1)
        assert measures.capability is None
