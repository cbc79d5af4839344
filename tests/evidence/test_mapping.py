"""Each kind of datum against a case worked by hand (module docstring of mapping.py)."""

import math

import pytest
from pydantic import ValidationError
from scipy.special import erf

from agi_economy.evidence import EvidenceError, builtin_sources
from agi_economy.evidence.mapping import (
    MappingSettings,
    regime_probabilities,
    to_datum,
)

ONE_SIGMA = float(erf(1 / math.sqrt(2)))  # coverage of +-1 sd: the interval is ln(value) +- se


def test_software_returns_map_to_k_times_parallelism(source):
    """r = 1.4 with lambda = 0.5 gives ln k = ln 0.7, and no uncertainty gives the default se."""
    s = source("software_returns", [{"quantity": "r", "value": 1.4}])
    d = to_datum(s, MappingSettings(parallelism=0.5, unreported_log_se=0.3))
    assert d.y == pytest.approx(math.log(0.7), abs=1e-12)
    assert d.se == 0.3


def test_a_standard_error_becomes_a_log_scale_error(source):
    """r = 2 with se 0.4 gives se of ln r = 0.2 (delta method)."""
    s = source(
        "software_returns",
        [{"quantity": "r", "value": 2.0, "uncertainty": {"kind": "standard_error", "se": 0.4}}],
    )
    assert to_datum(s).se == pytest.approx(0.2, abs=1e-12)


def test_scaling_exponents_map_to_the_elasticity(source):
    """alpha 0.3 (se 0.03), beta 0.6 (se 0.06): k = 0.2, se of ln k = sqrt(5)/30."""
    se = lambda v: {"kind": "standard_error", "se": v}  # noqa: E731
    s = source(
        "scaling_law",
        [
            {"quantity": "alpha", "value": 0.3, "uncertainty": se(0.03)},
            {"quantity": "beta", "value": 0.6, "uncertainty": se(0.06)},
        ],
    )
    d = to_datum(s)
    assert d.y == pytest.approx(math.log(0.2), abs=1e-12)
    assert d.se == pytest.approx(math.sqrt(5) / 30, abs=1e-12)
    assert to_datum(s, MappingSettings(gamma=2.0)).y == pytest.approx(math.log(0.4), abs=1e-12)


def test_an_interval_becomes_a_log_scale_error(source):
    """A one-sigma interval 2 to 8 months gives se of ln h = ln 2; y is ln of the value."""
    s = source(
        "algorithmic_progress",
        [
            {
                "quantity": "halving_time",
                "value": 4.0,
                "unit": "months",
                "uncertainty": {"kind": "interval", "level": ONE_SIGMA, "low": 2.0, "high": 8.0},
            }
        ],
    )
    d = to_datum(s)
    assert d.y == pytest.approx(math.log(4.0), abs=1e-12)
    assert d.se == pytest.approx(math.log(2.0), abs=1e-9)


def test_compute_doubling_time_maps_to_its_log(source):
    """A 6-month doubling time without uncertainty: y = ln 6, se the default."""
    s = source("compute_growth", [{"quantity": "doubling_time", "value": 6.0, "unit": "months"}])
    d = to_datum(s, MappingSettings(unreported_log_se=0.7))
    assert (d.y, d.se) == (pytest.approx(math.log(6.0), abs=1e-12), 0.7)


def _curve(source, scores):
    return source(
        "self_improvement",
        [{"quantity": "score", "value": v, "iteration": i} for i, v in enumerate(scores)],
    )


def test_geometric_gains_give_rho_and_the_floor_error(source):
    """Scores 10, 14, 16, 17, 17.5 (gains 4, 2, 1, 0.5): rho = 1/2, se at its floor."""
    d = to_datum(_curve(source, [10, 14, 16, 17, 17.5]), MappingSettings(min_log_se=0.05))
    assert d.y == pytest.approx(math.log(0.5), abs=1e-12)
    assert d.se == 0.05


def test_noisy_gains_give_the_least_squares_slope_and_its_error(source):
    """Gains 1, 1/e, 1/e at iterations 1-3: slope -1/2, residual sd^2 1/6, se sqrt(1/12)."""
    e = math.exp(-1)
    d = to_datum(_curve(source, [0.0, 1.0, 1.0 + e, 1.0 + 2 * e]))
    assert d.y == pytest.approx(-0.5, abs=1e-12)
    assert d.se == pytest.approx(math.sqrt(1 / 12), abs=1e-12)


def test_a_falling_score_is_refused_with_its_iteration(source):
    """A non-positive gain cannot be a ratio of gains; the error names the iteration."""
    with pytest.raises(EvidenceError, match="iteration 2"):
        to_datum(_curve(source, [1.0, 2.0, 1.5, 3.0]))


def test_regimes_split_at_the_band():
    """Draws 0.5, 0.97, 1.0, 1.04, 1.2 with band 0.05: fizzle 1/5, combustion 3/5, explosion 1/5."""
    p = regime_probabilities([0.5, 0.97, 1.0, 1.04, 1.2], 0.05)
    assert p == {"fizzle": 0.2, "combustion": pytest.approx(0.6), "explosion": 0.2}


def test_no_regime_share_is_a_rounding_error_below_zero():
    """4 fizzles and 1 explosion in 5 draws: combustion is exactly 0, not 1 - 0.8 - 0.2 < 0."""
    p = regime_probabilities([0.5, 0.5, 0.5, 0.5, 2.0], 0.05)
    assert p == {"fizzle": 0.8, "combustion": 0.0, "explosion": 0.2}
    with pytest.raises(ValueError, match="at least one draw"):
        regime_probabilities([], 0.05)


def test_an_annual_growth_factor_maps_to_a_doubling_time(source):
    """4x a year doubles every 6 months; a one-sigma interval 2x to 16x gives se ln 2."""
    s = source(
        "compute_growth",
        [
            {
                "quantity": "annual_growth_factor",
                "value": 4.0,
                "uncertainty": {"kind": "interval", "level": ONE_SIGMA, "low": 2.0, "high": 16.0},
            }
        ],
    )
    d = to_datum(s)
    assert d.y == pytest.approx(math.log(6.0), abs=1e-12)
    # doubling times 12 and 3 months at the ends: (ln 12 - ln 3) / 2 = ln 2
    assert d.se == pytest.approx(math.log(2.0), abs=1e-9)


def test_a_compute_exponent_maps_to_k_over_the_reducible_share(source):
    """alpha_C = 0.05 (se 0.01), gamma 2, reducible share 0.5: k = 0.2, se of ln k = 0.2."""
    s = source(
        "scaling_law",
        [
            {
                "quantity": "compute_exponent",
                "value": 0.05,
                "uncertainty": {"kind": "standard_error", "se": 0.01},
            }
        ],
    )
    d = to_datum(s, MappingSettings(gamma=2.0, reducible_share=0.5))
    assert d.y == pytest.approx(math.log(0.2), abs=1e-12)
    assert d.se == pytest.approx(0.2, abs=1e-12)
    assert to_datum(s).y == pytest.approx(math.log(0.05), abs=1e-12)


def test_a_scaling_source_without_exponents_is_refused(source):
    """A scaling law with alpha alone (no beta, no compute_exponent) names what it needs."""
    with pytest.raises(ValidationError, match="beta or compute_exponent"):
        source("scaling_law", [{"quantity": "alpha", "value": 0.3}])


def test_the_compute_optimal_exponent_is_ab_over_a_plus_b():
    """Minimising A/N^a + B/D^b at 6ND = C numerically: d ln(loss) / d ln C = -ab/(a+b).

    A second method for the identity that lets a measured compute exponent stand for
    alpha beta / (alpha + beta): golden-section search over ln N at two budgets.
    """
    from scipy.optimize import minimize_scalar

    a, b, big_a, big_b = 0.34, 0.28, 406.4, 410.7

    def best(c):
        def loss(log_n):
            n = math.exp(log_n)
            return big_a / n**a + big_b / (c / (6 * n)) ** b

        res = minimize_scalar(loss, bounds=(0.0, 60.0), method="bounded", options={"xatol": 1e-10})
        return res.fun

    c1, c2 = 1e21, 1e23
    slope = (math.log(best(c2)) - math.log(best(c1))) / (math.log(c2) - math.log(c1))
    assert slope == pytest.approx(-a * b / (a + b), abs=1e-6)


def test_the_shipped_curves_and_returns_map_as_worked_by_hand():
    """SPIN gains 2.66, 1.32, 0.85, 0.19: least-squares slope -4.17867 / 5 = -0.83573.

    By hand: ln gains 0.97833, 0.27763, -0.16252, -1.66073 at j = 1..4, mean j 2.5, so
    S_xy = -1.5(0.97833) - 0.5(0.27763) + 0.5(-0.16252) + 1.5(-1.66073) and S_xx = 5.
    SPPO gains 7.68, 2.10, 1.64: slope (ln 1.64 - ln 7.68) / 2 = -0.77196. Stockfish r = 0.83
    with se 0.15: y = ln 0.83, se 0.15 / 0.83 = 0.18072. Kaplan alpha_C = 0.050: y = ln 0.05.
    """
    by_id = {s.id: to_datum(s) for s in builtin_sources()}
    assert by_id["chen2024_spin"].y == pytest.approx(-0.83573, abs=1e-4)
    assert by_id["wu2024_sppo"].y == pytest.approx(-0.77196, abs=1e-4)
    assert by_id["besiroglu2024_stockfish"].y == pytest.approx(math.log(0.83), abs=1e-12)
    assert by_id["besiroglu2024_stockfish"].se == pytest.approx(0.18072, abs=1e-5)
    assert by_id["kaplan2020"].y == pytest.approx(math.log(0.05), abs=1e-12)


def test_the_added_curves_and_returns_map_as_worked_by_hand():
    """Iterative RPO, ScPO, PSRLM, SELM and the computer-vision interval, worked on paper.

    Iterative RPO gains 17.5, 4.9, 3.1, 0.5 (ln 2.86220, 1.58924, 1.13140, -0.69315 at
    j = 1..4): S_xy = -1.5(2.86220) - 0.5(1.58924) + 0.5(1.13140) + 1.5(-0.69315)
    = -5.56194, S_xx = 5, slope -1.11239. With three gains the slope is (ln g3 - ln g1) / 2:
    ScPO gains 19.86, 2.88, 0.30 give (ln 0.30 - ln 19.86) / 2 = -2.09634; PSRLM gains 2.5,
    0.4, 1.5 give ln(0.6) / 2 = -0.25541; SELM gains 5.11, 1.32, 2.41 give
    (ln 2.41 - ln 5.11) / 2 = -0.37579. Computer vision r = 1.4 with 90% interval 0.8 to
    2.4: se = (ln 2.4 - ln 0.8) / (2 z_0.95) = ln 3 / 3.289707 = 0.33396.
    """
    by_id = {s.id: to_datum(s) for s in builtin_sources()}
    assert by_id["pang2024_irpo"].y == pytest.approx(-1.11239, abs=1e-4)
    assert by_id["prasad2025_scpo"].y == pytest.approx(-2.09634, abs=1e-4)
    assert by_id["zhang2025_psrlm"].y == pytest.approx(-0.25541, abs=1e-4)
    assert by_id["zhang2024_selm"].y == pytest.approx(-0.37579, abs=1e-4)
    assert by_id["epoch_cv_returns"].y == pytest.approx(math.log(1.4), abs=1e-12)
    assert by_id["epoch_cv_returns"].se == pytest.approx(0.33396, abs=1e-4)
    for sid, r in (
        ("epoch_rl_returns", 1.6),
        ("epoch_sat_returns", 3.5),
        ("epoch_lp_returns", 1.1),
    ):
        assert by_id[sid].y == pytest.approx(math.log(r), abs=1e-12)
        assert by_id[sid].se == pytest.approx(MappingSettings().unreported_log_se, abs=1e-12)
