"""Interval estimates against closed forms, published examples and SciPy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from agi_economy.experiment import stats as ours
from agi_economy.experiment.stats import (
    mean_interval,
    median_interval,
    paired_proportion_difference,
    wilson_interval,
)


@pytest.mark.parametrize(("k", "n"), [(0, 1), (0, 10), (3, 10), (5, 10), (10, 10), (17, 40)])
def test_wilson_matches_scipy(k, n):
    """The Wilson interval equals SciPy's binomtest Wilson interval."""
    p, low, high = wilson_interval(k, n)
    ref = stats.binomtest(k, n).proportion_ci(0.95, method="wilson")
    assert p == k / n
    assert low == pytest.approx(ref.low, abs=1e-12)
    assert high == pytest.approx(ref.high, abs=1e-12)


def test_wilson_is_exact_at_the_ends_and_empty_without_runs():
    """0 of n has lower bound exactly 0, n of n upper bound exactly 1; n = 0 gives None."""
    assert wilson_interval(0, 7)[1] == 0.0
    assert wilson_interval(7, 7)[2] == 1.0
    assert wilson_interval(0, 0) == (None, None, None)
    with pytest.raises(ValueError, match="successes"):
        wilson_interval(3, 2)


@pytest.mark.parametrize("p", [0.05, 0.3, 0.5])
def test_wilson_coverage_is_near_nominal(p):
    """Exact coverage (summed over the binomial) of the 95% interval is within 0.93-0.985."""
    n = 40
    coverage = sum(
        stats.binom.pmf(k, n, p)
        for k in range(n + 1)
        if wilson_interval(k, n)[1] <= p <= wilson_interval(k, n)[2]
    )
    assert 0.93 <= coverage <= 0.985


@pytest.mark.parametrize("n", [6, 7, 10, 31, 100])
def test_median_interval_matches_scipy_order_statistics(n):
    """The median interval equals SciPy's quantile_test interval for the median."""
    x = np.random.default_rng(n).lognormal(size=n)
    median, low, high = median_interval(x)
    ref = stats.quantile_test(x, q=1.0, p=0.5).confidence_interval(0.95)
    assert median == np.median(x)
    assert (low, high) == (ref.low, ref.high)


def test_median_interval_needs_six_values_and_ignores_missing():
    """Five values have no 95% interval; None and non-finite values are dropped."""
    assert median_interval([1, 2, 3, 4, 5]) == (3.0, None, None)
    assert median_interval([None, 1.0, math.inf]) == (1.0, None, None)
    assert median_interval([]) == (None, None, None)


def test_mean_interval_matches_scipy_t():
    """The mean interval equals SciPy's one-sample t interval."""
    x = np.random.default_rng(3).normal(2.0, 1.5, size=25)
    mean, low, high = mean_interval(x)
    ref = stats.ttest_1samp(x, 0.0).confidence_interval(0.95)
    assert mean == pytest.approx(x.mean())
    assert (low, high) == (pytest.approx(ref.low), pytest.approx(ref.high))
    assert mean_interval([4.0]) == (4.0, None, None)


def test_newcombe_paired_interval_matches_published_example():
    """Fagerland, Lydersen & Laake's paired example (59, 6, 16, 80): -0.0621 (-0.1186, -0.0046)."""
    first = [True] * 65 + [False] * 96
    second = [True] * 59 + [False] * 6 + [True] * 16 + [False] * 80
    d, low, high = paired_proportion_difference(first, second)
    assert d == pytest.approx(-0.0621, abs=5e-5)
    assert low == pytest.approx(-0.1186, abs=5e-5)
    assert high == pytest.approx(-0.0046, abs=5e-5)


def test_paired_interval_is_sane_on_edge_cases():
    """Identical pairs give 0 inside its interval; all-versus-none stays within [-1, 1]."""
    same = [True, False] * 10
    d, low, high = paired_proportion_difference(same, same)
    assert d == 0.0
    assert low < 0.0 < high
    d, low, high = paired_proportion_difference([True] * 12, [False] * 12)
    assert d == 1.0
    assert 0.0 < low < 1.0
    assert high == 1.0
    assert paired_proportion_difference([], []) == (None, None, None)


def test_pairing_narrows_the_interval_when_outcomes_agree():
    """Positively correlated pairs give a narrower interval than the same margins unpaired."""
    rng = np.random.default_rng(0)
    a = rng.random(60) < 0.5
    b = a.copy()
    b[:6] = ~b[:6]  # mostly the same outcome in both arms
    paired = paired_proportion_difference(a, b)
    shuffled = paired_proportion_difference(a, rng.permutation(b))
    assert paired[2] - paired[1] < shuffled[2] - shuffled[1]


@pytest.mark.parametrize("confidence", [0.5, 0.8, 0.9, 0.95, 0.99, 0.999])
def test_quantiles_are_scipy_distributions_bit_for_bit(confidence):
    """The special functions called directly give exactly what scipy.stats gives."""
    q = 0.5 + confidence / 2.0
    assert ours._norm_ppf(q) == float(stats.norm.ppf(q))
    for df in (1, 2, 5, 31, 127, 1000):
        assert ours._t_ppf(q, df) == float(stats.t.ppf(q, df))
    for n in (1, 2, 6, 7, 32, 33, 128, 1000):
        j = ours._binom_ppf((1.0 - confidence) / 2.0, n)
        assert j == int(stats.binom.ppf((1.0 - confidence) / 2.0, n, 0.5))
        assert ours._binom_cdf(j, n) == float(stats.binom.cdf(j, n, 0.5))


def test_intervals_do_not_import_scipy_stats():
    """Every interval of a comparison is computed without importing scipy.stats."""
    import subprocess
    import sys

    code = (
        "import sys; from agi_economy.experiment.stats import *; "
        "wilson_interval(3, 10); median_interval(list(range(32))); mean_interval([1.0, 2.0]); "
        "paired_proportion_difference([True, False], [False, False]); "
        "print('scipy.stats' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
