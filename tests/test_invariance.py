"""Results a researcher can trust: the step length and the head count change nothing.

Every rate is per month (``agi_economy.clock``) and nothing is a head-count, so the
same world at 1, 2 or 3 months per step, or with 300, 1,000 or 10,000 people, gives
the same outcome distributions at the same calendar horizon, within sampling error.
The tolerances are four standard errors of the difference of two independent means:
a test that a correct model fails about once in 15,000 seed sets, while the
per-step and per-head rates these tests replaced moved the outcomes by 10 to 30
standard errors.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from agi_economy.clock import Clock
from agi_economy.run import simulate

SEEDS = range(16)


def outcomes(world: str, **overrides) -> dict[str, np.ndarray]:
    """Per-seed outcomes of a world: log max intelligence, human power share, takeover year."""
    rows = [simulate(world, seed=s, **overrides).summary for s in SEEDS]
    horizon = rows[0]["horizon_years"]
    return {
        "log_max_intelligence": np.log([r["max_intelligence"] for r in rows]),
        "human_share": np.array([r["final_power_share_humans"] for r in rows]),
        "takeover_year": np.array(
            [r["takeover_year"] if r["takeover"] else horizon for r in rows], dtype=float
        ),
    }


def assert_same_distribution(a: dict, b: dict) -> None:
    """Means of every outcome agree within four standard errors of their difference."""
    for name in a:
        x, y = a[name], b[name]
        se = math.sqrt(x.var(ddof=1) / x.size + y.var(ddof=1) / y.size)
        tolerance = 4.0 * se + 1e-9 * max(abs(x.mean()), 1.0)
        assert abs(x.mean() - y.mean()) <= tolerance, (name, x.mean(), y.mean(), se)


def test_clock_compounds_shares_and_allots_iterations_by_calendar_time():
    """A share per month compounds exactly and iterations by any date do not depend on m."""
    for m in (0.5, 1.0, 2.0, 3.0):
        clock = Clock(m)
        assert clock.share(0.1) == pytest.approx(1.0 - 0.9**m, rel=1e-12)
        for rate in (0.5, 1.0, 3.0):
            months = 12.0
            steps = round(months / m)
            assert sum(clock.count(rate, t) for t in range(1, steps + 1)) == round(rate * months)
        # An inflow spread over a step under an outflow: the exact kept share.
        p = 0.02
        lam = -math.log(1 - p)
        assert clock.kept(p) == pytest.approx((1 - math.exp(-lam * m)) / (lam * m), rel=1e-12)


def test_deterministic_growth_follows_the_calendar_at_any_step_length():
    """A lone criticality AGI has the same intelligence at each calendar month for m = 1, 2, 3."""
    world = {
        "meta": {"name": "clock", "steps": 24},
        "humans": {"count": 50},
        "labs": {"count": 1, "training_threshold": 1e9},
        "agis": {"initial_sigma": 0.0, "growth": {"rule": "criticality", "k": 1.1}},
        "containment": {"audit_rate": 0.0, "escape_scale": 0.0},
    }
    paths = {}
    for m in (1, 2, 3):
        steps = 24 // m
        world["meta"].update(months_per_step=float(m), steps=steps)
        frame = simulate(world, seed=1).steps
        months = [round(12 * y) for y in frame["year"]]
        paths[m] = dict(zip(months, frame["max_intelligence"].to_list(), strict=True))
    assert paths[1][24] > 1.5 * paths[1][0]  # it grew
    for month in range(0, 25, 6):
        assert paths[2][month] == pytest.approx(paths[1][month], rel=1e-12)
        assert paths[3][month] == pytest.approx(paths[1][month], rel=1e-12)


@pytest.mark.slow
@pytest.mark.parametrize("world", ["slow_takeoff", "foom", "few_shot"])
def test_step_length_does_not_change_outcomes(world):
    """Ten calendar years at 1, 2 or 3 months per step give the same outcome distributions."""
    monthly = outcomes(world)
    for m in (2, 3):
        other = outcomes(world, meta__months_per_step=float(m), meta__steps=120 // m)
        assert_same_distribution(monthly, other)


@pytest.mark.slow
@pytest.mark.parametrize(("world", "people"), [("foom", 300), ("foom", 10_000), ("few_shot", 300)])
def test_head_count_does_not_change_outcomes(world, people):
    """Worlds of 300, 1,000 (the default) and 10,000 people give the same outcome distributions."""
    assert_same_distribution(outcomes(world), outcomes(world, humans__count=people))
