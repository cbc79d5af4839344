"""The dilemma region of Han et al. (2020): thresholds as published, and labs that show it."""

import polars as pl
import pytest

from agi_economy.race import RaceGame
from agi_economy.run import simulate
from agi_economy.scenario import load_scenario
from agi_economy.validation.han2020 import (
    HAN_CASES,
    dilemma_thresholds,
    han_rows,
    replication_thresholds,
)
from agi_economy.validation.published import reproduce


def test_every_threshold_of_the_replication_is_reproduced():
    """Each threshold from the han2020 scenario lies within its tolerance of the replication's."""
    figures = reproduce("han2020")
    assert [f.name for f in figures] == han_rows()
    failed = [(f.name, f.paper, f.ours) for f in figures if not f.passed]
    assert not failed


def test_unsafe_wins_although_society_prefers_safety_between_the_thresholds():
    """For each speed-up and detection the society threshold lies below where unsafe wins."""
    figures = reproduce("han2020")
    for society, wins in zip(figures[::2], figures[1::2], strict=True):
        assert 0.0 < society.ours < wins.ours < 1.0
        assert 0.0 < society.paper < wins.paper < 1.0


def test_regulation_shrinks_the_region_where_unsafe_wins():
    """Detection of unsafe play lowers the risk below which unsafe wins, in ours and theirs."""
    figures = {f.name: f for f in reproduce("han2020")}
    speedups = sorted({s for s, _ in HAN_CASES})
    for s in speedups:
        bare = figures[f"unsafe wins below risk (s = {s:g}, detection = 0)"]
        policed = figures[f"unsafe wins below risk (s = {s:g}, detection = 0.5)"]
        assert policed.ours < bare.ours
        assert policed.paper < bare.paper


def test_learning_dynamics_approach_risk_dominance_as_labs_grow():
    """The dynamics' crossing tends to the replication's (infinite-population) threshold as 1/Z."""

    def gaps(labs: int) -> list[float]:
        rows = dilemma_thresholds(load_scenario("han2020", labs__count=labs).labs)
        return [abs(ours - paper) for _, paper, ours, _, _ in rows[1::2]]

    small, large = gaps(100), gaps(1000)
    for a, b in zip(small, large, strict=True):
        assert b == pytest.approx(a / 10.0, rel=0.05)


def test_replication_thresholds_agree_with_the_prize_dominated_limit():
    """With b, c -> 0 the replication's thresholds are 1 - 1/s and 1 - 1/(3 s) (on paper)."""
    for s in (1.5, 2.0, 4.0):
        society, dominance = replication_thresholds(1e-12, 0.0, s, 1e4, 100.0, 0.0)
        assert society == pytest.approx(1.0 - 1.0 / s, abs=1e-9)
        assert dominance == pytest.approx(1.0 - 1.0 / (3.0 * s), abs=1e-9)


def test_replication_thresholds_match_the_game_matrix_without_detection():
    """Both closed forms of the replication agree with the thresholds of our matrix."""
    for s in (1.5, 3.0):
        society, dominance = replication_thresholds(4.0, 1.0, s, 1e4, 100.0, 0.0)
        game = RaceGame(s=s)
        assert society == pytest.approx(game.society_threshold(), rel=1e-12)
        assert dominance == pytest.approx(game.risk_dominance_threshold(), rel=1e-12)


def _unsafe_share_at_end(seed: int, risk: float) -> float:
    result = simulate("han2020", seed=seed, humans__count=50, labs__race_risk=risk)
    labs = result.agents.filter(pl.col("kind") == "lab")
    last = labs.filter(pl.col("step") == labs["step"].max())
    unsafe = result.scenario.labs.careless_safety_fraction
    return float((last["safety_fraction"] == unsafe).mean())


def test_labs_of_the_full_model_take_up_unsafe_play_inside_the_dilemma_and_drop_it_above():
    """In the han2020 world, unsafe spreads at a risk inside the region and dies out above it."""
    cfg = load_scenario("han2020").labs
    game = RaceGame(s=cfg.race_speedup, risk=cfg.race_risk)
    assert game.society_threshold() < cfg.race_risk < game.risk_dominance_threshold()
    high = 0.95
    assert high > game.risk_dominance_threshold()
    inside = [_unsafe_share_at_end(seed, cfg.race_risk) for seed in range(1, 7)]
    above = [_unsafe_share_at_end(seed, high) for seed in range(1, 7)]
    assert min(inside) > 0.5, inside
    assert sum(inside) / len(inside) > 0.8, inside
    assert max(above) < 0.1, above
