"""Lab, ProtoAGI and Human: thin Mesa agents over the model's state.

Labs and AGIs are few and carry their own state. People are many: their state lives
in the model's arrays (:class:`~agi_economy.population.Population`) and a
:class:`Human` is a view of one row, so a step costs time linear in people.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from mesa.discrete_space import CellAgent

from agi_economy.growth import GrowthContext, GrowthState
from agi_economy.growth.base import GAIN_RESOLUTION
from agi_economy.levers import Levers

if TYPE_CHECKING:
    from agi_economy.model import AGIEconomy

BOXED, DEPLOYED, ESCAPED, SHUTDOWN = "boxed", "deployed", "escaped", "shutdown"
STATUSES = (BOXED, DEPLOYED, ESCAPED, SHUTDOWN)
ROLES = ("worker", "auditor", "regulator")


class Human(CellAgent):
    """A person: wealth (power), role and productivity, read from the model's arrays."""

    def __init__(self, model: AGIEconomy, index: int):
        super().__init__(model)
        self.index = index

    @property
    def wealth(self) -> float:
        """Wealth held [wealth units]."""
        return float(self.model.population.wealth[self.index])

    @property
    def productivity(self) -> float:
        """Output per step before automation [worker-outputs]."""
        return float(self.model.population.productivity[self.index])

    @property
    def role(self) -> str:
        """``worker``, ``auditor`` or ``regulator``."""
        return ROLES[int(self.model.population.role[self.index])]


class Lab(CellAgent):
    """An AI lab: budget, compute, safety, box and the proto-AGIs it owns."""

    def __init__(
        self,
        model: AGIEconomy,
        *,
        capital: float,
        compute: float,
        safety_fraction: float,
        compliance: float,
        interpretability: float,
        careless: bool,
    ):
        super().__init__(model)
        self.capital = capital
        self.compute = compute
        self.base_safety_fraction = safety_fraction
        self.safety_fraction = safety_fraction
        self.safety_stock = 0.0
        self.box_strength = model.cfg.containment.box_strength
        self.base_interpretability = interpretability
        self.compliance = compliance
        self.careless = careless
        self.racing_pressure = model.cfg.labs.racing_pressure
        self.last_training_compute = compute
        self.last_training_step = 0
        self.agis: list[ProtoAGI] = []
        self.levers = Levers()

    @property
    def interpretability(self) -> float:
        """Audit detection chance at no capability gap, with any mandated investment."""
        return min(1.0, self.base_interpretability + self.levers.interpretability)

    @property
    def active_agis(self) -> list[ProtoAGI]:
        """Its AGIs still under its control (boxed or deployed)."""
        return [a for a in self.agis if a.status in (BOXED, DEPLOYED)]

    @property
    def capability(self) -> float:
        """Intelligence of its most capable AGI under its control [I]."""
        return max((a.intelligence for a in self.active_agis), default=0.0)

    def set_safety(self, perceived_leader: float) -> None:
        """Racing: s = s_base (1 - racing * behind), behind = relative gap to the leader."""
        own = self.capability
        behind = 0.0 if perceived_leader <= 0.0 else max(0.0, 1.0 - own / perceived_leader)
        s = self.base_safety_fraction * (1.0 - self.racing_pressure * behind)
        self.safety_fraction = max(s, self.levers.safety_floor)

    def raise_funds(self) -> None:
        """Receive this step's outside investment (``labs.funding`` per person)."""
        self.capital += self.model.cfg.labs.funding * self.model.scale

    def spend(self, spend_fraction: float, price: float) -> None:
        """Spend a share of capital on safety (box) and capability (compute)."""
        budget = spend_fraction * self.capital
        self.capital -= budget
        self.safety_stock += self.safety_fraction * budget
        bought = (1.0 - self.safety_fraction) * budget / price
        self.compute = min(self.compute + bought, max(self.levers.compute_cap, 0.0))
        c = self.model.cfg.containment
        per_person = self.safety_stock / self.model.scale
        self.box_strength = max(
            c.box_strength + c.box_safety_coefficient * math.sqrt(per_person),
            self.levers.box_floor,
        )

    def ready_to_train(self) -> bool:
        """Compute has passed the next training threshold and policy allows training."""
        c = self.model.cfg.labs
        return (
            self.levers.licensed
            and self.capability < self.levers.pause_above
            and self.model.steps - self.last_training_step >= c.training_interval
            and self.compute >= self.last_training_compute * c.training_threshold
        )

    def compute_share(self) -> float:
        """Compute each of its active AGIs trains and runs on [compute units]."""
        return self.compute / max(len(self.active_agis), 1)


class ProtoAGI(CellAgent):
    """A proto-AGI: intelligence, growth rule, hidden alignment, status and power."""

    def __init__(
        self,
        model: AGIEconomy,
        *,
        lab: Lab,
        rule,
        state: GrowthState,
        aligned: bool,
        myopia: float,
        impact_regularisation: float,
        contacts: np.ndarray,
    ):
        super().__init__(model)
        self.lab = lab
        self.rule = rule
        self.state = state
        self.aligned = aligned
        self.myopia = myopia
        self.impact_regularisation = impact_regularisation
        self.status = BOXED
        self.wealth = 0.0
        self.compute = 0.0  # held only once escaped; a lab's AGIs run on the lab's compute
        self.contacts = contacts
        self.reach = contacts
        self.audits_passed = 0
        self.checkpoint = state.intelligence
        self.born = model.steps
        self.last_gain = 0.0
        self.last_iterations = 0
        # Running sums of log ratios of successive per-step gains (the k estimator).
        self.k_stats = np.zeros(3)  # n, sum, sum of squares
        self._k_last = (0.0, 0)  # last gain the estimator could read, and its iterations

    @property
    def intelligence(self) -> float:
        """Capability index I (1 = par-human)."""
        return self.state.intelligence

    @property
    def active(self) -> bool:
        """Still running: boxed, deployed or escaped."""
        return self.status != SHUTDOWN

    def improve(self, iterations: int, ctx: GrowthContext, rng: np.random.Generator) -> float:
        """Run this step's RSI iterations with its growth rule; return the gain."""
        before = self.state.intelligence
        self.state = self.rule.advance(self.state, iterations, ctx, rng)
        gain = self.state.intelligence - before
        # A gain cut short by saturation, or lost in rounding, says nothing about k.
        i = self.state.intelligence
        readable = i < self.rule.cap and gain > GAIN_RESOLUTION * i
        self._track_gain(gain if readable else 0.0, iterations)
        self.last_gain = gain
        return gain

    def _track_gain(self, gain: float, iterations: int) -> None:
        prev, prev_iterations = self._k_last
        if gain > 0.0 and prev > 0.0 and iterations == prev_iterations and iterations > 0:
            r = math.log(gain / prev) / iterations
            self.k_stats += (1.0, r, r * r)
        self._k_last = (gain, iterations)
        self.last_iterations = iterations

    def roll_back(self, fraction: float) -> None:
        """Return to its last audited checkpoint, losing ``fraction`` of what it gained since."""
        lost = fraction * max(self.state.intelligence - self.checkpoint, 0.0)
        self.state = self.state.with_(intelligence=self.state.intelligence - lost)
        self.last_gain, self.last_iterations = 0.0, 0
        self._k_last = (0.0, 0)  # no ratio spans a rollback
        self._k_last = (0.0, 0)
