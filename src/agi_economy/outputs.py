"""Writing a run to a folder: Parquet frames, the summary and the resolved scenario."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import tomli_w

from agi_economy.scenario import Scenario


def scenario_toml(scenario: Scenario, seed: int | None = None) -> str:
    """The fully resolved scenario as TOML; with ``seed`` set, it repeats the run exactly."""
    data = scenario.model_dump(mode="json", exclude_none=True, exclude={"extends"})
    if seed is not None:
        data["meta"]["seed"] = seed
    return tomli_w.dumps(_finite(data))


def _finite(value: Any) -> Any:
    """Check that no NaN or inf reaches a file; TOML and JSON outputs stay portable."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"non-finite value {value!r} in output")
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def write_run(result, out: Path) -> list[Path]:
    """Write steps/agents/events Parquet, summary.json and scenario.toml into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "steps": out / "steps.parquet",
        "agents": out / "agents.parquet",
        "events": out / "events.parquet",
    }
    result.steps.write_parquet(paths["steps"])
    result.agents.write_parquet(paths["agents"])
    result.events.write_parquet(paths["events"])
    summary = out / "summary.json"
    summary.write_text(json.dumps(_finite(result.summary), indent=2, allow_nan=False) + "\n")
    scenario = out / "scenario.toml"
    scenario.write_text(scenario_toml(result.scenario, result.summary["seed"]))
    return [*paths.values(), summary, scenario]
