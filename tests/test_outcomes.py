"""Takeoff measures: Bostrom's years to superintelligence and Christiano's slow-takeoff test."""

from __future__ import annotations

import numpy as np
import pytest

from agi_economy.outcomes import bostrom_takeoff_years, christiano_slow, first_doubling_end


def test_first_doubling_end_finds_the_first_window():
    """The first step whose output is at least twice the output one window earlier."""
    y = [1, 1, 1.5, 2, 3, 6]
    assert first_doubling_end(y, 2) == 3
    assert first_doubling_end(y, 1) == 5  # 3 -> 6; 1.5 -> 2 and 2 -> 3 fall short
    assert first_doubling_end(y[:-1], 1) is None
    assert first_doubling_end([1, 2], 1) == 1


@pytest.mark.parametrize("y", [[], [1.0], [1.0, 1.5], [0.0, 0.0, 5.0]])
def test_no_doubling(y):
    """Too short, never doubling, or starting from zero output: None."""
    assert first_doubling_end(y, 1 if len(y) != 3 else 2) is None


def test_window_must_be_positive():
    """A window shorter than one step never doubles."""
    assert first_doubling_end([1, 4, 16], 0) is None


def _monthly(rate_per_year):
    return np.exp(np.concatenate([[0.0], np.cumsum(np.asarray(rate_per_year) / 12.0)]))


def test_smoothly_accelerating_output_is_slow():
    """Growth rising smoothly to fast rates completes a 4-year doubling first: slow."""
    years = np.arange(480) / 12.0
    assert christiano_slow(_monthly(0.02 + 0.03 * years), 12) is True


def test_sudden_jump_is_fast():
    """Flat growth then a sudden tripling: the first 1-year and 4-year doublings end together."""
    rate = np.full(240, 0.01)
    rate[200:203] = 4.0 * np.log(3.0)
    assert christiano_slow(_monthly(rate), 12) is False


def test_one_year_doubling_first_is_fast():
    """A 1-year doubling that ends before any 4-year doubling: fast."""
    y = [1.0] * 60 + [2.0] * 10
    assert christiano_slow(y, 12) is False


def test_only_four_year_doublings_is_slow():
    """Steady 20% a year doubles within 4 years but never within one: slow."""
    assert christiano_slow(_monthly(np.full(120, 0.2)), 12) is True


def test_flat_output_is_undecided():
    """Output that never doubles decides nothing: None."""
    assert christiano_slow(np.ones(200), 12) is None


def test_quarterly_steps():
    """With 3-month steps the windows are 4 and 16 steps."""
    y = 1.2 ** (np.arange(60) / 4.0)  # 20% a year, quarterly
    assert christiano_slow(y, 4) is True
    assert first_doubling_end(y, 16) == 16


def test_bostrom_years_from_human_level_to_superhuman():
    """Years from the first step at I >= 1 to the first at the superhuman bound."""
    series = [0.5, 0.8, 1.0, 1.4, 2.0, 2.9, 3.0, 10.0]
    assert bostrom_takeoff_years(series, 1.0, 3.0, 0.25) == pytest.approx(1.0)


def test_bostrom_never_superhuman_is_none():
    """A run that stays below the superhuman band has no Bostrom takeoff time."""
    assert bostrom_takeoff_years([0.5, 1.5, 2.9], 1.0, 3.0, 1.0) is None


def test_bostrom_starting_above_human_level_counts_from_step_zero():
    """A series that starts above human level counts from its first step."""
    assert bostrom_takeoff_years([1.2, 2.0, 4.0], 1.0, 3.0, 1.0) == 2.0


def test_bostrom_jump_straight_to_superhuman_is_zero_years():
    """Crossing human level and the superhuman bound in one step is a zero-year takeoff."""
    assert bostrom_takeoff_years([0.5, 0.5, 50.0], 1.0, 3.0, 1 / 12) == 0.0
