"""Scenario schema, TOML loading, ``extends`` and dotted overrides."""

from agi_economy.scenario.loader import (
    ScenarioError,
    apply_overrides,
    builtin_dir,
    builtin_names,
    load_scenario,
    parse_value,
)
from agi_economy.scenario.schema import DOMAIN_NAMES, GrowthConfig, Scenario

__all__ = [
    "DOMAIN_NAMES",
    "GrowthConfig",
    "Scenario",
    "ScenarioError",
    "apply_overrides",
    "builtin_dir",
    "builtin_names",
    "load_scenario",
    "parse_value",
]
