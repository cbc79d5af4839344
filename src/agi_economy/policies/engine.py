"""The policy engine: switches policies on and off and sets every lab's levers.

At the start of each step (and once when the model is built) each policy's trigger
is evaluated on the state the previous step left. When a policy switches on, each lab
draws once whether it complies, with chance ``c + e (1 - c)`` for the lab's
compliance ``c`` and the policy's enforcement ``e``; the draw holds while the policy
stays on and is drawn afresh if it switches on again. A lab's levers are the
strictest combination (:meth:`Levers.combine`) of the policies that bind it.

Compliance draws come from a generator of their own per policy, spawned from the
model's seed (``SeedSequence(seed, spawn_key=(POLICY_STREAM, i))``), not from the
model's generator: the draws are reproducible, and a policy that never binds leaves
the run exactly as it would be without it, so paired comparisons stay paired.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from pydantic import ValidationError

from agi_economy.levers import Levers
from agi_economy.policies.metrics import EventCounts, StateMeasures
from agi_economy.scenario import ScenarioError
from agi_economy.scenario.policy_schema import PolicySpec, policy_from

POLICY_STREAM = 0x504F4C  # spawn key of the compliance generators ("POL")


@dataclass
class PolicyState:
    """Where one policy stands: on or off, since when, and which labs comply."""

    spec: PolicySpec
    stream: int
    on: bool = False
    since: float | None = None  # calendar month it switched on
    ended: bool = False
    removed: bool = False
    complies: dict[int, bool] = field(default_factory=dict)
    rng: np.random.Generator | None = None


def _spec(value: Any) -> PolicySpec:
    try:
        return policy_from(value)
    except ValidationError as exc:
        problems = [
            f"{'.'.join(str(p) for p in e['loc']) or 'policy'}: {e['msg']}" for e in exc.errors()
        ]
        raise ScenarioError("policy", problems) from None


_EPS = 1e-9  # calendar months that differ by rounding only are the same month


def _start_month(world: Any) -> float:
    """Calendar month at which the step about to run starts (the build counts as step 1)."""
    return world.clock.months(max(world.steps - 1, 0))


class PolicyEngine:
    """Evaluates policy triggers each step and sets every lab's levers.

    Args:
        policies: validated policy specs (a scenario's ``policies``) or their tables.
    """

    def __init__(self, policies: Iterable[Any] = ()):
        self.states: list[PolicyState] = []
        self._counts = EventCounts()
        self._combined: dict[tuple, list[Levers]] = {}  # see _key
        for policy in policies:
            self.add(policy)

    # ------------------------------------------------------------------ live changes

    def add(self, policy: Any) -> int:
        """Add a policy (a spec or its table); it is evaluated from the next update."""
        self.states.append(PolicyState(_spec(policy), stream=len(self.states)))
        return len(self.states) - 1

    def remove(self, index: int) -> None:
        """Withdraw policy ``index``; it switches off (and is logged) at the next update."""
        self.states[index].removed = True

    @property
    def policies(self) -> list[PolicySpec]:
        """The specs not withdrawn, in order."""
        return [s.spec for s in self.states if not s.removed]

    def active(self) -> list[PolicySpec]:
        """The specs on now."""
        return [s.spec for s in self.states if s.on]

    # ------------------------------------------------------------------ each step

    def update(self, model: Any) -> None:
        """Switch policies on or off for this step and set each lab's levers."""
        measure = StateMeasures(model, self._counts)
        month = _start_month(model)
        for state in self.states:
            want = self._wanted(state, measure, month)
            if want and not state.on:
                self._switch_on(state, model)
            elif state.on and not want:
                self._switch_off(state, model)
        self._set_levers(model)

    def _wanted(self, state: PolicyState, measure: StateMeasures, month: float) -> bool:
        """Whether the policy should be on in the step that starts at calendar ``month``."""
        t = state.spec.trigger
        if state.removed or state.ended or month < t.from_month - _EPS:
            return False
        if t.until_month is not None and month >= t.until_month - _EPS:
            return False
        if state.on and t.duration is not None:
            if month - state.since >= t.duration - _EPS:
                state.ended = True
                return False
            return True
        if state.on and t.latch:
            return True
        return t.when is None or t.when.holds(measure)

    def _switch_on(self, state: PolicyState, model: Any) -> None:
        if state.rng is None:
            seq = np.random.SeedSequence(model.seed, spawn_key=(POLICY_STREAM, state.stream))
            state.rng = np.random.default_rng(seq)
        state.on, state.since, state.complies = True, _start_month(model), {}
        self._draw_compliance(state, model.labs)
        spec = state.spec
        n = sum(state.complies.values())
        model.log(
            "policy_on",
            None,
            f"{spec.label()} on ({spec.trigger}); {n} of {len(model.labs)} labs comply",
        )

    def _switch_off(self, state: PolicyState, model: Any) -> None:
        state.on, state.since, state.complies = False, None, {}
        model.log("policy_off", None, f"{state.spec.label()} off")

    def _draw_compliance(self, state: PolicyState, labs: list[Any]) -> None:
        """Draw, in lab order, whether each lab not yet drawn complies."""
        e = state.spec.enforcement
        for lab in labs:
            if lab.unique_id not in state.complies:
                chance = lab.compliance + e * (1.0 - lab.compliance)
                state.complies[lab.unique_id] = bool(state.rng.random() < chance)

    def _set_levers(self, model: Any) -> None:
        labs = list(model.labs)
        on = [state for state in self.states if state.on]
        if not on:
            for lab in labs:
                lab.levers = Levers()
            return
        for state in on:
            self._draw_compliance(state, labs)  # labs founded while the policy is on
        binding = [(state, [state.complies[lab.unique_id] for lab in labs]) for state in on]
        key = _key(labs, binding)
        combined = self._combined.get(key) if key is not None else None
        if combined is None:
            combined = _combine(labs, binding)
            if key is not None:
                if len(self._combined) >= _CACHED:
                    self._combined.clear()
                self._combined[key] = combined
        for lab, lever in zip(labs, combined, strict=True):
            lab.levers = lever.copy()  # a lab's own, so that changing it changes no other

    def complying_labs(self, index: int) -> list[int]:
        """Ids of the labs bound by policy ``index`` while it is on."""
        return [lab_id for lab_id, ok in self.states[index].complies.items() if ok]


_CACHED = 64  # combinations of levers kept (a run meets a handful)


def _key(labs: list[Any], binding: list[tuple[PolicyState, list[bool]]]) -> tuple | None:
    """What the labs' combined levers are a function of, or None if not of this alone.

    A policy's levers for the labs it binds are its own (frozen) parameters, unless
    its class reads the labs themselves (licensing ranks them by safety): then the
    levers are combined afresh at every update.
    """
    if any(type(state.spec).lab_levers is not PolicySpec.lab_levers for state, _ in binding):
        return None
    ids = tuple(lab.unique_id for lab in labs)
    return ids, tuple((state.stream, tuple(complies)) for state, complies in binding)


def _combine(labs: list[Any], binding: list[tuple[PolicyState, list[bool]]]) -> list[Levers]:
    """Each lab's strictest combination of the levers of the policies that bind it."""
    levers = [Levers() for _ in labs]
    for state, complies in binding:
        for j, lever in enumerate(state.spec.lab_levers(labs, complies)):
            if lever is not None:
                levers[j] = levers[j].combine(lever)
    return levers
