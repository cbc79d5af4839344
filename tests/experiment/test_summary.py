"""Per-arm summaries and paired differences on hand-made runs."""

from __future__ import annotations

import polars as pl
import pytest

from agi_economy.experiment.stats import paired_proportion_difference, wilson_interval
from agi_economy.experiment.summary import MEASURES, summarise


def runs_frame():
    """Two arms of four replicates; replicate 3 of arm 1 failed."""
    rows = []
    base = [
        (True, 10, 5.0, 0.2, 1.0, 1),
        (True, 20, 7.0, 0.4, 2.0, 2),
        (False, None, 1.0, 0.9, 0.5, 0),
        (False, None, 2.0, 0.8, 0.7, 0),
    ]
    policy = [
        (False, None, 2.0, 0.6, 0.9, 0),
        (True, 30, 3.0, 0.5, 1.0, 1),
        (False, None, 1.0, 0.9, 0.4, 0),
        None,
    ]
    for cell, arm in enumerate((base, policy)):
        for r, values in enumerate(arm):
            row = {"cell": cell, "replicate": r, "seed": 100 + r, "status": "ok", "error": None}
            if values is None:
                row.update(status="failed", error="ValueError: boom")
            else:
                keys = (
                    "takeover",
                    "takeover_year",
                    "max_intelligence",
                    "final_power_share_humans",
                    "output_growth",
                    "n_escapes",
                )
                row.update(dict(zip(keys, values, strict=True)))
            rows.append(row)
    return pl.DataFrame(rows, infer_schema_length=None)


def test_counts_and_proportions_use_finished_runs_only():
    """Failed runs are counted but left out of every measure."""
    table = summarise(runs_frame(), 2, baseline=0)
    first, second = table.row(0, named=True), table.row(1, named=True)
    assert (first["runs"], first["failed"], second["runs"], second["failed"]) == (4, 0, 4, 1)
    assert first["takeover_probability"] == 0.5
    p, low, high = wilson_interval(1, 3)
    assert (second["takeover_probability"], second["takeover_probability_low"]) == (p, low)
    assert second["takeover_probability_high"] == high
    assert second["escape_probability"] == pytest.approx(1 / 3)


def test_medians_and_means_of_each_arm():
    """Medians (takeover year among takeovers) and means read the right columns."""
    row = summarise(runs_frame(), 2).row(0, named=True)
    assert row["median_takeover_year"] == 15.0
    assert row["median_max_intelligence"] == 3.5
    assert row["mean_human_power_share"] == pytest.approx(0.575)
    assert row["mean_output_growth"] == pytest.approx(1.05)
    assert "diff_takeover_probability" not in summarise(runs_frame(), 2).columns


def test_differences_are_paired_by_replicate():
    """Differences use the replicates finished in both arms, matched by replicate."""
    row = summarise(runs_frame(), 2, baseline=0).row(1, named=True)
    assert row["pairs"] == 3
    expected = paired_proportion_difference([False, True, False], [True, True, False])
    assert row["diff_takeover_probability"] == pytest.approx(expected[0])
    assert row["diff_takeover_probability_low"] == pytest.approx(expected[1])
    # max intelligence differences: 2-5, 3-7, 1-1 -> median -3
    assert row["diff_median_max_intelligence"] == -3.0
    # human share differences: 0.4, 0.1, 0.0 -> mean 0.1667
    assert row["diff_mean_human_power_share"] == pytest.approx(0.5 / 3)
    # takeover year: only replicate 1 took over in both arms: 30 - 20
    assert row["diff_median_takeover_year"] == 10.0


def test_baseline_has_no_difference_from_itself():
    """The baseline's diff columns are null, not a spurious interval."""
    row = summarise(runs_frame(), 2, baseline=0).row(0, named=True)
    assert all(row[f"diff_{m.name}"] is None for m in MEASURES)


def test_all_failed_arm_gives_nulls_not_errors():
    """An arm (or a whole experiment) with no finished run summarises to nulls."""
    failed = pl.DataFrame(
        {
            "cell": [0, 0],
            "replicate": [0, 1],
            "seed": [1, 2],
            "status": ["failed"] * 2,
            "error": ["E: x"] * 2,
        }
    )
    row = summarise(failed, 1).row(0, named=True)
    assert (row["runs"], row["failed"], row["takeover_probability"]) == (2, 2, None)
