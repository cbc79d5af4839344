"""Whole runs: :func:`simulate` and the :class:`RunResult` it returns."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl

from agi_economy import __version__
from agi_economy.analysis import agi_gain_series, input_growth, pooled_k
from agi_economy.clock import Clock
from agi_economy.finite import check_finite
from agi_economy.gc_pause import collector_paused
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

    def plot(self, kind: str = "intelligence") -> Any:
        """A matplotlib figure of the run: ``intelligence``, ``power`` or ``output``."""
        from agi_economy import plots

        figures = {
            "intelligence": lambda: plots.intelligence_figure(
                self.agents, self.steps, self.scenario, self.events
            ),
            "power": lambda: plots.power_figure(self.steps, self.scenario),
            "output": lambda: plots.output_figure(self.steps, self.scenario),
        }
        if kind not in figures:
            raise ValueError(f"kind: expected one of {', '.join(figures)} (got {kind!r})")
        return figures[kind]()


def provenance(model: AGIEconomy) -> dict[str, Any]:
    """Seed, scenario name and package version of a run."""
    return {"seed": model.seed, "scenario": model.scenario_name, "version": __version__}


def _ln_growth_per_year(output: pl.Series, years: float) -> float | None:
    """Continuous annual growth rate of output, ln(Y_T / Y_0) / years (None if undefined)."""
    if output.len() < 2 or years <= 0:
        return None
    first, last = float(output[0]), float(output[-1])
    if not (first > 0 and last > 0 and math.isfinite(first) and math.isfinite(last)):
        return None
    return math.log(last / first) / years


def summarize(
    steps: pl.DataFrame, agents: pl.DataFrame, events: pl.DataFrame, scenario: Scenario
) -> dict[str, Any]:
    """The run summary, a pure function of what a run writes.

    Every measure is taken at the run's horizon (its last step): a takeover is an
    event, and the world goes on after it. ``max_intelligence`` is the highest
    intelligence reached by the horizon, the ``final_*`` shares are those at it.
    """
    cfg = scenario
    clock = Clock(cfg.meta.months_per_step)
    cap = cfg.agis.growth.intelligence_cap
    kinds = events["kind"].to_list()
    takeover_step = int(events["step"][kinds.index("takeover")]) if "takeover" in kinds else None
    last = steps.row(-1, named=True)
    steps_run = int(last["step"])
    agis = agents.filter(pl.col("kind") == "agi")
    first_rows = agis.sort("step").group_by("agent_id", maintain_order=True).first()
    series = agi_gain_series(agents, cap)  # both estimates read the same pairs of gains
    estimate = pooled_k(agents, cap=cap, series=series)
    inputs = input_growth(agents, clock.years_per_step, cap=cap, series=series)
    summary: dict[str, Any] = {
        "takeover": takeover_step is not None,
        "takeover_step": takeover_step,
        "takeover_year": clock.years(takeover_step) if takeover_step is not None else None,
        "steps_run": steps_run,
        "horizon_years": clock.years(steps_run),
        "max_intelligence": float(steps["max_intelligence"].max()),
        **estimate.as_dict(),
        "input_growth": inputs.k,
        "input_growth_low": inputs.low,
        "input_growth_high": inputs.high,
        "bostrom_takeoff_years": bostrom_takeoff_years(
            steps["max_intelligence"], 1.0, cfg.agis.superhuman, clock.years_per_step
        ),
        "christiano_slow": christiano_slow(steps["output"], clock.steps_per_year),
        "superhuman_year": _first_year_at(steps, cfg.agis.superhuman, clock),
        "output_growth": _ln_growth_per_year(steps["output"], clock.years(steps_run)),
        "n_agis": first_rows.height,
        "n_misaligned": int((~first_rows["aligned"]).sum()) if first_rows.height else 0,
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
    tags = {k: last[k] for k in ("seed", "scenario", "version") if k in last}
    return {**summary, **tags}


def _first_year_at(steps: pl.DataFrame, level: float, clock: Clock) -> float | None:
    """Years to the end of the first step whose largest intelligence reaches ``level``."""
    reached = (steps["max_intelligence"] >= level).arg_true()
    return clock.years(int(steps["step"][reached[0]])) if reached.len() else None


def result_of(model: AGIEconomy) -> RunResult:
    """Frames and summary of a model that has run."""
    steps, agents, events = model.recorder.frames(model.events, provenance(model))
    check_finite(model.scenario_name, {"steps": steps, "agents": agents})
    return RunResult(steps, agents, events, summarize(steps, agents, events, model.cfg), model.cfg)


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
    # The collector is held off for the whole run, its build and frames too, not only
    # during each step (AGIEconomy.step): between steps it would rescan what each left.
    # The finished model is collected as the run returns (it is garbage by then).
    with collector_paused(collect_after=True):
        return _run(scenario, seed, progress, overrides)


def _run(
    scenario: Any, seed: int | None, progress: Callable[[int, int], None] | None, overrides: dict
) -> RunResult:
    """Build, step and read out one model, which is no longer referred to once this returns."""
    with AGIEconomy(scenario, seed=seed, **overrides) as model:
        total = model.cfg.meta.steps
        while model.running and model.steps < total:
            model.step()
            if progress is not None:
                progress(model.steps, total)
        return result_of(model)
