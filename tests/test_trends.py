"""Published trends become the schema's monthly rates, and runs follow them in closed form."""

import math

import numpy as np
import pytest

from agi_economy import load_scenario, simulate
from agi_economy.trends import continuous_monthly_rate, monthly_price_fall


def test_conversions_reproduce_the_published_figures():
    """A 3.0% year is exp(12 g) = 1.030; a 2.46-year doubling halves the price in 29.52 months."""
    assert math.exp(12 * continuous_monthly_rate(0.030)) == pytest.approx(1.030, rel=1e-12)
    assert (1 - monthly_price_fall(2.46)) ** (12 * 2.46) == pytest.approx(0.5, rel=1e-12)


def test_defaults_are_the_sourced_trends():
    """The default economy grows people's output 3.0% a year and halves compute every 2.46 years."""
    e = load_scenario("fizzle").economy
    assert math.exp(12 * e.human_output_growth) == pytest.approx(1.030, rel=1e-12)
    assert (1 - e.compute_price_decline) ** (12 * 2.46) == pytest.approx(0.5, rel=1e-12)


@pytest.mark.parametrize("months_per_step", [1.0, 6.0])
def test_the_compute_price_halves_every_published_doubling_time(months_per_step):
    """p(t) = p(0) 2^(-t / 2.46 years), at any step length."""
    r = simulate("fizzle", seed=2, humans__count=50, meta__steps=30,
                 meta__months_per_step=months_per_step)  # fmt: skip
    price = r.steps["compute_price"].to_numpy()
    years = r.steps["year"].to_numpy()
    assert price == pytest.approx(price[0] * np.power(2.0, -years / 2.46), rel=1e-9)
