"""Labs, proto-AGIs and people: the state and behaviour of each, and their Mesa views.

:class:`Lab` and :class:`ProtoAGI` are plain objects owned by the
:class:`~agi_economy.world.World`; the phases act on them without a Mesa model.
:class:`LabAgent` and :class:`AGIAgent` are the thin Mesa agents the model places on
its network, each a view of one of them. People are many: their state lives in the
world's arrays (:class:`~agi_economy.population.Population`) and a :class:`Human` is
a view of one row, so a step costs time linear in people.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
from mesa.discrete_space import CellAgent

from agi_economy.growth import GrowthContext, GrowthState
from agi_economy.levers import Levers

if TYPE_CHECKING:
    from agi_economy.model import AGIEconomy
    from agi_economy.world import World

BOXED, DEPLOYED, ESCAPED, SHUTDOWN = "boxed", "deployed", "escaped", "shutdown"
STATUSES = (BOXED, DEPLOYED, ESCAPED, SHUTDOWN)
CONTROLLED = (BOXED, DEPLOYED)
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
        """Output per month before automation [worker-outputs/month]."""
        return float(self.model.population.productivity[self.index])

    @property
    def role(self) -> str:
        """``worker``, ``auditor`` or ``regulator``."""
        return ROLES[int(self.model.population.role[self.index])]


class Lab:
    """An AI lab: budget, compute, safety, box and the proto-AGIs it owns."""

    unique_id: int

    def __init__(
        self,
        world: World,
        *,
        capital: float,
        compute: float,
        safety_fraction: float,
        compliance: float,
        interpretability: float,
        careless: bool,
    ):
        self.world = world
        self.capital = capital
        self.compute = compute
        self.base_safety_fraction = safety_fraction
        self.safety_fraction = safety_fraction
        self.safety_stock = 0.0
        self.box_strength = world.cfg.containment.box_strength
        self.base_interpretability = interpretability
        self.compliance = compliance
        self.careless = careless
        self.racing_pressure = world.cfg.labs.racing_pressure
        self.last_training_compute = compute
        self.trend_compute = compute  # its level on labs.compute_growth's trend, if set
        self.last_training_month = 0.0
        self.agis: list[ProtoAGI] = []
        self.levers = Levers()

    @property
    def interpretability(self) -> float:
        """Audit detection chance at no capability gap, with any mandated investment."""
        return min(1.0, self.base_interpretability + self.levers.interpretability)

    @property
    def active_agis(self) -> list[ProtoAGI]:
        """Its AGIs still under its control (boxed or deployed)."""
        return [a for a in self.agis if a.status in CONTROLLED]

    @property
    def capability(self) -> float:
        """Intelligence of its most capable AGI under its control [I]."""
        return max([a.state.intelligence for a in self.agis if a.status in CONTROLLED], default=0.0)

    def set_safety(self, perceived_leader: float, own: float | None = None) -> None:
        """Racing: s = s_base (1 - racing * behind), behind = relative gap to the leader.

        ``own`` is the lab's capability when the caller has it (else it is computed).
        """
        own = self.capability if own is None else own
        behind = 0.0 if perceived_leader <= 0.0 else max(0.0, 1.0 - own / perceived_leader)
        s = self.base_safety_fraction * (1.0 - self.racing_pressure * behind)
        self.safety_fraction = max(s, self.levers.safety_floor)

    def funding(self) -> float:
        """This step's outside investment (``labs.funding`` per person per month) [wealth]."""
        return self.world.clock.amount(self.world.cfg.labs.funding) * self.world.scale

    def spend(self, spend_share: float, price: float, inflow: float = 0.0, kept: float = 1.0):
        """Take in ``inflow`` and spend on safety (box) and capability (compute).

        The budget is ``spend_share`` of the capital held at the step's start plus the
        part of the inflow, arriving through the step, that is spent before it ends
        (1 - ``kept``).
        """
        budget = spend_share * self.capital + (1.0 - kept) * inflow
        self.capital += inflow - budget
        self.safety_stock += self.safety_fraction * budget
        bought = (1.0 - self.safety_fraction) * budget / price
        self.compute = min(self.compute + bought, max(self.levers.compute_cap, 0.0))
        c = self.world.cfg.containment
        per_person = self.safety_stock / self.world.scale
        self.box_strength = max(
            c.box_strength + c.box_safety_coefficient * math.sqrt(per_person),
            self.levers.box_floor,
        )

    def ready_to_train(self, capability: float | None = None) -> bool:
        """Compute has passed the next training threshold and policy allows training.

        ``capability`` is the lab's capability when the caller has it (else computed).
        """
        c = self.world.cfg.labs
        return (
            self.levers.licensed
            and (self.capability if capability is None else capability) < self.levers.pause_above
            and self.world.months - self.last_training_month >= c.training_interval - 1e-9
            and self.compute >= self.last_training_compute * c.training_threshold
        )

    def compute_share(self) -> float:
        """Compute each of its active AGIs trains and runs on [compute units]."""
        return self.compute / max(len(self.active_agis), 1)


class ProtoAGI:
    """A proto-AGI: intelligence, growth rule, hidden alignment, status and power.

    Besides its state it keeps what the k estimator needs of its last observed
    self-improvement: each step in which it performed iterations it records its gain
    and the gain it would have made with the inputs (iterations, compute, time) of its
    previous such step, so that returns on reinvested intelligence and growth of the
    inputs can be told apart (see :mod:`agi_economy.analysis`).
    """

    unique_id: int

    def __init__(
        self,
        *,
        lab: Lab,
        rule,
        state: GrowthState,
        aligned: bool,
        myopia: float,
        impact_regularisation: float,
        contacts: np.ndarray,
        born: int = 0,
    ):
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
        self.born = born
        self.last_gain = 0.0
        self.last_iterations = 0
        self.last_gain_same_inputs: float | None = None
        self._last_inputs: tuple[int, GrowthContext | None] | None = None

    @property
    def intelligence(self) -> float:
        """Capability index I (1 = par-human)."""
        return self.state.intelligence

    @property
    def active(self) -> bool:
        """Still running: boxed, deployed or escaped."""
        return self.status != SHUTDOWN

    @property
    def controlled(self) -> bool:
        """Held by its lab: boxed or deployed."""
        return self.status in CONTROLLED

    def improve(self, iterations: int, ctx: GrowthContext, rng: np.random.Generator) -> float:
        """Run this step's RSI iterations with its growth rule; return the gain.

        Iterations counted are those the rule performed (``state.iteration`` moved).
        """
        before = self.state
        same_inputs: float | None = None
        twin_needed = False
        if iterations > 0 and self._last_inputs is not None:
            n_prev, ctx_prev = self._last_inputs
            twin_needed = n_prev != iterations or (uses_inputs(self.rule) and ctx_prev != ctx)
            if twin_needed:
                # The same draws with the previous step's inputs: only the inputs differ.
                same_inputs = self._twin_gain(before, n_prev, ctx_prev, rng)
        self.state = self.rule.advance(before, iterations, ctx, rng)
        gain = self.state.intelligence - before.intelligence
        performed = self.state.iteration - before.iteration
        self.last_gain, self.last_iterations = gain, performed
        if iterations > 0 and self._last_inputs is not None and not twin_needed:
            same_inputs = gain  # this step's inputs were the previous step's
        self.last_gain_same_inputs = same_inputs
        if performed > 0:
            self._last_inputs = (performed, ctx)
        return gain

    def _twin_gain(
        self, before: GrowthState, iterations: int, ctx: GrowthContext, rng: np.random.Generator
    ) -> float:
        """The gain from ``before`` with other inputs, on the draws the real step will use."""
        if not getattr(self.rule, "stochastic", True):
            return (
                self.rule.advance(before, iterations, ctx, rng).intelligence - before.intelligence
            )
        saved = rng.bit_generator.state
        try:
            twin = self.rule.advance(before, iterations, ctx, rng)
        finally:
            rng.bit_generator.state = saved  # the run's stream is as if the twin never ran
        return twin.intelligence - before.intelligence

    def rest(self) -> None:
        """A step without self-improvement: no gain, no iterations."""
        self.last_gain, self.last_iterations, self.last_gain_same_inputs = 0.0, 0, None

    def roll_back(self, fraction: float) -> None:
        """Return to its last audited checkpoint, losing ``fraction`` of what it gained since."""
        lost = fraction * max(self.state.intelligence - self.checkpoint, 0.0)
        self.state = self.state.with_(intelligence=self.state.intelligence - lost)
        self.rest()
        self._last_inputs = None  # no ratio spans a rollback


def uses_inputs(rule: Any) -> bool:
    """Whether a rule's gains depend on the step's inputs (compute, time), not only on I."""
    return bool(getattr(rule, "uses_inputs", True))


class _View(CellAgent):
    """A Mesa agent that shows one lab or AGI of the world (attributes read through)."""

    def __init__(self, model: AGIEconomy, subject: Lab | ProtoAGI):
        super().__init__(model)
        self.subject = subject
        self.unique_id = subject.unique_id  # the world numbers labs and AGIs after people

    def __getattr__(self, name: str) -> Any:
        subject = self.__dict__.get("subject")
        if subject is None:
            raise AttributeError(name)
        return getattr(subject, name)


class LabAgent(_View):
    """The Mesa agent of a :class:`Lab`."""


class AGIAgent(_View):
    """The Mesa agent of a :class:`ProtoAGI`."""
