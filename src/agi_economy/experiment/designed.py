"""An experiment over a design: from the design's points to its cells and its manifest.

A sweep and an exploration both sample points over varied fields
(:mod:`~agi_economy.experiment.design`), make cells of them (one per point, or every
policy arm at every point), check each point against the scenario and keep each run's
trajectory on one calendar grid. :func:`designed_experiment` does this once for both.
A point the scenario rejects is not an error, only a design all of whose points it
rejects: the runs of a rejected point are recorded as failed, with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from agi_economy.experiment.compare import checked_spacing
from agi_economy.experiment.design import design_points
from agi_economy.experiment.runner import Experiment
from agi_economy.experiment.tasks import Cell
from agi_economy.experiment.vary import Vary
from agi_economy.scenario import ScenarioError, load_scenario

CellsOf = Callable[[list[dict[str, Any]]], tuple[Cell, ...]]
"""Makes an experiment's cells from its design points."""


def invalid_points(
    points: Sequence[Mapping[str, Any]], base: Mapping[str, Any]
) -> list[tuple[int, str]]:
    """The points the scenario rejects, each with the first reason."""
    bad = []
    for i, params in enumerate(points):
        try:
            load_scenario(Cell(f"point {i}", params=dict(params)).scenario(base))
        except ScenarioError as exc:
            bad.append((i, exc.problems[0]))
    return bad


def designed_experiment(
    kind: str,
    base: dict[str, Any],
    varies: Sequence[Vary],
    cells_of: CellsOf,
    *,
    option: str,
    design: str,
    samples: int | None,
    replicates: int,
    seed: int,
    trajectory_points: int | None,
) -> tuple[Experiment, list[dict[str, Any]], list[tuple[int, str]]]:
    """The experiment of a design, its points, and the points the scenario rejects.

    Args:
        kind: the experiment's kind (``sweep``, ``explore``).
        base: the scenario mapping every run starts from.
        varies: the varied fields.
        cells_of: makes the cells from the points.
        option: the command-line option that gave the varied fields (``--vary``,
            ``--uncertain``): named in errors, and the key of the fields in the manifest.
        design: ``grid``, ``lhs`` or ``sobol``.
        samples: the design's sample count.
        replicates: runs per cell.
        seed: the experiment's seed.
        trajectory_points: grid points of each run's kept trajectory (None or 0: none).

    Raises:
        ScenarioError: the scenario rejects every point, or a bad design or grid.
    """
    points = design_points(design, varies, samples, seed)
    bad = invalid_points(points, base)
    if len(bad) == len(points):
        raise ScenarioError(option, [f"every design point is invalid, e.g. {bad[0][1]}"])
    cells = cells_of(points)
    every = checked_spacing(base, cells, trajectory_points)
    spec = {
        "method": design,
        "samples": samples,
        option.removeprefix("--"): [v.as_dict() for v in varies],
        "points": points,
    }
    return Experiment(kind, base, cells, replicates, seed, spec, every), points, bad
