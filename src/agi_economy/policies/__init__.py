"""Policy interventions: the library, triggers, compliance and the engine that applies them.

The typed specs live in :mod:`agi_economy.scenario.policy_schema` (a scenario's
``[[policies]]``), the trigger language in :mod:`agi_economy.scenario.trigger_schema`;
:class:`PolicyEngine` turns the active ones into each lab's
:class:`~agi_economy.levers.Levers` every step.
"""

from agi_economy.policies.engine import PolicyEngine
from agi_economy.policies.spec import parse_arm, parse_policy_spec, split_arm
from agi_economy.scenario.policy_schema import POLICIES, PolicySpec, policy_from
from agi_economy.scenario.trigger_schema import METRICS, Condition, Trigger

__all__ = [
    "METRICS",
    "POLICIES",
    "Condition",
    "PolicyEngine",
    "PolicySpec",
    "Trigger",
    "parse_arm",
    "parse_policy_spec",
    "policy_from",
    "split_arm",
]
