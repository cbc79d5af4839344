"""Validation cases for whole worlds: the few-shot box, takeoff definitions, the k estimator.

Model-level cases build a small world from a mapping that fixes every parameter the
property depends on (one lab, one boxed AGI of a fixed starting intelligence, no
audits, a box that cannot be outgrown), so a recalibration of other defaults cannot
change what they test, and their expected values follow from that mapping alone.
"""

from __future__ import annotations

import math
from functools import partial
from typing import Any

import numpy as np

from agi_economy.analysis import estimate_k, pooled_k
from agi_economy.containment import first_box_failure
from agi_economy.outcomes import bostrom_takeoff_years, christiano_slow
from agi_economy.scenario.schema import AgisConfig
from agi_economy.validation import Case
from agi_economy.validation.checks import Outcome, all_of, between, binomial, near, same

FEW_SHOT = "research post"
CHRISTIANO = "Christiano 2018"
BOSTROM = "Bostrom 2014"
CRITICALITY = "Yudkowsky 2013"
STUDENT_T = "Student 1908"

ENTROPY = 20_221_231  # fixes every Monte Carlo case: the table is the same on every run
INITIAL_INTELLIGENCE = 0.4  # of the isolated world's one AGI (no log-normal spread)


def isolated_world(steps: int, growth: dict[str, Any], **containment: Any) -> dict[str, Any]:
    """One lab, one boxed AGI, no audits, a box it cannot outgrow: a scenario mapping."""
    return {
        "meta": {"name": "validation", "steps": steps},
        "humans": {"count": 20},
        "network": {"agi_contact_share": 0.25},
        "labs": {"count": 1, "deploy_intelligence": 1e9},
        "agis": {
            "initial_per_lab": 1,
            "max_agis": 1,
            "initial_intelligence": INITIAL_INTELLIGENCE,
            "initial_sigma": 0.0,
            "misaligned_probability": 1.0,
            "misalignment_exponent": 0.0,
            "growth": growth,
        },
        "containment": {
            "box_strength": 1e9,
            "escape_scale": 0.0,
            "audit_rate": 0.0,
            "rsi_gating": False,
            **containment,
        },
        "output": {"human_sample": 0},
    }


# ------------------------------------------------------------------ few-shot world


def _first_failure_draws(eps: float = 0.05, n: int = 20, draws: int = 20_000) -> Outcome:
    rng = np.random.default_rng(np.random.SeedSequence(ENTROPY))
    shots = np.array([first_box_failure(eps, n, rng) for _ in range(draws)])
    return all_of(
        [
            binomial((1 - eps) ** n, int((shots == 0).sum()), draws),
            binomial(eps, int((shots == 1).sum()), draws),
        ]
    )


def escape_times(seeds: int, eps: float, per_step: int, steps: int) -> np.ndarray:
    """Step of the first escape of the lone misaligned AGI in each seed (steps + 1: none)."""
    from agi_economy.experiment.seeds import replicate_seeds
    from agi_economy.model import AGIEconomy  # the model is heavy: import on use

    world = isolated_world(
        steps,
        {"rule": "criticality", "k": 0.5, "iterations_per_month": per_step},
        iteration_failure=eps,
    )
    times = np.full(seeds, steps + 1)
    for j, seed in enumerate(replicate_seeds(ENTROPY, seeds)):
        with AGIEconomy(world, seed=seed) as model:
            while model.running:
                model.step()
                if model.agis[0].status != "boxed":
                    times[j] = model.steps
                    break
    return times


def _few_shot_model(seeds: int = 600, eps: float = 0.05, per_step: int = 2) -> Outcome:
    times = escape_times(seeds, eps, per_step, steps=10)
    return all_of(
        [
            binomial(1.0 - (1.0 - eps) ** (per_step * t), int((times <= t).sum()), seeds)
            for t in (1, 4, 10)
        ]
    )


# ------------------------------------------------------------------ takeoff definitions


def _growth_path(rate_per_year: np.ndarray, steps_per_year: int) -> np.ndarray:
    """Output from a growth rate per year at each step (continuous compounding)."""
    return np.exp(np.concatenate([[0.0], np.cumsum(rate_per_year / steps_per_year)]))


def slow_series() -> np.ndarray:
    """Growth accelerating smoothly from 3% to 100% a year over 30 years (monthly)."""
    years = np.arange(360) / 12.0
    return _growth_path(0.03 + 0.97 * (years / 30.0) ** 2, 12)


def fast_series() -> np.ndarray:
    """2% a year for 20 years, then output triples in six months (a foom)."""
    rate = np.full(300, 0.02)
    rate[240:246] = math.log(3.0) * 2.0
    return _growth_path(rate, 12)


def _christiano() -> Outcome:
    got = (christiano_slow(slow_series(), 12), christiano_slow(fast_series(), 12))
    flat = christiano_slow(np.full(120, 5.0), 12)
    return same("slow=True, fast=False, flat=None", f"slow={got[0]}, fast={got[1]}, flat={flat}")


PAR_HUMAN_STEP, SUPERHUMAN_STEP = 24, 60  # of the hand-made Bostrom series (monthly)


def bostrom_series() -> tuple[np.ndarray, float]:
    """Max intelligence, monthly: par-human (I = 1) at step 24, superhuman at step 60."""
    superhuman = AgisConfig().superhuman
    rise = np.linspace(0.5, 1.0, PAR_HUMAN_STEP + 1)  # steps 0..24
    climb = SUPERHUMAN_STEP - PAR_HUMAN_STEP
    grow = np.exp(np.linspace(0.0, math.log(superhuman), climb + 1))[1:]  # steps 25..60
    return np.concatenate([rise, grow, np.full(12, superhuman)]), superhuman


def _bostrom() -> Outcome:
    series, superhuman = bostrom_series()
    got = bostrom_takeoff_years(series, 1.0, superhuman, 1.0 / 12.0)
    never = bostrom_takeoff_years(np.minimum(series, 0.99 * superhuman), 1.0, superhuman, 1 / 12)
    years = (SUPERHUMAN_STEP - PAR_HUMAN_STEP) / 12.0
    return same(f"{years} years; never superhuman: None", f"{got} years; never superhuman: {never}")


# ------------------------------------------------------------------ the k estimator


def synthetic_gains(
    k: float, n: int, sigma: float, noise: str, rng: np.random.Generator
) -> np.ndarray:
    """Gains with known k: noise in the process (``process``) or on each gain (``gain``)."""
    eps = rng.standard_normal(n)
    if noise == "process":
        return 0.01 * np.exp(np.cumsum(math.log(k) + sigma * eps))
    return 0.01 * k ** np.arange(n) * np.exp(sigma * eps)


def coverage(method: str, sequences: int = 2000, n: int = 25, sigma: float = 0.3) -> float:
    """Share of intervals covering the true k over synthetic sequences with known k."""
    noise = "process" if method == "ratio" else "gain"
    rng = np.random.default_rng(np.random.SeedSequence([ENTROPY, len(method)]))
    ks = rng.choice([0.7, 0.9, 1.0, 1.1, 1.4], sequences)
    hits = 0
    for k in ks:
        est = estimate_k(synthetic_gains(k, n, sigma, noise, rng), method=method)
        hits += est.low <= k <= est.high
    return hits / sequences


def _coverage_case(method: str) -> Outcome:
    return between(coverage(method), 0.935, 0.965, "0.95 +/- 0.015 (2,000 sequences)")


def _model_regimes() -> Outcome:
    from agi_economy.run import simulate

    labels, outcomes = [], []
    steps, gain = 100, 0.02
    for k in (0.7, 1.0, 1.1):
        g = {"rule": "criticality", "k": k, "initial_gain": gain, "iterations_per_month": 1}
        result = simulate(isolated_world(steps, g), seed=1)
        labels.append(result.summary["regime"])
        outcomes.append(near(k, result.summary["k_hat"], rel=1e-6))
        if k < 1:  # the fizzle limit, reached in the model after 100 iterations
            # From the scenario: I_0 and the first gain D_1 = g I_0, then D_n = k^(n-1) D_1.
            i0 = INITIAL_INTELLIGENCE
            expected = i0 + gain * i0 * (1 - k**steps) / (1 - k)
            outcomes.append(near(expected, result.steps["max_intelligence"][-1], rel=1e-12))
    regimes = same("fizzle, combustion, explosion", ", ".join(labels))
    shown = regimes if all(o.passed for o in outcomes) else all_of([regimes, *outcomes])
    return Outcome(shown.expected, shown.got, regimes.passed and shown.passed)


def _summary_matches_frame() -> Outcome:
    from agi_economy.run import simulate

    world = {
        "meta": {"name": "validation", "steps": 60},
        "humans": {"count": 50},
        "agis": {
            "growth": {"rule": "self_finetune", "rho": 0.85, "noise": 0.3, "initial_gain": 0.05},
        },
        "containment": {"audit_rate": 0.0, "escape_scale": 0.0, "iteration_failure": 0.0},
    }
    result = simulate(world, seed=3)
    frame = pooled_k(result.agents, cap=result.scenario.agis.growth.intelligence_cap)
    return all_of(
        [
            near(result.summary["k_hat"], frame.k, rel=1e-9),
            same(result.summary["k_n"], frame.n),
        ]
    )


CASES: tuple[Case, ...] = (
    Case(
        "first box failure: 20,000 draws, eps = 0.05, n = 20",
        "few-shot",
        FEW_SHOT,
        "external",
        _first_failure_draws,
    ),
    Case(
        "model: escapes by step t, eps = 0.05, 2 iterations/step, 600 seeds",
        "few-shot",
        FEW_SHOT,
        "external",
        _few_shot_model,
    ),
    Case(
        "Christiano slow-takeoff test on hand-made series",
        "takeoff",
        CHRISTIANO,
        "external",
        _christiano,
    ),
    Case("Bostrom takeoff years on a hand-made series", "takeoff", BOSTROM, "external", _bostrom),
    Case(
        "model: regimes and k_hat for k = 0.7 / 1 / 1.1",
        "k estimator",
        CRITICALITY,
        "external",
        _model_regimes,
    ),
    Case(
        "interval coverage, noise in the process (ratio)",
        "k estimator",
        STUDENT_T,
        "external",
        partial(_coverage_case, "ratio"),
    ),
    Case(
        "interval coverage, noise on each gain (trend)",
        "k estimator",
        STUDENT_T,
        "external",
        partial(_coverage_case, "trend"),
    ),
    Case(
        "run summary k_hat = estimate from the agent frame",
        "k estimator",
        "run summary",
        "internal",
        _summary_matches_frame,
    ),
)
