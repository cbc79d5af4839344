"""Thinning a run's frame to the calendar grid, and the summaries over many runs."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest

from agi_economy.columns import TRAJECTORY_SCHEMA
from agi_economy.experiment.stats import paired_proportion_difference, wilson_interval
from agi_economy.experiment.trajectory import (
    grid_spacing,
    grid_steps,
    thin,
)
from agi_economy.experiment.trajectory_stats import (
    bands,
    paired_differences,
    takeover_by_time,
)


def _frame(n_steps: int, rng: np.random.Generator) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "step": np.arange(n_steps + 1),
            "max_intelligence": np.cumsum(rng.random(n_steps + 1)) + 0.1,
            "power_share_misaligned_agi": rng.random(n_steps + 1),
            "power_share_humans": rng.random(n_steps + 1),
            "output": rng.random(n_steps + 1) * 100,
        }
    )


def test_grid_of_a_ten_year_run_is_every_five_months():
    """25 points over 120 monthly steps fall on steps 0, 5, ..., 120 at k * 5/12 years."""
    every = grid_spacing(10.0, 25)
    years, steps = grid_steps(120, 1 / 12, every)
    assert every == pytest.approx(5 / 12)
    assert steps.tolist() == list(range(0, 121, 5))
    assert years == pytest.approx([k * 5 / 12 for k in range(25)])


@pytest.mark.parametrize("points", [0, 1, -3])
def test_grid_needs_two_points(points):
    """A grid of fewer than two points is refused with a message naming the field."""
    with pytest.raises(ValueError, match="trajectory points"):
        grid_spacing(10.0, points)


@pytest.mark.parametrize(
    ("n_steps", "months", "points"), [(120, 1.0, 25), (37, 3.0, 7), (5, 1, 61)]
)
def test_thin_keeps_at_most_points_rows_at_the_last_step_before_each_time(n_steps, months, points):
    """Each kept row is the frame's row at floor(t / years per step), and there are <= points."""
    rng = np.random.default_rng(n_steps)
    frame = _frame(n_steps, rng)
    every = grid_spacing(n_steps * months / 12, points)
    out = thin(frame, [], None, months, every, n_steps)
    assert out.height <= points
    assert out.schema == pl.Schema(TRAJECTORY_SCHEMA)
    for row in out.iter_rows(named=True):
        step = math.floor(row["year"] / (months / 12) + 1e-9)
        assert row["step"] == step
        source = frame.row(step, named=True)
        for name in ("max_intelligence", "power_share_humans", "output"):
            assert row[name] == pytest.approx(source[name], rel=1e-6)
    assert out["year"].to_numpy() == pytest.approx(np.arange(out.height) * every)
    assert out["step"][-1] == n_steps  # the grid reaches the horizon


def test_escapes_and_takeover_so_far_count_events_up_to_each_step():
    """Escapes so far count escape events at or before the step; the takeover turns on once."""
    frame = _frame(24, np.random.default_rng(1))
    escapes = [3, 3, 10, 17]
    out = thin(frame, escapes, 12, 1.0, grid_spacing(2.0, 9), 24)
    for row in out.iter_rows(named=True):
        assert row["escapes"] == sum(e <= row["step"] for e in escapes)
        assert row["takeover"] == (row["step"] >= 12)


def test_a_shorter_frame_is_not_extrapolated():
    """After a frame ends early, measures are null; a takeover that happened stays true."""
    frame = _frame(10, np.random.default_rng(2))  # meant to run 24 steps
    taken = thin(frame, [2], 9, 1.0, grid_spacing(2.0, 13), 24)
    after = taken.filter(pl.col("step") > 10)
    assert after.height == 7
    assert after["max_intelligence"].null_count() == after.height
    assert after["escapes"].null_count() == after.height
    assert after["takeover"].to_list() == [True] * after.height
    untaken = thin(frame, [], None, 1.0, grid_spacing(2.0, 13), 24)
    assert untaken.filter(pl.col("step") > 10)["takeover"].null_count() == 7


def test_runs_of_different_step_lengths_share_grid_times():
    """A monthly and a quarterly run of the same length are sampled at the same years."""
    every = grid_spacing(3.0, 7)
    monthly = thin(_frame(36, np.random.default_rng(3)), [], None, 1.0, every, 36)
    quarterly = thin(_frame(12, np.random.default_rng(4)), [], None, 3.0, every, 12)
    assert monthly["year"].to_list() == pytest.approx(quarterly["year"].to_list())
    assert quarterly["step"].to_list() == [0, 2, 4, 6, 8, 10, 12]


def _runs(takeovers: dict[str, list[bool | None]]) -> pl.DataFrame:
    rows = []
    for arm, flags in takeovers.items():
        for replicate, flag in enumerate(flags):
            rows.append({"policy": arm, "replicate": replicate, "year": 1.0, "takeover": flag})
    return pl.DataFrame(rows, schema_overrides={"takeover": pl.Boolean})


def test_takeover_by_time_is_the_wilson_interval_of_the_known_runs():
    """P(takeover by t) counts the runs whose takeover is known at t, with Wilson's interval."""
    table = takeover_by_time(_runs({"a": [True, True, False, None], "b": [False] * 5}))
    a = table.filter(pl.col("policy") == "a").row(0, named=True)
    assert (a["runs"], a["takeovers"]) == (3, 2)
    assert (a["p"], a["low"], a["high"]) == pytest.approx(wilson_interval(2, 3))
    b = table.filter(pl.col("policy") == "b").row(0, named=True)
    assert (b["p"], b["low"], b["high"]) == pytest.approx(wilson_interval(0, 5))


def test_paired_differences_pair_runs_by_seed():
    """Replicate i pairs with the baseline's replicate i; log measures differ in log10."""
    rows = []
    for r in range(5):
        for arm, scale, took in (("none", 1.0, True), ("p", 10.0**r, r % 2 == 0)):
            rows.append(
                {
                    "policy": arm,
                    "replicate": r,
                    "year": 0.5,
                    "max_intelligence": 3.0 * scale,
                    "power_share_humans": 0.1 * r + (0.2 if arm == "p" else 0.0),
                    "takeover": took,
                }
            )
    frame = pl.DataFrame(rows)
    out = paired_differences(
        frame, "none", measures=("max_intelligence", "power_share_humans", "takeover")
    )
    by = {r["measure"]: r for r in out.iter_rows(named=True)}
    assert by["max_intelligence"]["estimate"] == pytest.approx(2.0)  # median of log10(10^r)
    assert by["max_intelligence"]["q05"] == pytest.approx(0.2)  # 0.05 quantile of 0..4
    assert by["power_share_humans"]["estimate"] == pytest.approx(0.2)
    assert by["power_share_humans"]["q95"] == pytest.approx(0.2)  # every pair differs by 0.2
    first = [r % 2 == 0 for r in range(5)]
    expected = paired_proportion_difference(first, [True] * 5)
    got = by["takeover"]
    assert (got["estimate"], got["low"], got["high"]) == pytest.approx(expected)
    assert set(out["policy"]) == {"p"}


def test_bands_are_quantiles_over_runs_and_skip_unknown_values():
    """The median and the 5% and 95% quantiles of an arm's runs at a time ignore nulls."""
    values = [float(v) for v in range(1, 21)]
    frame = pl.DataFrame(
        {
            "policy": ["a"] * 21,
            "year": [2.0] * 21,
            "output": [*values, None],
        }
    )
    row = bands(frame, measures=("output",)).row(0, named=True)
    assert row["runs"] == 20
    assert row["q50"] == pytest.approx(np.quantile(values, 0.5))
    assert row["q05"] == pytest.approx(np.quantile(values, 0.05))
    assert row["q95"] == pytest.approx(np.quantile(values, 0.95))


def test_compare_keeps_every_runs_trajectory_and_agrees_with_its_summary(tmp_path, tiny):
    """Each run of a comparison has one bounded trajectory whose last takeover flag is its own."""
    from agi_economy.experiment import compare

    result = compare(
        "foom", ["pause:above=2"], out=tmp_path, replicates=6, seed=5, trajectory_points=9, **tiny
    )
    paths = pl.read_parquet(tmp_path / "trajectories.parquet")
    assert paths.columns[:3] == ["policy", "arm", "replicate"]
    per_run = paths.group_by("arm", "replicate").agg(n=pl.len(), last=pl.col("takeover").last())
    assert per_run.height == result.runs.height
    assert per_run["n"].max() <= 9
    joined = per_run.join(result.runs, on=["arm", "replicate"])
    assert joined["last"].to_list() == joined["takeover"].to_list()
    for name in ("fan.png", "takeover_by_time.png", "paired_trajectories.png"):
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    final = result.extra["trajectories"]["takeover_by_time"].filter(pl.col("year") == 40 / 12)
    expected = result.table.select("policy", "takeover_probability")
    assert dict(final.select("policy", "p").iter_rows()) == pytest.approx(
        dict(expected.iter_rows())
    )


def test_trajectories_can_be_turned_off(tmp_path, tiny):
    """With no trajectory points the folder holds no trajectories."""
    from agi_economy.experiment import compare

    compare("foom", [], out=tmp_path, replicates=2, seed=5, trajectory_points=0, **tiny)
    assert not (tmp_path / "trajectories.parquet").exists()


def test_the_command_line_default_is_the_librarys():
    """The CLI's default number of trajectory points is the library's."""
    from agi_economy.cli.experiment import TRAJECTORY_POINTS
    from agi_economy.experiment.trajectory import DEFAULT_POINTS

    assert TRAJECTORY_POINTS == DEFAULT_POINTS


def test_grid_spacing_is_over_the_longest_cell_built_or_not():
    """The spacing is over the longest run of any cell, as if every cell were built."""
    from agi_economy.experiment.compare import base_scenario
    from agi_economy.experiment.tasks import Cell
    from agi_economy.experiment.trajectory import horizon_years, spacing_for

    _, base = base_scenario("foom", {})
    cells = [
        Cell("none"),
        Cell("pause", ({"name": "pause", "above": 2.0},)),
        Cell("k", params={"agis.growth.k": 1.1}),
        Cell("long", params={"meta.steps": 180}),
        Cell("coarse", params={"meta.months_per_step": 3.0, "meta.steps": 50}),
    ]
    for chosen in (cells[:3], cells[:4], cells):
        longest = max(horizon_years(c.scenario(base)) for c in chosen)
        assert spacing_for(base, chosen, 11) == pytest.approx(longest / 10, rel=1e-12)
    assert spacing_for(base, cells, 11) == pytest.approx(180 / 12 / 10)  # 15 years
