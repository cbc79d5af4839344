"""Validation cases for growth: criticality, continuous self-improvement, Chinchilla.

Expected values are computed here from the sources' own definitions and published
constants, never from the code under test (``growth/``). Each case says what kind of
reference it has: a closed form compared with a numerical solution, or a recurrence
with its closed form, is ``external``; a formula of the code typed again from the
source is a ``transcription`` (it catches a slip in typing, not in deriving).
"""

from __future__ import annotations

import math
from functools import partial

import numpy as np
from scipy.optimize import minimize_scalar

from agi_economy.analysis import estimate_k
from agi_economy.growth import Criticality, GrowthContext, build_rule
from agi_economy.growth.continuous import blowup_time, continuous_path, integrate
from agi_economy.scenario import load_scenario
from agi_economy.validation import Case
from agi_economy.validation.checks import Outcome, all_of, between, near, same

YUDKOWSKY = "Yudkowsky 2013"
BOSTROM_ODE = "Bostrom 2014"
HOFFMANN = "Hoffmann 2022"
BESIROGLU = "Besiroglu 2024"

I0, GAIN, CAP = 0.4, 0.02, 1e12
_CTX = GrowthContext()
_RNG = np.random.default_rng(0)  # criticality draws nothing; the signature needs one

# ------------------------------------------------------------------ criticality


def _iterate_definition(k: float, n: int) -> float:
    """D <- k D, I <- I + D, n times, from D_0 = GAIN / k (so the first gain is GAIN)."""
    i, d = I0, GAIN / k
    for _ in range(n):
        d *= k
        i += d
    return i


def _rule_path(k: float, n: int, one_at_a_time: bool) -> list[float]:
    rule = Criticality(k, CAP)
    state = rule.initial_state(I0, GAIN)
    path = [state.intelligence]
    if one_at_a_time:
        for _ in range(n):
            state = rule.advance(state, 1, _CTX, _RNG)
            path.append(state.intelligence)
    else:
        path.append(rule.advance(state, n, _CTX, _RNG).intelligence)
    return path


def _closed_form(k: float, n: int) -> Outcome:
    """The rule's closed form (one call of n iterations, or n calls of one) vs the recurrence."""
    batch = _rule_path(k, n, one_at_a_time=False)[-1]
    stepwise = _rule_path(k, n, one_at_a_time=True)[-1]
    expected = _iterate_definition(k, n)
    return all_of([near(expected, batch, rel=1e-12), near(expected, stepwise, rel=1e-12)])


def _fizzle_limit() -> Outcome:
    k = 0.8
    limit = I0 + (GAIN / k) * k / (1.0 - k)
    return near(limit, _rule_path(k, 400, one_at_a_time=False)[-1], rel=1e-12)


def _explosion_saturates() -> Outcome:
    got = _rule_path(1.5, 10_000, one_at_a_time=False)[-1]
    return same(
        f"{CAP:g} (the cap, finite)",
        f"{got:g} ({'the cap' if got == CAP else 'not the cap'}"
        f", {'finite' if math.isfinite(got) else 'inf'})",
    )


def _regimes() -> Outcome:
    labels = []
    for k in (0.8, 1.0, 1.25):
        gains = np.diff(_rule_path(k, 40, one_at_a_time=True))
        est = estimate_k(gains)
        labels.append(f"{est.regime} (k={est.k:.4g})")
    got = ", ".join(lab.split(" ")[0] for lab in labels)
    return Outcome("fizzle, combustion, explosion", "; ".join(labels), got == _EXPECTED_REGIMES)


_EXPECTED_REGIMES = "fizzle, combustion, explosion"

# ------------------------------------------------------------------ continuous


def _t_star(i0: float, c: float, p: float) -> float:
    """The blow-up time of dI/dt = c I^p, typed from the source, not the module."""
    return i0 ** (1.0 - p) / (c * (p - 1.0))


def _blowup_formula(i0: float, c: float, p: float) -> Outcome:
    """t* from the source vs the module's closed form."""
    return near(_t_star(i0, c, p), blowup_time(i0, c, p), rel=1e-12)


def _blowup_numerical(i0: float, c: float, p: float) -> Outcome:
    """t* from the source vs the time a numerical solution reaches L.

    L = I_0 1e8^(1/(p-1)) is reached 1e-8 t* before the singularity: well inside the
    tolerance, and still resolvable by float time steps.
    """
    t_star = _t_star(i0, c, p)
    _, _, hit = integrate(10 * t_star, i0, c, p, stop_at=i0 * 1e8 ** (1.0 / (p - 1.0)))
    return near(t_star, hit if hit is not None else math.inf, rel=1e-6)


def _sub_linear_exact(t: float, i0: float, c: float, p: float) -> float:
    """I(t) for p < 1, typed from the source."""
    return (i0 ** (1.0 - p) + c * (1.0 - p) * t) ** (1.0 / (1.0 - p))


def _shown_at_last(outcomes: list[Outcome]) -> Outcome:
    """The last time's comparison as the row; the row passes only if every time agrees."""
    return Outcome(outcomes[-1].expected, outcomes[-1].got, all(o.passed for o in outcomes))


def _sub_linear_formula(i0: float, c: float, p: float) -> Outcome:
    """The closed form typed from the source vs the module's."""
    return _shown_at_last(
        [
            near(_sub_linear_exact(t, i0, c, p), float(continuous_path(t, i0, c, p)), rel=1e-12)
            for t in (5.0, 20.0, 80.0)
        ]
    )


def _sub_linear_numerical(i0: float, c: float, p: float) -> Outcome:
    """The closed form typed from the source vs a DOP853 integration."""
    outcomes = []
    for t in (5.0, 20.0, 80.0):
        _, values, _ = integrate(t, i0, c, p, stop_at=1e300)
        outcomes.append(near(_sub_linear_exact(t, i0, c, p), float(values[-1]), rel=1e-8))
    return _shown_at_last(outcomes)


def _exponential(i0: float, c: float) -> Outcome:
    t = 30.0
    _, values, _ = integrate(t, i0, c, 1.0, stop_at=1e300)
    return all_of(
        [
            near(i0 * math.exp(c * t), float(values[-1]), rel=1e-8),
            same("no blow-up (inf)", f"no blow-up ({blowup_time(i0, c, 1.0)})"),
        ]
    )


# ------------------------------------------------------------------ Chinchilla

PUBLISHED = {
    # E, A, B, alpha, beta as printed in the papers.
    "hoffmann2022": (1.69, 406.4, 410.7, 0.34, 0.28),
    "besiroglu2024": (1.8172, 482.01, 2085.43, 0.3478, 0.3658),
}
MODELS = {  # parameters, training tokens
    "Chinchilla": (70e9, 1.4e12),
    "Gopher": (280e9, 300e9),
    "GPT-3": (175e9, 300e9),
}
GOPHER_FLOP = 5.76e23  # Hoffmann et al. 2022: Gopher's (and Chinchilla's) training budget


def _rule_fit(fit: str):
    """The fit the scaling-law rule uses when a scenario selects ``agis.growth.fit``."""
    cfg = load_scenario({"agis": {"growth": {"rule": "scaling_law", "fit": fit}}})
    return build_rule(cfg.agis.growth, cfg.agis.domain_bounds).fit


def _published_loss(fit: str, params: float, tokens: float) -> float:
    e, a, b, alpha, beta = PUBLISHED[fit]
    return e + a / params**alpha + b / tokens**beta


def _loss(fit: str, model: str) -> Outcome:
    n, d = MODELS[model]
    return near(_published_loss(fit, n, d), _rule_fit(fit).loss(n, d), rel=1e-9)


def _chinchilla_beats_gopher(fit: str) -> Outcome:
    f = _rule_fit(fit)
    chinchilla, gopher = f.loss(*MODELS["Chinchilla"]), f.loss(*MODELS["Gopher"])
    return Outcome(
        "L(Chinchilla) < L(Gopher)",
        f"{chinchilla:.4f} < {gopher:.4f}" if chinchilla < gopher else f"{chinchilla:.4f}",
        chinchilla < gopher,
    )


def _exponent(fit: str, expected: float, tol: float) -> Outcome:
    """The published exponent a vs the slope of the rule's N_opt(C), measured."""
    f = _rule_fit(fit)
    n1, _ = f.compute_optimal(1e21)
    n2, _ = f.compute_optimal(1e25)
    slope = math.log(n2 / n1) / math.log(1e4)  # N_opt ~ C^a
    return near(expected, slope, abs_tol=tol)


def _optimal_split(fit: str) -> Outcome:
    """The rule's N_opt vs a numerical minimum of the published loss on C = 6 N D."""
    c = GOPHER_FLOP
    best = minimize_scalar(
        lambda log_n: _published_loss(fit, math.exp(log_n), c / (6.0 * math.exp(log_n))),
        bounds=(math.log(1e8), math.log(1e13)),
        method="bounded",
        options={"xatol": 1e-10},
    )
    n_opt, _ = _rule_fit(fit).compute_optimal(c)
    return near(math.exp(best.x), n_opt, rel=1e-4)


def _split_spends_budget(fit: str) -> Outcome:
    """The compute-optimal split spends exactly the budget: 6 N_opt D_opt = C."""
    outcomes = []
    for c in (1e21, GOPHER_FLOP, 1e27):
        n_opt, d_opt = _rule_fit(fit).compute_optimal(c)
        outcomes.append(near(c, 6.0 * n_opt * d_opt, rel=1e-12))
    return _shown_at_last(outcomes)


def _refit_matches_table3() -> Outcome:
    n_opt, d_opt = _rule_fit("besiroglu2024").compute_optimal(GOPHER_FLOP)
    return all_of(
        [
            between(n_opt / 1e9, 67 * 0.8, 67 * 1.2, "N 67B +/- 20%"),
            between(d_opt / 1e12, 1.5 * 0.8, 1.5 * 1.2, "D 1.5T +/- 20%"),
        ]
    )


def _rounded_fit_inconsistent() -> Outcome:
    n_opt, d_opt = _rule_fit("hoffmann2022").compute_optimal(GOPHER_FLOP)
    return between(d_opt / n_opt, 40.0, math.inf, "tokens/param > 2 x 20")


def _published_optimal_loss(fit: str, flop: float) -> float:
    """L at the compute-optimal split, Hoffmann et al. (2022) eq. 4, from the printed constants."""
    e, a, b, alpha, beta = PUBLISHED[fit]
    g = (alpha * a / (beta * b)) ** (1.0 / (alpha + beta))
    params = g * (flop / 6.0) ** (beta / (alpha + beta))
    return _published_loss(fit, params, flop / (6.0 * params))


def _rule_identity(fit: str) -> Outcome:
    """The rule's power law (C / C_ref)^(ab gamma) vs its definition in losses.

    The two are equal by algebra, L - E = K (C/6)^(-ab); the losses come from the
    published constants and the scenario's gamma and reference compute, not from the code.
    """
    cfg = load_scenario({"agis": {"growth": {"rule": "scaling_law", "fit": fit}}})
    g = cfg.agis.growth
    rule = build_rule(g, cfg.agis.domain_bounds)
    e = PUBLISHED[fit][0]
    ref = _published_optimal_loss(fit, g.reference_compute)
    outcomes = []
    for flop in (1e23, 1e27):
        expected = ((ref - e) / (_published_optimal_loss(fit, flop) - e)) ** g.gamma
        outcomes.append(near(expected, rule.intelligence_at(math.log(flop)), rel=1e-9))
    return all_of(outcomes)


def _case(name: str, group: str, source: str, kind: str, run) -> Case:
    return Case(name, group, source, kind, run)


CASES: tuple[Case, ...] = (
    *(
        _case(
            f"closed form = the recurrence D <- k D, I <- I + D, k = {k:g}, {n} iterations",
            "criticality",
            YUDKOWSKY,
            "external",
            partial(_closed_form, k, n),
        )
        for k, n in ((0.8, 60), (1.0, 60), (1.25, 60))
    ),
    _case(
        "fizzle limit I_0 + D_0 k / (1 - k), k = 0.8",
        "criticality",
        YUDKOWSKY,
        "transcription",
        _fizzle_limit,
    ),
    _case(
        "explosion saturates at the cap, k = 1.5",
        "criticality",
        "docs/model.md",
        "internal",
        _explosion_saturates,
    ),
    _case("regimes from gains, k = 0.8 / 1 / 1.25", "criticality", YUDKOWSKY, "external", _regimes),
    *(
        case
        for label, i0, c, p in (
            ("t* = I_0^(1-p) / (c (p-1)), p = 1.5", 1.0, 0.1, 1.5),
            ("t* = 1 / (c I_0), p = 2", 2.0, 0.5, 2.0),
        )
        for case in (
            _case(
                f"blow-up time {label}: the module's formula",
                "continuous",
                BOSTROM_ODE,
                "transcription",
                partial(_blowup_formula, i0, c, p),
            ),
            _case(
                f"blow-up time {label}: a numerical solution",
                "continuous",
                BOSTROM_ODE,
                "external",
                partial(_blowup_numerical, i0, c, p),
            ),
        )
    ),
    _case(
        "closed-form path, p = 0.5, t = 5 / 20 / 80: the module's formula",
        "continuous",
        BOSTROM_ODE,
        "transcription",
        partial(_sub_linear_formula, 1.0, 0.1, 0.5),
    ),
    _case(
        "closed-form path, p = 0.5, t = 5 / 20 / 80: a numerical solution",
        "continuous",
        BOSTROM_ODE,
        "external",
        partial(_sub_linear_numerical, 1.0, 0.1, 0.5),
    ),
    _case(
        "exponential path and no blow-up, p = 1",
        "continuous",
        BOSTROM_ODE,
        "external",
        partial(_exponential, 2.0, 0.1),
    ),
    *(
        _case(
            f"loss of {model} ({fit})",
            "chinchilla",
            HOFFMANN if fit == "hoffmann2022" else BESIROGLU,
            "transcription",
            partial(_loss, fit, model),
        )
        for fit in PUBLISHED
        for model in MODELS
    ),
    *(
        _case(
            f"Chinchilla beats Gopher at equal compute ({fit})",
            "chinchilla",
            HOFFMANN,
            "external",
            partial(_chinchilla_beats_gopher, fit),
        )
        for fit in PUBLISHED
    ),
    _case(
        "N_opt ~ C^a, a = 0.46 (rounded constants)",
        "chinchilla",
        HOFFMANN,
        "external",
        partial(_exponent, "hoffmann2022", 0.46, 0.01),
    ),
    _case(
        "N_opt ~ C^a, a = 0.5126",
        "chinchilla",
        BESIROGLU,
        "external",
        partial(_exponent, "besiroglu2024", 0.5126, 0.0005),
    ),
    *(
        _case(
            f"compute-optimal N minimises the published L on C = 6ND ({fit})",
            "chinchilla",
            HOFFMANN,
            "external",
            partial(_optimal_split, fit),
        )
        for fit in PUBLISHED
    ),
    *(
        _case(
            f"compute-optimal split spends C = 6 N D ({fit})",
            "chinchilla",
            HOFFMANN,
            "identity",
            partial(_split_spends_budget, fit),
        )
        for fit in PUBLISHED
    ),
    _case(
        "refit optimum at Gopher's budget ~ 67B params, 1.5T tokens",
        "chinchilla",
        f"{BESIROGLU}; {HOFFMANN}",
        "external",
        _refit_matches_table3,
    ),
    _case(
        "rounded 2022 fit: tokens/param far from 20",
        "chinchilla",
        BESIROGLU,
        "external",
        _rounded_fit_inconsistent,
    ),
    *(
        _case(
            f"rule I = ((L_ref - E) / (L - E))^gamma ({fit})",
            "chinchilla",
            "docs/model.md",
            "identity",
            partial(_rule_identity, fit),
        )
        for fit in PUBLISHED
    ),
)
