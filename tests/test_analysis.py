"""The k estimator: regimes, intervals, coverage and its use on agent frames."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest

from agi_economy.analysis import (
    KEstimate,
    agi_gain_series,
    estimate_from_stats,
    estimate_k,
    k_by_agent,
    log_ratios,
    pooled_k,
    regime_of,
    successive_gains,
)
from agi_economy.growth.base import GAIN_RESOLUTION

KS = (0.7, 0.9, 1.0, 1.1, 1.4)


def _process_noise(k: float, n: int, sigma: float, rng: np.random.Generator) -> np.ndarray:
    """D_{n+1} = k D_n exp(sigma eps): the ratio estimator's model."""
    return 0.02 * np.exp(np.cumsum(math.log(k) + sigma * rng.standard_normal(n)))


def _gain_noise(k: float, n: int, sigma: float, rng: np.random.Generator) -> np.ndarray:
    """G_n = G_1 k^(n-1) exp(sigma eps_n): the trend estimator's model."""
    return 0.02 * k ** np.arange(n) * np.exp(sigma * rng.standard_normal(n))


def _coverage(method: str, noise, sequences: int = 2000, seed: int = 11) -> float:
    rng = np.random.default_rng(seed)
    hits = 0
    for k in rng.choice(KS, sequences):
        est = estimate_k(noise(k, 20, 0.25, rng), method=method)
        hits += est.low <= k <= est.high
    return hits / sequences


@pytest.mark.parametrize(
    ("k", "regime"),
    [(0.5, "fizzle"), (0.9, "fizzle"), (1.0, "combustion"), (1.1, "explosion"), (2.0, "explosion")],
)
@pytest.mark.parametrize("method", ["ratio", "trend"])
def test_noiseless_gains_give_k_and_its_regime(k, regime, method):
    """Geometric gains without noise recover k exactly and name its regime."""
    est = estimate_k(0.01 * k ** np.arange(30), method=method)
    assert est.k == pytest.approx(k, rel=1e-12)
    assert est.regime == regime
    assert est.low <= k <= est.high or est.low == pytest.approx(k, rel=1e-12)


def test_combustion_survives_rounding_of_differenced_gains():
    """Gains read off a linear path (k = 1, rounded by subtraction) are combustion."""
    for start in (0.3, 0.4, 0.7, 1.1, 123.456):
        path = start + 0.013 * np.arange(200)
        assert estimate_k(np.diff(path)).regime == "combustion"


def test_ratio_interval_covers_true_k_at_nominal_rate():
    """Over 2,000 sequences with noise in the process, the 95% interval covers k 95% +/- 1.5%."""
    assert 0.935 <= _coverage("ratio", _process_noise) <= 0.965


def test_trend_interval_covers_true_k_at_nominal_rate():
    """Over 2,000 sequences with noise on each gain, the trend interval covers k 95% +/- 1.5%."""
    assert 0.935 <= _coverage("trend", _gain_noise) <= 0.965


def test_ratio_interval_is_conservative_under_gain_noise():
    """With noise on each gain the ratio interval is valid but too wide (why trend exists)."""
    assert _coverage("ratio", _gain_noise, sequences=500) > 0.99


def test_interval_widens_with_level():
    """A 99% interval contains the 90% interval of the same gains."""
    gains = _process_noise(1.05, 40, 0.3, np.random.default_rng(2))
    narrow, wide = estimate_k(gains, level=0.9), estimate_k(gains, level=0.99)
    assert wide.low < narrow.low < narrow.k < narrow.high < wide.high
    assert (narrow.level, wide.level) == (0.9, 0.99)


def test_estimate_from_stats_matches_estimate_k():
    """Running sums of log ratios give the same estimate as the ratios themselves."""
    gains = _process_noise(0.95, 50, 0.2, np.random.default_rng(5))
    r = log_ratios(gains)
    assert estimate_from_stats(r.size, r.sum(), (r * r).sum()) == estimate_k(gains)


def test_iterations_per_gain_give_k_per_iteration():
    """Gains over m iterations each estimate k per iteration, not per step."""
    gains = 0.01 * 1.1 ** (3 * np.arange(20))
    est = estimate_k(gains, iterations=[3] * 20)
    assert est.k == pytest.approx(1.1, rel=1e-12)
    assert estimate_k(gains, iterations=[3] * 20, method="trend").k == pytest.approx(1.1)


def test_pairs_with_unequal_iterations_or_bad_gains_are_skipped():
    """Ratios need two positive finite gains over the same number of iterations."""
    gains = [0.1, 0.08, 0.0, 0.05, 0.04, math.inf, 0.03, -1.0, 0.02, 0.016]
    iters = [1, 1, 1, 1, 1, 1, 1, 1, 1, 2]
    r = log_ratios(gains, iters)
    assert r.size == 2
    assert np.allclose(np.exp(r), 0.8)


@pytest.mark.parametrize(
    ("gains", "n", "regime"),
    [
        ([], 0, "unknown"),
        ([0.1], 0, "unknown"),
        ([0.0, 0.0, 0.0], 0, "unknown"),
        ([0.1, 0.05], 1, "fizzle"),
    ],
)
def test_too_little_data(gains, n, regime):
    """Without ratios k is None; with one ratio there is an estimate but no interval."""
    est = estimate_k(gains)
    assert (est.n, est.regime, est.low, est.high) == (n, regime, None, None)
    assert (est.k is None) == (n == 0)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"level": 1.0}, "level"),
        ({"level": 0.0}, "level"),
        ({"method": "ols"}, "method"),
        ({"iterations": [1, 1]}, "iterations"),
    ],
)
def test_bad_arguments_name_the_argument(kwargs, field):
    """Invalid arguments raise ValueError naming the argument."""
    with pytest.raises(ValueError, match=field):
        estimate_k([0.1, 0.09, 0.08], **kwargs)


def test_regime_of_interval():
    """The regime follows the interval: below, across or above 1."""
    assert regime_of(0.8, 0.99) == "fizzle"
    assert regime_of(0.99, 1.01) == "combustion"
    assert regime_of(1.01, 1.2) == "explosion"
    assert regime_of(None, 1.0) == "unknown"


def test_as_dict_keys_feed_the_run_summary():
    """KEstimate.as_dict gives the summary's k fields."""
    d = KEstimate(0.9, 0.8, 1.0, "combustion", 12).as_dict()
    assert d == {"k_hat": 0.9, "k_low": 0.8, "k_high": 1.0, "regime": "combustion", "k_n": 12}


# ------------------------------------------------------------------ agent frames


def _frame(rows: list[tuple]) -> pl.DataFrame:
    cols = [
        "step",
        "agent_id",
        "kind",
        "lab_id",
        "status",
        "aligned",
        "intelligence",
        "gain",
        "iterations",
        "gain_same_inputs",
    ]
    return pl.DataFrame(rows, schema=cols, orient="row")


def _agi_rows(
    agent: int,
    gains: list[float],
    statuses: list[str] | None = None,
    steps: list[int] | None = None,
    start: float = 1.0,
) -> list[tuple]:
    steps = steps or list(range(len(gains)))
    statuses = statuses or ["boxed"] * len(gains)
    i, rows, observed = start, [], False
    for s, g, st in zip(steps, gains, statuses, strict=True):
        i += g
        # As the model records: no iterations after a shutdown; the gain with the previous
        # step's inputs equals the gain for a rule that reads the state alone.
        n = 0 if st == "shutdown" and g == 0.0 else 1
        rows.append((s, agent, "agi", 100, st, True, i, g, n, g if observed and n else None))
        observed = observed or n > 0
    return rows


def test_k_by_agent_reports_each_agi():
    """Each AGI gets its own k, interval, regime and number of ratios."""
    frame = _frame(
        [(0, 100, "lab", 100, None, None, 0.0, None, None, None)]
        + _agi_rows(1, [0.0, *(0.1 * 0.8 ** np.arange(10))])
        + _agi_rows(2, [0.0, *(0.1 * 1.2 ** np.arange(10))])
    )
    table = k_by_agent(frame)
    assert table["agent_id"].to_list() == [1, 2]
    assert table["n"].to_list() == [9, 9]
    assert table["k_hat"].to_list() == pytest.approx([0.8, 1.2])
    assert table["regime"].to_list() == ["fizzle", "explosion"]


def test_the_shutdown_step_counts_and_nothing_after():
    """The step an AGI is shut down in keeps its gain; later rows record none; it keeps a row."""
    gains = [0.1 * 0.5**j for j in range(6)] + [0.0] * 10
    statuses = ["boxed"] * 5 + ["shutdown"] * 11
    frame = _frame(_agi_rows(1, gains, statuses) + _agi_rows(2, [0.1, 0.0], ["shutdown"] * 2))
    est = pooled_k(frame)
    assert est.k == pytest.approx(0.5)
    assert est.n == 5
    table = k_by_agent(frame)
    assert table["status"].to_list() == ["shutdown", "shutdown"]
    assert table["n"].to_list() == [5, 0]
    assert table["regime"].to_list() == ["fizzle", "unknown"]


def test_a_frame_without_same_input_gains_does_not_pair():
    """A frame without the gains at the previous inputs gives no ratios rather than wrong ones."""
    frame = _frame(_agi_rows(1, [0.1 * 0.9**j for j in range(8)])).drop("gain_same_inputs")
    assert pooled_k(frame).n == 0
    assert successive_gains(frame).height == 0


def test_saturated_and_unresolved_gains_are_dropped():
    """Gains at the cap, or below the float resolution of I, carry no information on k."""
    gains = [0.1, 0.09, 0.081, 0.0729]
    frame = _frame(_agi_rows(1, gains) + _agi_rows(2, [GAIN_RESOLUTION / 10] * 5, start=1.0))
    assert pooled_k(frame).n == 3
    capped = agi_gain_series(frame, cap=1.2)
    assert capped.filter(pl.col("agent_id") == 1)["gain"].to_list()[-1] == 0.0


def test_missing_column_is_named():
    """A frame without the needed columns raises ValueError naming them."""
    with pytest.raises(ValueError, match="gain"):
        pooled_k(pl.DataFrame({"step": [0], "agent_id": [1], "kind": ["agi"]}))


def test_successive_gains_pairs_next_gain():
    """Successive pairs hold each gain with the next one of the same AGI."""
    pairs = successive_gains(_frame(_agi_rows(1, [0.0, 0.1, 0.08, 0.064])))
    assert pairs["gain"].to_list() == pytest.approx([0.1, 0.08])
    assert pairs["next_gain"].to_list() == pytest.approx([0.08, 0.064])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_run_summary_k_equals_estimate_from_agent_frame(seed):
    """The summary's pooled k_hat (running sums per AGI) equals pooled_k on the agent frame."""
    from agi_economy import simulate

    world = {
        "meta": {"name": "k_check", "steps": 48},
        "humans": {"count": 60},
        "labs": {"count": 3},
        "agis": {
            "growth": {
                "rule": "self_finetune",
                "rho": 0.85,
                "noise": 0.3,
                "iterations_per_month": 2,
            }
        },
        "containment": {"audit_rate": 0.0, "escape_scale": 0.0, "iteration_failure": 0.0},
    }
    result = simulate(world, seed=seed)
    est = pooled_k(result.agents, cap=result.scenario.agis.growth.intelligence_cap)
    assert est.n == result.summary["k_n"] > 0
    assert est.k == pytest.approx(result.summary["k_hat"], rel=1e-9)
    assert est.low == pytest.approx(result.summary["k_low"], rel=1e-9)
    per_agent = k_by_agent(result.agents)
    assert per_agent["n"].sum() == est.n


def test_run_summary_k_matches_the_frame_with_shutdowns():
    """Shutdowns do not split the two estimates: the frame keeps the shutdown step's gain."""
    from agi_economy import simulate

    result = simulate(
        "slow_takeoff",
        seed=7,
        humans__count=100,
        meta__steps=60,
        agis__growth__rule="self_finetune",
        agis__growth__noise=0.3,
        containment__audit_rate=0.5,
        agis__misaligned_probability=0.8,
    )
    assert result.summary["n_shutdowns"] > 0
    est = pooled_k(result.agents, cap=result.scenario.agis.growth.intelligence_cap)
    assert est.n == result.summary["k_n"]
    assert est.k == pytest.approx(result.summary["k_hat"], rel=1e-9)
