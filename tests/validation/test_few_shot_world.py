"""The few-shot alignment world: the box holds through n iterations with chance (1 - eps)^n."""

from __future__ import annotations

import math

import numpy as np
import pytest

from agi_economy.containment import first_box_failure
from agi_economy.validation.world_cases import escape_times


@pytest.mark.parametrize(("eps", "n"), [(0.05, 20), (0.2, 5), (0.01, 100)])
def test_first_box_failure_is_geometric(eps, n):
    """Over 20,000 draws the first failure falls at iteration j with chance (1-eps)^(j-1) eps."""
    rng = np.random.default_rng(17)
    draws = 20_000
    shots = np.array([first_box_failure(eps, n, rng) for _ in range(draws)])
    assert shots.min() >= 0
    assert shots.max() <= n
    for j, p in ((0, (1 - eps) ** n), (1, eps), (2, (1 - eps) * eps)):
        se = math.sqrt(p * (1 - p) / draws)
        assert abs((shots == j).mean() - p) <= 4 * se


@pytest.mark.parametrize(("eps", "n"), [(0.0, 10), (0.5, 0)])
def test_no_failure_without_chance_or_iterations(eps, n):
    """With eps = 0 or no iterations the box never fails."""
    rng = np.random.default_rng(0)
    assert all(first_box_failure(eps, n, rng) == 0 for _ in range(200))


def test_escapes_in_the_model_follow_one_minus_survival():
    """A lone misaligned boxed AGI escapes by step t with chance 1 - (1 - eps)^(m t), 400 seeds."""
    eps, per_step, seeds = 0.1, 1, 400
    times = escape_times(seeds, eps, per_step, steps=12)
    for t in (1, 3, 6, 12):
        p = 1 - (1 - eps) ** (per_step * t)
        se = math.sqrt(p * (1 - p) / seeds)
        assert abs((times <= t).mean() - p) <= 4 * se, t


def test_no_escape_without_iteration_failure():
    """With eps = 0, a box it cannot outgrow and no escape drive, nothing escapes."""
    assert (escape_times(50, 0.0, 3, steps=10) == 11).all()
