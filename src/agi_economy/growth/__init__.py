"""Growth rules of recursive self-improvement: small, pure and swappable.

A rule has ``initial_state(intelligence, initial_gain)`` and
``advance(state, iterations, ctx, rng) -> GrowthState``: a pure function of the AGI's
state, this step's resources and the generator the model hands down. Every rule
saturates at the intelligence cap, so a foom never produces NaN or inf.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from agi_economy.growth.base import GrowthContext, GrowthState, saturate
from agi_economy.growth.breakthroughs import Breakthroughs
from agi_economy.growth.criticality import Criticality, criticality_path
from agi_economy.growth.domain_returns import DomainReturns
from agi_economy.growth.scaling_law import FITS, ChinchillaFit, ScalingLaw
from agi_economy.growth.self_finetune import SelfFinetune
from agi_economy.growth.software_r import SoftwareR
from agi_economy.scenario.schema import GrowthConfig


class GrowthRule(Protocol):
    """What the model needs of a growth rule."""

    name: str

    def initial_state(self, intelligence: float, initial_gain: float) -> GrowthState:
        """State of a new AGI."""

    def advance(
        self, state: GrowthState, iterations: int, ctx: GrowthContext, rng: np.random.Generator
    ) -> GrowthState:
        """State after this step's iterations."""


def build_rule(cfg: GrowthConfig, domain_bounds: tuple[float, ...], rule: str | None = None):
    """The growth rule named by ``cfg.rule`` (or ``rule``), with ``cfg``'s parameters."""
    name = rule or cfg.rule
    cap = cfg.intelligence_cap
    if name == "criticality":
        return Criticality(cfg.k, cap)
    if name == "domain_returns":
        return DomainReturns(
            cfg.domain_k,
            domain_bounds,
            cfg.threshold,
            cfg.threshold_boost,
            cfg.max_valuable_intelligence,
            cfg.k_above_max,
            cap,
        )
    if name == "scaling_law":
        return ScalingLaw(FITS[cfg.fit], cfg.gamma, cfg.reference_compute, cap)
    if name == "self_finetune":
        return SelfFinetune(cfg.rho, cfg.noise, cfg.ceiling, cap)
    if name == "software_r":
        return SoftwareR(
            speedup=cfg.software_speedup,
            returns=cfg.software_returns,
            limit_years=cfg.software_limit_years,
            parallel=cfg.software_parallel,
            labour_share=cfg.software_labour_share,
            rho=cfg.software_rho,
            doubling_months=cfg.software_doubling_months,
            software_share=cfg.software_share,
            constant_r=cfg.software_constant_r,
            reference_flop=cfg.software_reference_compute * cfg.flop_per_compute_unit,
            iterations_per_month=cfg.iterations_per_month,
            cap=cap,
        )
    if name == "breakthroughs":
        return Breakthroughs(
            build_rule(cfg, domain_bounds, cfg.base_rule),
            cfg.breakthrough_rate,
            cfg.breakthrough_exponent,
            cfg.jump_mu,
            cfg.jump_sigma,
            cap,
        )
    raise ValueError(f"agis.growth.rule: unknown rule {name!r}")


__all__ = [
    "FITS",
    "Breakthroughs",
    "ChinchillaFit",
    "Criticality",
    "DomainReturns",
    "GrowthContext",
    "GrowthRule",
    "GrowthState",
    "ScalingLaw",
    "SelfFinetune",
    "SoftwareR",
    "build_rule",
    "criticality_path",
    "saturate",
]
