"""The finite guard names the first float column, and its first step, holding NaN or inf."""

from __future__ import annotations

import math

import polars as pl
import pytest

from agi_economy.finite import check_finite
from agi_economy.scenario import ScenarioError


def _frame(bad_column: str | None, value: float, at: int) -> pl.DataFrame:
    data = {
        "step": list(range(6)),
        "output": [1.0, 2.0, None, 4.0, 5.0, 6.0],
        "share": [0.1] * 6,
        "count": [1] * 6,
    }
    if bad_column is not None:
        data[bad_column][at] = value
        data[bad_column][-1] = -math.inf  # a later bad value is not the one reported
    return pl.DataFrame(data)


def test_nulls_and_finite_values_pass():
    """A frame of finite values and nulls raises nothing."""
    check_finite("world", {"steps": _frame(None, 0.0, 0), "empty": _frame(None, 0.0, 0)[:0]})


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize(("column", "at"), [("output", 2), ("share", 0), ("share", 4)])
def test_the_first_bad_value_is_named(column, at, value):
    """The message names the frame, the column, the value and the step it was reached at."""
    frames = {"steps": _frame(None, 0.0, 0), "agents": _frame(column, value, at)}
    with pytest.raises(ScenarioError) as caught:
        check_finite("world", frames)
    assert f"agents.{column}: the run reached {value} at step {at};" in str(caught.value)


def test_the_first_column_in_order_is_named():
    """With two bad columns the one earlier in the frame is reported."""
    frame = _frame("share", math.nan, 1).with_columns(pl.lit(math.inf).alias("later"))
    frame = frame.with_columns(
        pl.when(pl.col("step") == 3).then(math.inf).otherwise(1.0).alias("output")
    )
    with pytest.raises(ScenarioError, match=r"steps\.output: the run reached inf at step 3"):
        check_finite("world", {"steps": frame})
