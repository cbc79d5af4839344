"""Policy interventions: the engine that turns active policies into each lab's levers.

Placeholder engine for scenarios without policies: every lab keeps neutral levers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from agi_economy.levers import Levers


class PolicyEngine:
    """Evaluates policy triggers each step and sets every lab's levers."""

    def __init__(self, policies: Sequence[Any]):
        self.policies = list(policies)

    def update(self, model: Any) -> None:
        """Set each lab's levers for this step."""
        for lab in model.labs:
            lab.levers = Levers()
