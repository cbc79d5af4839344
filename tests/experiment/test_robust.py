"""Robustness measures on a table worked by hand."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from agi_economy.cli import main
from agi_economy.experiment.robust import measures, quantile_interval, regrets, robust
from agi_economy.experiment.stats import mean_interval, median_interval, wilson_interval
from tests.experiment.fake_exploration import write_exploration

TABLE = {
    "none": [1.0, 0.5, 1.0],
    "A": [0.5, 0.0, 1.0],
    "B": [0.0, 1.0, 0.5],
}
"""P(takeover) of three policies at three points (two replicates each)."""
# Worked by hand: the best at each point is 0.0, 0.0, 0.5, so the regrets are
# none 1.0, 0.5, 0.5 (max 1.0); A 0.5, 0.0, 0.5 (max 0.5); B 0.0, 1.0, 0.0 (max 1.0).
# Expected: none 2.5/3, A 1.5/3, B 1.5/3. Below 0.1: none 0 of 3, A 1, B 1.
# 90th percentile (linear): none of 0.5, 1, 1 is 1.0; A and B of 0, 0.5, 1 are 0.9.


def _runs() -> pl.DataFrame:
    rows = []
    for policy, values in TABLE.items():
        for point, p in enumerate(values):
            for replicate, took in enumerate([p >= 0.5, p >= 1.0]):
                rows.append({"policy": policy, "point": point, "replicate": replicate,
                             "seed": replicate, "x": point / 2, "takeover": took})  # fmt: skip
    return pl.DataFrame(rows)


def test_regret_matches_the_hand_worked_table():
    """Regret is the shortfall from the best policy at each point, and its max ranks."""
    values = np.array(list(TABLE.values()))
    assert regrets(values, maximize=False).tolist() == [
        [1.0, 0.5, 0.5],
        [0.5, 0.0, 0.5],
        [0.0, 1.0, 0.0],
    ]
    got = measures(values, maximize=False, threshold=0.1, percentile=90)
    assert got["max_regret"].tolist() == [1.0, 0.5, 1.0]
    assert got["expected"] == pytest.approx([2.5 / 3, 0.5, 0.5])
    assert got["satisficing"] == pytest.approx([0.0, 1 / 3, 1 / 3])
    assert got["percentile"] == pytest.approx([1.0, 0.9, 0.9])


def test_maximising_turns_the_table_around():
    """For an outcome to maximise, regret is the shortfall below the best value."""
    values = np.array([[0.2, 0.9], [0.5, 0.4]])
    assert regrets(values, maximize=True) == pytest.approx(np.array([[0.3, 0.0], [0.0, 0.5]]))
    got = measures(values, maximize=True, threshold=0.45, percentile=90)
    assert got["satisficing"] == pytest.approx([0.5, 0.5])
    assert got["percentile"] == pytest.approx([0.27, 0.41])  # the 10th percentile


def test_robust_over_a_folder_ranks_by_minimax_regret(tmp_path):
    """robust reads the runs, reproduces the hand-worked measures, and ranks A first."""
    folder = write_exploration(tmp_path / "ex", _runs(), {"x": (0.0, 1.0)})
    result = robust(folder, resamples=200)
    table = {r["policy"]: r for r in result.table.iter_rows(named=True)}
    assert result.table["policy"][0] == "A"
    assert table["A"]["rank_regret"] == 1
    assert table["none"]["rank_regret"] == table["B"]["rank_regret"] == 2
    assert table["none"]["expected"] == pytest.approx(2.5 / 3)
    assert table["B"]["max_regret"] == pytest.approx(1.0)
    none = table["none"]
    mean, low, high = mean_interval(TABLE["none"])
    assert high > 1.0  # Student's t reaches past what a probability can be ...
    assert (none["expected"], none["expected_low"], none["expected_high"]) == pytest.approx(
        (mean, low, 1.0)  # ... so the interval is cut at 1
    )
    for row in table.values():
        assert 0.0 <= row["expected_low"] <= row["expected"] <= row["expected_high"] <= 1.0
    assert (table["A"]["satisficing_low"], table["A"]["satisficing_high"]) == pytest.approx(
        wilson_interval(1, 3)[1:]
    )
    for row in table.values():
        assert row["max_regret_low"] <= row["max_regret_high"]
    assert (folder / "robust.png").read_bytes()[:4] == b"\x89PNG"


def test_robust_intervals_are_deterministic(tmp_path):
    """The bootstrap draws come from the exploration's seed: two calls agree exactly."""
    folder = write_exploration(tmp_path / "ex", _runs(), {"x": (0.0, 1.0)})
    first = robust(folder, resamples=50, plot=False).table
    assert robust(folder, resamples=50, plot=False).table.equals(first)


def test_robust_cli_prints_the_ranking(tmp_path, capsys):
    """The command prints every policy with its intervals; a bad percentile exits 2."""
    folder = write_exploration(tmp_path / "ex", _runs(), {"x": (0.0, 1.0)})
    assert main(["robust", str(folder), "--resamples", "50"]) == 0
    text = capsys.readouterr().out
    assert all(p in text for p in TABLE)
    assert "max regret" in text
    assert main(["robust", str(folder), "--percentile", "40"]) == 2


@pytest.mark.parametrize("n", [6, 7, 10, 25, 64])
def test_the_quantile_interval_at_one_half_is_the_median_interval(n):
    """At q = 0.5 the order-statistic interval equals the sign-test interval of the median."""
    values = np.random.default_rng(n).normal(size=n)
    assert quantile_interval(values, 0.5) == pytest.approx(median_interval(values)[1:])


def test_a_high_quantile_of_few_points_has_no_upper_bound():
    """Of 32 points, no order statistic bounds the 90th percentile from above at 95%."""
    low, high = quantile_interval(np.arange(32.0), 0.9)
    assert high is None
    assert low == pytest.approx(24.0)  # rank 25: smallest l with P(B <= l) >= 0.025
