"""The recorder's frames: built column by column, they equal Polars' reading of the rows."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from agi_economy.columns import AGENT_SCHEMA
from agi_economy.model import AGIEconomy
from agi_economy.recorder import _mean


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
