"""The agent frame built column by column equals Polars' reading of the same rows."""

from __future__ import annotations

import polars as pl
import pytest

from agi_economy.columns import AGENT_SCHEMA
from agi_economy.model import AGIEconomy


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
