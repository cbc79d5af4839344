"""The CES research input and its compute-bottleneck ceiling against their closed forms."""

from __future__ import annotations

import math

import pytest

from agi_economy.growth.ces import log_research_input, max_speedup, research_input

# Davidson (2025), "Will compute bottlenecks prevent a software intelligence explosion?",
# section "Economist version", table of max speeds at alpha = 0.5 (rounded in the note).
NOTE_TABLE = [(-1.0, 2.0), (-0.5, 4.0), (-0.2, 32.0), (-0.15, 102.0), (-0.1, 1024.0)]


@pytest.mark.parametrize(("rho", "ceiling"), NOTE_TABLE)
def test_ceiling_matches_the_research_notes_table(rho, ceiling):
    """At a labour share of 0.5 the ceiling is 0.5^(1/rho): the note's table to its rounding."""
    assert max_speedup(0.5, rho) == pytest.approx(0.5 ** (1.0 / rho), rel=1e-12)
    assert round(max_speedup(0.5, rho)) == ceiling


@pytest.mark.parametrize("rho", [-2.0, -1.0, -0.4, -0.2, -0.05])
@pytest.mark.parametrize("share", [0.2, 0.5, 0.8])
def test_research_input_approaches_the_ceiling_from_below(rho, share):
    """With compute fixed, R(L, 1) rises with L and tends to (1 - a)^(1/rho) without passing it."""
    ceiling = max_speedup(share, rho)
    assert ceiling == pytest.approx((1.0 - share) ** (1.0 / rho), rel=1e-12)
    values = [research_input(10.0**e, 1.0, share, rho) for e in range(0, 60, 3)]
    assert all(b > a for a, b in zip(values, values[1:], strict=False) if b < ceiling)
    assert all(v <= ceiling * (1 + 1e-12) for v in values)
    far = math.exp(log_research_input(2000.0, 0.0, share, rho))  # L = e^2000, K = 1
    assert far == pytest.approx(ceiling, rel=1e-9)


@pytest.mark.parametrize("rho", [0.0, 1e-12, 0.3, 0.9])
def test_no_ceiling_unless_inputs_are_complements(rho):
    """For rho >= 0 the ceiling is infinite and research grows without bound in labour."""
    assert max_speedup(0.5, rho) == math.inf
    assert research_input(1e30, 1.0, 0.5, rho) > 1e6


def test_cobb_douglas_is_the_limit_of_small_rho():
    """As rho -> 0 the CES input tends to L^a K^(1-a) (the model of Davidson & Houlden)."""
    for rho in (1e-4, -1e-4):
        got = research_input(50.0, 3.0, 0.4, rho)
        assert got == pytest.approx(50.0**0.4 * 3.0**0.6, rel=1e-3)
    assert research_input(50.0, 3.0, 0.4, 0.0) == pytest.approx(50.0**0.4 * 3.0**0.6, rel=1e-12)


@pytest.mark.parametrize("rho", [-0.5, 0.0, 0.5])
def test_normalised_and_constant_returns(rho):
    """R(1, 1) = 1, and doubling both inputs doubles research (constant returns to scale)."""
    assert research_input(1.0, 1.0, 0.5, rho) == pytest.approx(1.0, rel=1e-12)
    assert research_input(6.0, 10.0, 0.3, rho) == pytest.approx(
        2.0 * research_input(3.0, 5.0, 0.3, rho), rel=1e-12
    )


def test_logs_stay_finite_far_beyond_float_range():
    """Labour e^5000 times compute neither overflows nor loses the ceiling."""
    log_r = log_research_input(5000.0, 0.0, 0.5, -0.2)
    assert log_r == pytest.approx(math.log(32.0), rel=1e-9)


def test_zero_input_under_complements_stops_research():
    """No compute means no research when inputs are complements or Cobb-Douglas."""
    assert research_input(5.0, 0.0, 0.5, -0.2) == 0.0
    assert research_input(5.0, 0.0, 0.5, 0.0) == 0.0
    assert research_input(5.0, 0.0, 0.5, 0.5) == pytest.approx(0.5**2 * 5.0)


@pytest.mark.parametrize(("share", "rho"), [(0.0, -0.2), (1.0, -0.2), (0.5, math.nan)])
def test_bad_parameters_are_named(share, rho):
    """A share outside (0, 1) or a non-finite rho is refused with the parameter's name."""
    with pytest.raises(ValueError, match="labour_share|rho"):
        max_speedup(share, rho)
