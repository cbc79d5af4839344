"""Boxes, escape, the few-shot world, audits, recapture and auditor capacity."""

import inspect
import math
import sys

import numpy as np
import pytest

from agi_economy import containment as c
from agi_economy import simulate
from agi_economy.scenario import builtin_names


def test_the_model_runs_every_function_of_the_module():
    """No containment function is presented as the model's without the model calling it."""
    public = {
        name
        for name, f in inspect.getmembers(c, inspect.isfunction)
        if f.__module__ == c.__name__ and not name.startswith("_")
    }
    called: set[str] = set()

    def record(frame, event, _arg):
        if event == "call" and frame.f_code.co_filename == c.__file__:
            called.add(frame.f_code.co_name)

    for name in builtin_names():
        sys.setprofile(record)
        try:
            simulate(name, seed=1, humans__count=200)
        finally:
            sys.setprofile(None)
    assert public - called == set()


def test_escape_probability_shape():
    """Escape chance is ``scale`` at I = B, rises with the lead and is cut by myopia."""
    assert c.escape_probability(2.0, 2.0, 0.25, 0.2, 0.0) == pytest.approx(0.2)
    leads = c.escape_probability([0.5, 1.0, 2.0, 4.0, 50.0], 2.0, 0.25, 0.2, 0.0)
    assert np.all(np.diff(leads) > 0)
    assert leads[-1] == pytest.approx(1.0)
    assert leads[0] < 1e-3
    assert c.escape_probability(3.0, 2.0, 0.25, 0.2, 1.0) == 0.0
    half = c.escape_probability(3.0, 2.0, 0.25, 0.2, 0.5)
    assert half == pytest.approx(0.5 * c.escape_probability(3.0, 2.0, 0.25, 0.2, 0.0))


def test_logistic_has_no_overflow():
    """The logistic stays finite and exact at extreme arguments."""
    with np.errstate(over="raise", invalid="raise"):
        values = c.logistic([-1e308, -800.0, 0.0, 800.0, 1e308])
    assert values == pytest.approx([0.0, 0.0, 0.5, 1.0, 1.0])


@pytest.mark.parametrize(("eps", "n"), [(0.02, 10), (0.1, 5), (0.3, 2)])
def test_first_box_failure_matches_the_few_shot_law(eps, n):
    """Over many draws the box holds through n iterations at rate (1 - eps)^n."""
    rng = np.random.default_rng(11)
    draws = 20_000
    held = sum(c.first_box_failure(eps, n, rng) == 0 for _ in range(draws))
    p = (1 - eps) ** n
    assert held / draws == pytest.approx(p, abs=4 * math.sqrt(p * (1 - p) / draws))


def test_first_box_failure_names_a_valid_iteration():
    """A failure falls on an iteration between 1 and n; eps = 0 never fails."""
    rng = np.random.default_rng(0)
    shots = [c.first_box_failure(0.5, 4, rng) for _ in range(500)]
    assert set(shots) <= {0, 1, 2, 3, 4}
    assert all(c.first_box_failure(0.0, 100, rng) == 0 for _ in range(100))


def test_detection_falls_with_capability_gap():
    """Detection is q below the auditor's level and q exp(-g gap) above it."""
    got = c.detection_probability(0.6, [0.5, 1.0, 2.0, 4.0], 1.0, 0.5)
    assert got == pytest.approx([0.6, 0.6, 0.6 * math.exp(-0.5), 0.6 * math.exp(-1.5)])


def test_recapture_needs_power_and_a_small_gap():
    """Recapture is r/2 at equal power, towards r when people dominate, cut by the gap."""
    assert c.recapture_probability(0.2, 10.0, 10.0, 1.0) == pytest.approx(0.1)
    assert c.recapture_probability(0.2, 1e6, 0.0, 1.0) == pytest.approx(0.2)
    assert c.recapture_probability(0.2, 0.0, 1e6, 1.0) == pytest.approx(0.0)
    assert c.recapture_probability(0.2, 10.0, 10.0, 1.0, 2.0, 1.0) == pytest.approx(
        0.1 * math.exp(-2.0)
    )


@pytest.mark.parametrize("capacity", [0, 3, 10, 100])
def test_share_capacity_never_exceeds_capacity_or_demand(capacity):
    """Approvals never pass the capacity nor any system's demand, and use all they can."""
    rng = np.random.default_rng(2)
    demands = np.array([4, 0, 7, 2])
    granted = c.share_capacity(demands, capacity, rng)
    assert np.all(granted <= demands)
    assert np.all(granted >= 0)
    assert granted.sum() == min(capacity, demands.sum())
