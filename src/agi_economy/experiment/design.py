"""Sampling designs over the varied parameters: grid, Latin hypercube and Sobol.

- ``grid``: ``samples`` levels per parameter (or its listed levels), every combination.
- ``lhs``: ``samples`` points of a Latin hypercube (McKay, Beckman & Conover 1979):
  each parameter's range cut into ``samples`` strata, each stratum sampled once.
- ``sobol``: Saltelli's scheme on a scrambled Sobol' sequence (SALib; Saltelli et al.
  2010), ``samples * (D + 2)`` points for D parameters, from which first- and
  total-order indices are estimated (:mod:`~agi_economy.experiment.sensitivity`).

Every design samples the unit cube and maps it through each parameter's range, so
integer, logarithmic and listed parameters work with all three. Points depend only on
the experiment's seed.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from agi_economy.experiment.seeds import design_rng
from agi_economy.experiment.vary import Vary
from agi_economy.scenario import ScenarioError

DESIGNS = ("grid", "lhs", "sobol")
DEFAULT_SAMPLES = {"grid": 5, "lhs": 32, "sobol": 64}


def sobol_problem(varies: Sequence[Vary]) -> dict[str, Any]:
    """The SALib problem of a design: each parameter on the unit interval."""
    return {
        "num_vars": len(varies),
        "names": [v.path for v in varies],
        "bounds": [[0.0, 1.0]] * len(varies),
    }


def _grid_levels(vary: Vary, samples: int) -> list[Any]:
    if vary.levels is not None:
        return list(vary.levels)
    if samples == 1:
        return [vary.from_unit(0.5)]
    if vary.log:
        values = np.geomspace(vary.low, vary.high, samples)
    else:
        values = np.linspace(vary.low, vary.high, samples)
    if vary.integer:
        return sorted({int(round(v)) for v in values})
    return [float(v) for v in values]


def unit_sample(method: str, dims: int, samples: int, seed: int) -> np.ndarray:
    """Points of an ``lhs`` or ``sobol`` design in the unit cube, one row per point."""
    if method == "lhs":
        rng = design_rng(seed)
        strata = np.stack([rng.permutation(samples) for _ in range(dims)], axis=1)
        return (strata + rng.random((samples, dims))) / samples
    from SALib.sample import sobol

    salib_seed = int(design_rng(seed).integers(1, 2**31 - 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # samples is checked to be a power of two
        return sobol.sample(
            sobol_problem([Vary(str(i), 0, 1) for i in range(dims)]),
            samples,
            calc_second_order=False,
            seed=salib_seed,
        )


MAX_POINTS = 100_000
"""Most points of a design: each becomes a cell held in memory and in the manifest."""
POINT_BYTES = 2048


def design_size(method: str, varies: Sequence[Vary], samples: int) -> int:
    """How many points a design has, counted without building it."""
    if method == "grid":
        return math.prod(len(v.levels) if v.levels is not None else samples for v in varies)
    return samples * (len(varies) + 2) if method == "sobol" else samples


def design_points(
    method: str, varies: Sequence[Vary], samples: int | None, seed: int
) -> list[dict[str, Any]]:
    """The parameter values of every point of a design, in design order.

    Raises:
        ScenarioError: an unknown design, no parameter, or a sample count it cannot use.
    """
    if method not in DESIGNS:
        raise ScenarioError("--design", [f"unknown design {method!r}: expected one of {DESIGNS}"])
    if not varies:
        raise ScenarioError("--vary", ["give at least one parameter to vary"])
    paths = [v.path for v in varies]
    if len(set(paths)) != len(paths):
        raise ScenarioError("--vary", ["a parameter is varied twice"])
    samples = DEFAULT_SAMPLES[method] if samples is None else samples
    if samples < 1:
        raise ScenarioError("--samples", [f"expected a positive number (got {samples})"])
    points = design_size(method, varies, samples)
    if points > MAX_POINTS:
        raise ScenarioError(
            "--samples",
            [
                f"the {method} design would have {points:,} points; at most {MAX_POINTS:,} "
                f"(its cells alone would need about {points * POINT_BYTES / 2**30:,.1f} GB)"
            ],
        )
    if method == "grid":
        levels = [_grid_levels(v, samples) for v in varies]
        return [dict(zip(paths, combo, strict=True)) for combo in itertools.product(*levels)]
    if any(v.levels is not None and len(v.levels) < 2 for v in varies):
        raise ScenarioError("--vary", ["listed levels need at least two values"])
    if method == "sobol" and samples & (samples - 1):
        raise ScenarioError(
            "--samples", [f"a Sobol design needs a power of two (got {samples}; try 64)"]
        )
    units = unit_sample(method, len(varies), samples, seed)
    return [
        {v.path: v.from_unit(float(u)) for v, u in zip(varies, row, strict=True)} for row in units
    ]


def varied_values(varies: Sequence[Vary], size: int, seed: int) -> dict[str, tuple[Any, ...]]:
    """``size`` values of each varied field at the points of one Latin hypercube.

    A forecast adds them to its pool of posterior draws, so a listed dimension (the
    growth rule) holds each level in its weight's share of the pool, whatever the pool's
    other columns hold.
    """
    units = unit_sample("lhs", len(varies), size, seed)
    return {v.path: tuple(v.from_unit(u) for u in units[:, j]) for j, v in enumerate(varies)}


def varied_rules(varies: Sequence[Vary]) -> list[str]:
    """The growth rules a ``agis.growth.rule`` dimension can take (weight above 0)."""
    rules: list[str] = []
    for v in varies:
        if v.path == "agis.growth.rule" and v.levels is not None:
            weights = v.weights or (1.0,) * len(v.levels)
            rules += [str(r) for r, w in zip(v.levels, weights, strict=True) if w > 0]
    return rules
