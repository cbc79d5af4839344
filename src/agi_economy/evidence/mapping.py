"""From each kind of datum to a likelihood on one parameter of the model.

Every datum becomes a normal likelihood for the logarithm of one positive parameter,
``log(parameter) ~ N(y, se^2)`` (section 6.1 of the model document says why each):

- ``software_returns``: returns to software research r; algorithmic self-improvement is
  the criticality model with k = lambda r (lambda, the share of a doubling of research
  input that the system's own improvement supplies, is a judgement, default 1).
- ``scaling_law``: exponents alpha, beta of L = E + A/N^alpha + B/D^beta; scaling alone
  is the criticality model with k = gamma alpha beta / (alpha + beta), the elasticity of
  capability to reinvested compute (the scaling-law rule's exponent). A source that
  measured the exponent alpha_C of loss in compute on the compute-optimal frontier gives
  k = gamma alpha_C / s_r: alpha beta / (alpha + beta) is that exponent for the reducible
  loss, and a total-loss exponent is the reducible one times the reducible share s_r.
- ``self_improvement``: scores after successive self-training iterations; the gains
  g_j = s_j - s_(j-1) follow g_j = g_1 rho^(j-1), so log g_j is linear in j with slope
  log rho (the self-finetuning rule's rho, its k).
- ``algorithmic_progress``: halving time h of the compute needed for fixed performance,
  i.e. effective compute per FLOP grows at ln 2 / h per month.
- ``compute_growth``: doubling time d of frontier training compute (ln 2 / d per month),
  or a published annual growth factor g, read as d = 12 ln 2 / ln g months.

A published interval [lo, hi] at level c becomes se = (ln hi - ln lo) / (2 z), z the
normal quantile of (1 + c) / 2, centred on ln(value); a standard error s of a value v
becomes s / v (delta method); no published uncertainty becomes the judgement
``unreported_log_se``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field
from scipy.stats import norm

from agi_economy.evidence.library import EvidenceError
from agi_economy.evidence.schema import Measurement, Source

MECHANISMS: dict[str, str] = {
    "software_returns": "algorithmic self-improvement (k = lambda r)",
    "scaling_law": "scaling alone (k = gamma alpha beta / (alpha + beta))",
    "self_improvement": "self-finetuning (k = rho)",
    "algorithmic_progress": "software progress (halving time of compute needed) [months]",
    "compute_growth": "training compute growth (doubling time) [months]",
}
"""What the parameter of each family is, as the reports name it."""

PARAMETERS: dict[str, str] = {
    "software_returns": "k = lambda r",
    "scaling_law": "k = gamma ab/(a+b)",
    "self_improvement": "k = rho",
    "algorithmic_progress": "halving time [months]",
    "compute_growth": "doubling time [months]",
}
"""Short names of each family's parameter, for tables."""

K_FAMILIES: tuple[str, ...] = ("software_returns", "scaling_law", "self_improvement")
"""Families whose parameter is a criticality k (regimes fizzle, combustion, explosion)."""


class MappingSettings(BaseModel):
    """The modelling judgements of the mapping; every one a user can change."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    unreported_log_se: float = Field(
        0.5,
        gt=0.0,
        le=5.0,
        description="Standard error on the log scale given to a number "
        "published without uncertainty.",
    )
    min_log_se: float = Field(
        0.05,
        gt=0.0,
        le=5.0,
        description="Smallest log-scale standard error a curve fit may "
        "claim: a handful of iterations that fall exactly on a line does not make rho exact.",
    )
    parallelism: float = Field(
        1.0,
        gt=0.0,
        le=2.0,
        description="lambda in k = lambda r: how much of a doubling of "
        "research input a doubling of the system's own capability supplies.",
    )
    gamma: float = Field(
        1.0,
        gt=0.0,
        le=10.0,
        description="Exponent from reducible loss to capability, as "
        "agis.growth.gamma: k of scaling = gamma alpha beta / (alpha + beta).",
    )
    reducible_share: float = Field(
        1.0,
        gt=0.0,
        le=1.0,
        description="Share of the loss that is reducible where a source measured the "
        "compute exponent of the total loss (no irreducible term): k = gamma alpha_C / share "
        "(1: read the exponent as is).",
    )
    combustion_band: float = Field(
        0.05,
        gt=0.0,
        lt=1.0,
        description="Half-width of the combustion band: "
        "|k - 1| <= band is combustion, below fizzle, above explosion.",
    )


@dataclass(frozen=True)
class Datum:
    """One likelihood term: log(parameter of ``family``) ~ N(y, se^2) in source ``source``."""

    source: str
    family: str
    year: int
    y: float
    se: float
    label: str


def log_se(m: Measurement, settings: MappingSettings) -> float:
    """Standard error of ln(value) implied by the published uncertainty of ``m``."""
    u = m.uncertainty
    if u.kind == "interval":
        if u.low <= 0.0:
            raise EvidenceError(m.quantity, [f"interval low must be positive (got {u.low})"])
        z = float(norm.ppf(0.5 + u.level / 2.0))
        return (math.log(u.high) - math.log(u.low)) / (2.0 * z)
    if u.kind == "standard_error":
        return u.se / m.value
    return settings.unreported_log_se


def _positive(source: Source, m: Measurement) -> float:
    if m.value <= 0.0:
        raise EvidenceError(source.id, [f"{m.quantity}: must be positive (got {m.value})"])
    return m.value


def map_software_returns(source: Source, settings: MappingSettings) -> Datum:
    """The log of k = lambda r, with the standard error of ln r."""
    m = source.get("r")
    k = settings.parallelism * _positive(source, m)
    return Datum(
        source.id,
        source.family,
        source.citation.year,
        math.log(k),
        log_se(m, settings),
        f"r = {m.value:g}",
    )


def _from_compute_exponent(source: Source, settings: MappingSettings) -> Datum:
    """The log of k = gamma alpha_C / s_r, with the standard error of ln alpha_C.

    On the compute-optimal frontier (C proportional to N D) the loss of the parametric
    law falls as C^(-alpha beta / (alpha + beta)), so a directly measured exponent alpha_C
    of loss in compute is the same elasticity; a total-loss exponent is the reducible
    one times the reducible share s_r (``reducible_share``).
    """
    m = source.get("compute_exponent")
    k = settings.gamma * _positive(source, m) / settings.reducible_share
    return Datum(
        source.id,
        source.family,
        source.citation.year,
        math.log(k),
        log_se(m, settings),
        f"alpha_C = {m.value:g}",
    )


def map_scaling_law(source: Source, settings: MappingSettings) -> Datum:
    """The log of k = gamma alpha beta / (alpha + beta); delta-method se from alpha, beta.

    A source without both exponents but with the compute exponent maps through
    :func:`_from_compute_exponent`.
    """
    have = {m.quantity for m in source.measurements}
    if not {"alpha", "beta"} <= have:
        if "compute_exponent" not in have:
            raise EvidenceError(source.id, ["give alpha and beta, or compute_exponent"])
        return _from_compute_exponent(source, settings)
    ma, mb = source.get("alpha"), source.get("beta")
    a, b = _positive(source, ma), _positive(source, mb)
    k = settings.gamma * a * b / (a + b)
    if ma.uncertainty.kind == "standard_error" and mb.uncertainty.kind == "standard_error":
        da = b / (a * (a + b))  # d ln k / d alpha
        db = a / (b * (a + b))  # d ln k / d beta
        se = math.hypot(da * ma.uncertainty.se, db * mb.uncertainty.se)
    elif ma.uncertainty.kind == "none" or mb.uncertainty.kind == "none":
        se = settings.unreported_log_se
    else:
        raise EvidenceError(source.id, ["alpha, beta: give standard errors (or none)"])
    return Datum(
        source.id,
        source.family,
        source.citation.year,
        math.log(k),
        se,
        f"alpha = {a:g}, beta = {b:g}",
    )


def rho_fit(scores: list[tuple[int, float]], settings: MappingSettings) -> tuple[float, float]:
    """The log of rho and its standard error from scores at successive iterations.

    Least squares of ln g_j on j over the gains g_j = s_j - s_(j-1); the standard error is
    the usual slope error with residual variance on n - 2 degrees of freedom, or the
    judgement ``unreported_log_se`` with only two gains (no residual to estimate it from).
    """
    pts = sorted(scores)
    gains = [(j, s - s0) for (j0, s0), (j, s) in zip(pts, pts[1:], strict=False)]
    if any(j != j0 + 1 for (j0, _), (j, _) in zip(pts, pts[1:], strict=False)):
        raise EvidenceError("score", ["iterations must be consecutive (0, 1, 2, ...)"])
    bad = [j for j, g in gains if g <= 0.0]
    if bad:
        raise EvidenceError(
            "score", [f"the gain at iteration {bad[0]} is not positive: rho needs growing scores"]
        )
    xs = [float(j) for j, _ in gains]
    ys = [math.log(g) for _, g in gains]
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    if n < 3:
        return slope, settings.unreported_log_se
    resid = [y - my - slope * (x - mx) for x, y in zip(xs, ys, strict=True)]
    s2 = sum(r * r for r in resid) / (n - 2)
    return slope, max(math.sqrt(s2 / sxx), settings.min_log_se)


def map_self_improvement(source: Source, settings: MappingSettings) -> Datum:
    """The log of k = rho from the iteration-by-iteration scores."""
    scores = [(m.iteration, m.value) for m in source.measurements if m.quantity == "score"]
    y, se = rho_fit(scores, settings)
    return Datum(source.id, source.family, source.citation.year, y, se, f"{len(scores)} iterations")


def doubling_months(factor: float) -> float:
    """Doubling time in months of growth by ``factor`` a year: 12 ln 2 / ln(factor)."""
    return 12.0 * math.log(2.0) / math.log(factor)


def _from_annual_factor(source: Source, settings: MappingSettings) -> Datum:
    """A published annual growth factor g becomes the doubling time 12 ln 2 / ln g.

    The map is monotone, so an interval on g becomes an interval on the doubling time
    and then a log-scale se as any interval does.
    """
    m = source.get("annual_growth_factor")
    if m.value <= 1.0 or (m.uncertainty.kind == "interval" and m.uncertainty.low <= 1.0):
        raise EvidenceError(source.id, ["annual_growth_factor: must exceed 1 (growth)"])
    y = math.log(doubling_months(m.value))
    if m.uncertainty.kind == "interval":
        u = m.uncertainty
        z = float(norm.ppf(0.5 + u.level / 2.0))
        se = (math.log(doubling_months(u.low)) - math.log(doubling_months(u.high))) / (2.0 * z)
    elif m.uncertainty.kind == "standard_error":
        se = m.uncertainty.se / (m.value * math.log(m.value))  # |d ln d / d g|
    else:
        se = settings.unreported_log_se
    return Datum(source.id, source.family, source.citation.year, y, se, f"{m.value:g}x a year")


def map_time(source: Source, settings: MappingSettings) -> Datum:
    """The log of a halving or doubling time, with the standard error of its log."""
    quantity = "halving_time" if source.family == "algorithmic_progress" else "doubling_time"
    if quantity not in {m.quantity for m in source.measurements}:
        return _from_annual_factor(source, settings)
    m = source.get(quantity)
    return Datum(
        source.id,
        source.family,
        source.citation.year,
        math.log(_positive(source, m)),
        log_se(m, settings),
        f"{m.value:g} {m.unit}",
    )


_MAPPERS = {
    "software_returns": map_software_returns,
    "scaling_law": map_scaling_law,
    "self_improvement": map_self_improvement,
    "algorithmic_progress": map_time,
    "compute_growth": map_time,
}


def to_datum(source: Source, settings: MappingSettings | None = None) -> Datum:
    """The likelihood term of one source."""
    return _MAPPERS[source.family](source, settings or MappingSettings())


def regime_probabilities(k: object, band: float) -> dict[str, float]:
    """P(fizzle), P(combustion), P(explosion) of draws ``k`` with combustion |k - 1| <= band."""
    import numpy as np

    draws = np.asarray(k, dtype=float)
    n = draws.size
    if n == 0:
        raise ValueError("regime probabilities need at least one draw of k")
    fizzle = int(np.count_nonzero(draws < 1.0 - band))
    explosion = int(np.count_nonzero(draws > 1.0 + band))
    # from counts, so that no share is a rounding error below 0 (1 - a - b can be -2e-17)
    return {
        "fizzle": fizzle / n,
        "combustion": (n - fizzle - explosion) / n,
        "explosion": explosion / n,
    }
