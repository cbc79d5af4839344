"""Per-run parameter draws: one draw per replicate, paired across arms, seeded, resumable."""

from __future__ import annotations

import math

import polars as pl
import pytest

from agi_economy.experiment import StoreError, execute
from agi_economy.experiment.compare import base_scenario, comparison_cells
from agi_economy.experiment.draws import ParameterDraws, draw_column
from agi_economy.experiment.executors import ProcessExecutor
from agi_economy.experiment.runner import Experiment

K = "agis.growth.k"
POOL = ParameterDraws.from_arrays({K: [0.5, 0.8, 1.1, 1.3, 1.6]}, label="test pool")


def _experiment(replicates: int, draws: ParameterDraws = POOL, seed: int = 5) -> Experiment:
    _, base = base_scenario("foom", {"humans__count": 100, "meta__steps": 30})
    cells = comparison_cells(["pause:above=1.5"], base)
    return Experiment("forecast", base, cells, replicates, seed, draws=draws)


def test_a_replicates_draw_depends_on_seed_and_index_only():
    """Adding replicates keeps the earlier draws; another seed gives other draws."""
    few = [POOL.index_of(3, r) for r in range(10)]
    many = [POOL.index_of(3, r) for r in range(40)]
    assert many[:10] == few
    assert set(many) == set(range(POOL.size))  # every draw of the pool is reachable
    assert [POOL.index_of(4, r) for r in range(40)] != many


def test_digest_changes_with_any_value():
    """Two pools that differ in one value have different identities."""
    other = ParameterDraws.from_arrays({K: [0.5, 0.8, 1.1, 1.3, 1.6000001]})
    assert POOL.digest() != other.digest()
    assert POOL.digest() == ParameterDraws.from_arrays({K: [0.5, 0.8, 1.1, 1.3, 1.6]}).digest()


@pytest.mark.parametrize("bad", [{}, {K: []}, {K: [1.0], "x": [1.0, 2.0]}, {K: [math.nan]}])
def test_bad_pools_are_refused(bad):
    """Empty pools, fields of unequal length and non-finite values are refused."""
    with pytest.raises(ValueError, match="draws"):
        ParameterDraws.from_arrays(bad)


def test_each_run_uses_its_replicates_draw_in_every_arm(tmp_path):
    """Run r of every arm has the value the pool assigns to r, and the run obeys it."""
    runs = execute(_experiment(8), tmp_path / "a")
    expected = [POOL.columns[K][POOL.index_of(5, r)] for r in range(8)]
    for cell in (0, 1):
        mine = runs.filter(pl.col("cell") == cell).sort("replicate")
        assert mine[draw_column(K)].to_list() == expected
    base = runs.filter(pl.col("cell") == 0).sort("replicate")
    # criticality: every gain is k times the last, so the k a run shows is the k it drew,
    # to the rounding of gains that shrink geometrically (about 1e-9 of k at k = 0.5)
    for drawn, shown in zip(base[draw_column(K)], base["k_hat"], strict=True):
        assert shown == pytest.approx(drawn, rel=1e-7)


def test_serial_and_process_executors_give_identical_runs(tmp_path):
    """The same experiment with draws writes the same runs in one process or a pool of two."""
    serial = execute(_experiment(6), tmp_path / "serial")
    pool = ProcessExecutor(2)
    try:
        parallel = execute(_experiment(6), tmp_path / "process", pool, chunk_size=2)
    finally:
        pool.close()
    assert parallel.equals(serial)


def test_resume_adds_replicates_and_refuses_another_pool(tmp_path):
    """Resumed with more replicates, the folder ends as a fresh run; another pool is refused."""
    folder = tmp_path / "grow"
    execute(_experiment(3), folder)
    grown = execute(_experiment(6), folder, resume=True)
    fresh = execute(_experiment(6), tmp_path / "fresh")
    assert grown.equals(fresh)
    other = ParameterDraws.from_arrays({K: [0.9, 1.0, 1.2]})
    with pytest.raises(StoreError, match="draws"):
        execute(_experiment(6, other), folder, resume=True)
