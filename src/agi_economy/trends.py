"""Published economy and hardware trends behind the schema's defaults, as monthly rates.

Each figure is typed once here, with where it stands in its source, and converted to
the schema's per-month units by a function the tests check against the figure itself:

- World output: Piketty (2014), *Capital in the Twenty-First Century*, table 2.1
  ("World growth since the Industrial Revolution"): between 1913 and 2012 world GDP
  grew 3.0% a year on average (1.4% population, 1.6% per capita). The model holds the
  number of people fixed, so their productivity carries the whole 3.0%.
- Hardware: Hobbhahn and Besiroglu (2022), "Trends in GPU price-performance" (Epoch AI),
  table 1, "Our dataset (n=470)": FLOP/s per dollar doubles every 2.46 years
  (95% interval 2.24 to 2.72).
"""

from __future__ import annotations

import math

WORLD_OUTPUT_GROWTH_PER_YEAR = 0.030
"""Average growth of world GDP 1913-2012 (Piketty 2014, table 2.1) [1/year]."""

PRICE_PERFORMANCE_DOUBLING_YEARS = 2.46
"""Doubling time of GPU FLOP/s per dollar (Hobbhahn and Besiroglu 2022, table 1) [years]."""


def continuous_monthly_rate(growth_per_year: float) -> float:
    """The continuous monthly rate g with exp(12 g) = 1 + growth per year [1/month]."""
    return math.log1p(growth_per_year) / 12.0


def monthly_price_fall(doubling_years: float) -> float:
    """The share by which a price falls a month when what it buys doubles every T years."""
    return -math.expm1(-math.log(2.0) / (12.0 * doubling_years))


HUMAN_OUTPUT_GROWTH = continuous_monthly_rate(WORLD_OUTPUT_GROWTH_PER_YEAR)
"""Default ``economy.human_output_growth`` [1/month]."""

COMPUTE_PRICE_DECLINE = monthly_price_fall(PRICE_PERFORMANCE_DOUBLING_YEARS)
"""Default ``economy.compute_price_decline`` [1/month]."""
