"""Chinchilla: the scaling-law rule's loss for known models under both published fits.

Hand computations use the constants as printed in Hoffmann et al. (2022, approach 3:
E = 1.69, A = 406.4, B = 410.7, alpha = 0.34, beta = 0.28) and Besiroglu et al. (2024:
E = 1.8172, A = 482.01, B = 2085.43, alpha = 0.3478, beta = 0.3658).
"""

from __future__ import annotations

import math

import pytest

from agi_economy.growth import FITS, ScalingLaw, build_rule
from agi_economy.scenario import load_scenario

HAND = {
    # (fit, model): E + A / N^alpha + B / D^beta, written out
    ("hoffmann2022", "Chinchilla 70B / 1.4T"): 1.69 + 406.4 / 70e9**0.34 + 410.7 / 1.4e12**0.28,
    ("hoffmann2022", "Gopher 280B / 300B"): 1.69 + 406.4 / 280e9**0.34 + 410.7 / 300e9**0.28,
    ("hoffmann2022", "GPT-3 175B / 300B"): 1.69 + 406.4 / 175e9**0.34 + 410.7 / 300e9**0.28,
    ("besiroglu2024", "Chinchilla 70B / 1.4T"): 1.8172
    + 482.01 / 70e9**0.3478
    + 2085.43 / 1.4e12**0.3658,
    ("besiroglu2024", "Gopher 280B / 300B"): 1.8172
    + 482.01 / 280e9**0.3478
    + 2085.43 / 300e9**0.3658,
    ("besiroglu2024", "GPT-3 175B / 300B"): 1.8172
    + 482.01 / 175e9**0.3478
    + 2085.43 / 300e9**0.3658,
}
SIZES = {
    "Chinchilla 70B / 1.4T": (70e9, 1.4e12),
    "Gopher 280B / 300B": (280e9, 300e9),
    "GPT-3 175B / 300B": (175e9, 300e9),
}


def _selected(fit: str) -> ScalingLaw:
    cfg = load_scenario({"agis": {"growth": {"rule": "scaling_law", "fit": fit}}})
    return build_rule(cfg.agis.growth, cfg.agis.domain_bounds)


@pytest.mark.parametrize(("fit", "model"), list(HAND))
def test_loss_matches_hand_computation(fit, model):
    """The rule selected by agis.growth.fit predicts the loss computed by hand."""
    assert _selected(fit).fit.loss(*SIZES[model]) == pytest.approx(HAND[fit, model], rel=1e-12)


def test_hand_values_are_what_the_papers_imply():
    """Rounded to 3 decimals: Chinchilla 1.937 and Gopher 1.993 (2022 fit)."""
    assert round(HAND["hoffmann2022", "Chinchilla 70B / 1.4T"], 3) == 1.937
    assert round(HAND["hoffmann2022", "Gopher 280B / 300B"], 3) == 1.993


@pytest.mark.parametrize("fit", list(FITS))
def test_chinchilla_beats_gopher_and_gpt3(fit):
    """At about the same compute, Chinchilla's smaller, longer-trained model has lower loss."""
    loss = {name: FITS[fit].loss(*size) for name, size in SIZES.items()}
    assert loss["Chinchilla 70B / 1.4T"] < loss["Gopher 280B / 300B"]
    assert loss["Chinchilla 70B / 1.4T"] < loss["GPT-3 175B / 300B"]


@pytest.mark.parametrize("fit", list(FITS))
@pytest.mark.parametrize("flop", [1e20, 5.76e23, 1e27])
def test_compute_optimal_split_satisfies_first_order_condition(fit, flop):
    """At the optimum on C = 6 N D: alpha A / N^alpha = beta B / D^beta."""
    f = FITS[fit]
    n, d = f.compute_optimal(flop)
    assert 6 * n * d == pytest.approx(flop, rel=1e-12)
    assert f.alpha * f.A / n**f.alpha == pytest.approx(f.beta * f.B / d**f.beta, rel=1e-9)
    for factor in (0.9, 1.1):  # a nearby split on the same budget is worse
        assert f.loss(n * factor, d / factor) > f.loss(n, d)


def test_refit_gives_about_20_tokens_per_parameter():
    """Besiroglu et al.: the refit agrees with Chinchilla's ~20 tokens per parameter."""
    n, d = FITS["besiroglu2024"].compute_optimal(5.76e23)
    assert 15 <= d / n <= 25
    assert 0.8 * 67e9 <= n <= 1.2 * 67e9  # Hoffmann et al. Table 3: 67B at 5.76e23 FLOP


def test_exponents_of_the_optimal_model_size():
    """N_opt ~ C^a: a = beta / (alpha + beta) = 0.452 (2022, rounded) and 0.5126 (2024)."""
    assert FITS["hoffmann2022"].beta / (FITS["hoffmann2022"].alpha + 0.28) == pytest.approx(
        0.28 / 0.62
    )
    for fit, a in (("hoffmann2022", 0.28 / 0.62), ("besiroglu2024", 0.3658 / 0.7136)):
        n1, _ = FITS[fit].compute_optimal(1e21)
        n2, _ = FITS[fit].compute_optimal(1e24)
        assert math.log(n2 / n1) / math.log(1e3) == pytest.approx(a, rel=1e-12)


@pytest.mark.parametrize("fit", list(FITS))
def test_rule_intelligence_is_the_reducible_loss_ratio(fit):
    """The rule's I equals ((L_ref - E) / (L - E))^gamma at compute-optimal loss."""
    rule = _selected(fit)
    for flop in (1e22, 1e25, 1e28):
        ref = rule.fit.optimal_loss(rule.reference_compute) - rule.fit.E
        now = rule.fit.optimal_loss(flop) - rule.fit.E
        expected = (ref / now) ** rule.gamma
        assert rule.intelligence_at(math.log(flop)) == pytest.approx(expected, rel=1e-9)
