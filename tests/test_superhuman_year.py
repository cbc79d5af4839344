"""The summary's superhuman_year: the first time the largest intelligence reaches the band."""

from __future__ import annotations

import polars as pl

from agi_economy.run import simulate


def test_superhuman_year_is_the_first_step_in_the_band():
    """At superhuman_year the band is reached, one step earlier it was not; None if never."""
    fast = simulate("foom", seed=4, humans__count=100, meta__steps=40)
    band = fast.scenario.agis.superhuman
    year = fast.summary["superhuman_year"]
    assert year is not None
    assert fast.summary["bostrom_takeoff_years"] is not None
    step = round(year * 12 / fast.scenario.meta.months_per_step)
    series = dict(zip(fast.steps["step"], fast.steps["max_intelligence"], strict=True))
    assert series[step] >= band > series[step - 1]
    assert fast.steps.filter(pl.col("step") < step)["max_intelligence"].max() < band
    slow = simulate("fizzle", seed=4, humans__count=100, meta__steps=40)
    assert slow.steps["max_intelligence"].max() < band
    assert slow.summary["superhuman_year"] is None
