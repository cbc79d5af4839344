"""Takeoff definitions on hand-made series: Christiano's slow-takeoff test, Bostrom's years."""

from __future__ import annotations

import numpy as np
import pytest

from agi_economy.outcomes import bostrom_takeoff_years, christiano_slow
from agi_economy.scenario.schema import AgisConfig
from agi_economy.validation.world_cases import bostrom_series, fast_series, slow_series


def test_accelerating_economy_passes_christiano():
    """Output growth rising smoothly to 100% a year completes a 4-year doubling first."""
    assert christiano_slow(slow_series(), 12) is True


def test_foom_fails_christiano():
    """2% a year, then tripling in six months: no 4-year doubling completes first."""
    assert christiano_slow(fast_series(), 12) is False


def test_hand_made_yearly_series():
    """Yearly output: doublings in 4 years (years 0-4) long before one in 1 year."""
    slow = [100, 115, 132, 152, 200, 260, 340, 450, 620, 900, 1900]
    fast = [100, 102, 104, 106, 108, 110, 112, 300, 900]
    assert christiano_slow(slow, 1) is True
    assert christiano_slow(fast, 1) is False


def test_bostrom_years_on_hand_made_series():
    """Par-human at step 24 and superhuman at step 60, monthly: a 3-year takeoff."""
    series, superhuman = bostrom_series()
    assert superhuman == AgisConfig().superhuman
    assert np.flatnonzero(series >= 1.0)[0] == 24
    assert bostrom_takeoff_years(series, 1.0, superhuman, 1 / 12) == pytest.approx(3.0)
