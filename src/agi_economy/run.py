"""Whole runs: :func:`simulate` and the :class:`RunResult` it returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl

from agi_economy import __version__
from agi_economy.model import AGIEconomy
from agi_economy.outcomes import bostrom_takeoff_years, christiano_slow
from agi_economy.scenario import Scenario


@dataclass(frozen=True)
class RunResult:
    """Frames and summary of one run; every frame carries seed, scenario and version."""

    steps: pl.DataFrame
    agents: pl.DataFrame
    events: pl.DataFrame
    summary: dict[str, Any]
    scenario: Scenario


def provenance(model: AGIEconomy) -> dict[str, Any]:
    """Seed, scenario name and package version of a run."""
    return {"seed": model.seed, "scenario": model.scenario_name, "version": __version__}


def summarize(model: AGIEconomy, steps: pl.DataFrame) -> dict[str, Any]:
    """The run summary: takeover, intelligence, k, takeoff speed, escapes, final shares."""
    cfg = model.cfg
    kinds = [e["kind"] for e in model.events]
    estimate = model.k_estimate()
    steps_per_year = 12.0 / cfg.meta.months_per_step
    last = steps.row(-1, named=True)
    summary: dict[str, Any] = {
        "takeover": model.takeover_step is not None,
        "takeover_step": model.takeover_step,
        "steps_run": model.steps,
        "max_intelligence": float(steps["max_intelligence"].max()),
        **estimate.as_dict(),
        "bostrom_takeoff_years": bostrom_takeoff_years(
            steps["max_intelligence"], 1.0, cfg.agis.superhuman, 1.0 / steps_per_year
        ),
        "christiano_slow": christiano_slow(steps["output"], steps_per_year),
        "n_agis": len(model.agis),
        "n_misaligned": sum(not a.aligned for a in model.agis),
        "n_escapes": kinds.count("escape"),
        "n_detections": kinds.count("detection"),
        "n_shutdowns": kinds.count("shutdown"),
        "n_recaptures": kinds.count("recaptured"),
        "rsi_iterations": int(steps["rsi_iterations"].sum()),
        "final_output": last["output"],
        "final_power_share_humans": last["power_share_humans"],
        "final_power_share_labs": last["power_share_labs"],
        "final_power_share_aligned_agi": last["power_share_aligned_agi"],
        "final_power_share_misaligned_agi": last["power_share_misaligned_agi"],
        "final_human_wealth_gini": last["human_wealth_gini"],
    }
    return {**summary, **provenance(model)}


def result_of(model: AGIEconomy) -> RunResult:
    """Frames and summary of a model that has run."""
    steps, agents, events = model.recorder.frames(model.events, provenance(model))
    return RunResult(steps, agents, events, summarize(model, steps), model.cfg)


def simulate(
    scenario: Any = "slow_takeoff",
    *,
    steps: int | None = None,
    seed: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    **overrides: Any,
) -> RunResult:
    """Run a whole scenario and return its frames and summary.

    Args:
        scenario: built-in name, path, mapping or loaded scenario.
        steps: number of steps (defaults to the scenario's ``meta.steps``).
        seed: fixes the run (defaults to the scenario's seed, else a fresh one).
        progress: called as ``progress(step, total)`` after each step.
        **overrides: scenario fields by path with double underscores.
    """
    if steps is not None:
        if isinstance(steps, bool) or not isinstance(steps, int) or steps < 0:
            raise ValueError(f"steps: expected a non-negative integer (got {steps!r})")
        overrides["meta__steps"] = steps
    model = AGIEconomy(scenario, seed=seed, **overrides)
    total = model.cfg.meta.steps
    while model.running and model.steps < total:
        model.step()
        if progress is not None:
            progress(model.steps, total)
    return result_of(model)
