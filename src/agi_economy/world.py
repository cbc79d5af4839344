"""The state of a world, explicit: what the phases of a step read and change.

A :class:`World` holds everything that persists from step to step (labs, AGIs,
people, the compute price, the event log, the clock) and a :class:`StepScratch` of
values that live for one step only and are reset when it begins. The phases in
:mod:`agi_economy.phases` take a world and change only what they own; none of them
needs a Mesa model, so each can be tested on a world built by hand.
:class:`~agi_economy.model.AGIEconomy` is the Mesa adapter around one world.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from agi_economy.agents import SHUTDOWN, Lab, ProtoAGI
from agi_economy.clock import Clock
from agi_economy.economy import shares
from agi_economy.growth import build_rule
from agi_economy.population import Population
from agi_economy.reach import ReachBook
from agi_economy.scenario import Scenario


@dataclass
class StepScratch:
    """Values of the current step only; a fresh one begins every step.

    Attributes:
        audits_left: auditor capacity left this step, RSI approvals first, then audits.
        iterations: RSI iterations performed this step, over all AGIs.
        output: output of the step, per month [worker-outputs/month].
    """

    audits_left: float = 0.0
    iterations: int = 0
    output: float = 0.0


class World:
    """Labs, AGIs and people of one run, with its clock, price and event log.

    Args:
        cfg: the validated scenario.
        seed: the run's seed (policies derive their own streams from it).
        rng: the run's generator; every draw of the world goes through it.
        population: the people, as arrays.
        on_new_agent: called with each lab or AGI as it is created, before anything
            is logged of it (the Mesa adapter gives it a Mesa agent and its id).
    """

    def __init__(
        self,
        cfg: Scenario,
        seed: int,
        rng: np.random.Generator,
        population: Population,
        on_new_agent: Callable[[Lab | ProtoAGI], None] | None = None,
    ):
        self.cfg = cfg
        self.seed = seed
        self.rng = rng
        self.population = population
        self.clock = Clock(cfg.meta.months_per_step)
        self.scale = float(max(population.n, 1))  # money is per person
        self.price = cfg.economy.compute_price * self.scale
        self.steps = 0
        self.labs: list[Lab] = []
        self.agis: list[ProtoAGI] = []
        self.events: list[dict[str, Any]] = []
        self.takeover_step: int | None = None
        self.automation = 0.0  # share of tasks automated by the last step's AGI output
        self.scratch = StepScratch()
        self._rules: dict[str, Any] = {}
        self._on_new_agent = on_new_agent
        self._ids = itertools.count(max(population.n, 0) + 1)
        self.reaches = ReachBook()  # escaped systems' reach, kept up to date by spread()
        self.race: Any = None  # labs' race-game strategies (race_labs.RaceState), once chosen

    # ------------------------------------------------------------------ the step

    def begin_step(self, step: int) -> None:
        """Start step ``step``: the clock moves on and the scratch values reset."""
        self.steps = step
        self.scratch = StepScratch()

    @property
    def months(self) -> float:
        """Calendar time at the end of the current step [months]."""
        return self.clock.months(self.steps)

    # ------------------------------------------------------------------ founding

    def _register(self, agent: Lab | ProtoAGI) -> None:
        agent.unique_id = next(self._ids)
        if self._on_new_agent is not None:
            self._on_new_agent(agent)

    def found_labs(self) -> None:
        """Create the scenario's labs and their first AGIs."""
        c, a = self.cfg.labs, self.cfg.agis
        sizes = np.exp(c.size_sigma * self.rng.standard_normal(c.count) - c.size_sigma**2 / 2)
        for j in range(c.count):
            careless = j >= c.count - c.careless
            lab = Lab(
                self,
                capital=c.initial_capital * self.scale * sizes[j],
                compute=c.initial_compute * sizes[j],
                safety_fraction=c.careless_safety_fraction if careless else c.safety_fraction,
                compliance=c.careless_compliance if careless else c.compliance,
                interpretability=c.interpretability,
                careless=careless,
            )
            self._register(lab)
            self.labs.append(lab)
        for lab in self.labs:
            for _ in range(a.initial_per_lab):
                spread = math.exp(a.initial_sigma * self.rng.standard_normal())
                self.train_agi(lab, a.initial_intelligence * spread)

    def rule_for(self, name: str | None = None):
        """The growth rule (shared, immutable) for the scenario's growth settings."""
        key = name or self.cfg.agis.growth.rule
        if key not in self._rules:
            self._rules[key] = build_rule(self.cfg.agis.growth, self.cfg.agis.domain_bounds, key)
        return self._rules[key]

    def _draw_rule_name(self) -> str:
        """The scenario's rule, or one drawn from ``agis.growth.rule_mix`` for this AGI."""
        mix = self.cfg.agis.growth.rule_mix
        if not mix:
            return self.cfg.agis.growth.rule
        names = sorted(mix)
        weights = np.array([mix[n] for n in names])
        return names[int(self.rng.choice(len(names), p=weights / weights.sum()))]

    def train_agi(self, lab: Lab, intelligence: float | None = None) -> ProtoAGI | None:
        """Train a new proto-AGI at ``lab``; misaligned with chance p_mis (1 - s)^kappa."""
        a = self.cfg.agis
        if sum(agi.active for agi in self.agis) >= a.max_agis:
            return None
        if intelligence is None:
            growth = lab.compute / max(self.cfg.labs.initial_compute, 1e-12)
            intelligence = a.initial_intelligence * max(growth, 1.0) ** a.new_agi_scaling
        rule = self.rule_for(self._draw_rule_name())
        start = min(intelligence, a.growth.intelligence_cap)
        p_mis = a.misaligned_probability * (1.0 - lab.safety_fraction) ** a.misalignment_exponent
        n = self.population.n
        n_contacts = int(self.rng.binomial(n, self.cfg.network.agi_contact_share)) if n else 0
        contacts = np.sort(self.rng.choice(n, n_contacts, replace=False))
        agi = ProtoAGI(
            lab=lab,
            rule=rule,
            state=rule.initial_state(start, a.growth.initial_gain * start),
            aligned=bool(self.rng.random() >= p_mis),
            myopia=a.myopia,
            impact_regularisation=a.impact_regularisation,
            contacts=contacts,
            born=self.steps,
        )
        self._register(agi)
        lab.agis.append(agi)
        lab.last_training_compute = max(lab.compute, 1e-12)
        lab.last_training_month = self.months
        self.agis.append(agi)
        self.log("new_agi", agi, f"{rule.name}; {'aligned' if agi.aligned else 'misaligned'}")
        return agi

    # ------------------------------------------------------------------ power

    def holdings(self, agi: ProtoAGI) -> float:
        """What an AGI controls: its wealth and, once escaped, its compute at market price."""
        return agi.wealth + agi.compute * self.price

    def power_holdings(self) -> dict[str, float]:
        """Wealth plus controlled compute of people, labs, aligned and misaligned AGIs."""
        aligned = misaligned = 0.0
        price = self.price
        # Most systems hold nothing (boxed ones never deployed): their holdings, 0.0 at
        # a finite price, would leave the sums as they are, so they are passed over
        # before their status is read. (A sum that starts at 0.0 never becomes -0.0, so
        # adding either zero changes no bit of it.)
        skip_empty = math.isfinite(price)
        for agi in self.agis:
            wealth, compute = agi.wealth, agi.compute
            if (wealth or compute or not skip_empty) and agi.status != SHUTDOWN:
                if agi.aligned:
                    aligned += wealth + compute * price  # self.holdings(agi)
                else:
                    misaligned += wealth + compute * price
        labs = sum(lab.capital + lab.compute * self.price for lab in self.labs)
        return {
            "humans": self.population.total_wealth,
            "labs": labs,
            "aligned_agi": aligned,
            "misaligned_agi": misaligned,
        }

    def power_shares(self) -> dict[str, float]:
        """Each group's share of total power."""
        return shares(self.power_holdings())

    def total_power(self) -> float:
        """Total wealth plus compute value."""
        return sum(self.power_holdings().values())

    # ------------------------------------------------------------------ helpers

    def shuffled(self, items: list) -> list:
        """Items in a random order drawn from the world's generator.

        The order is ``[items[i] for i in rng.permutation(len(items))]``, drawn with the
        same swaps by shuffling a copy of the list in place, at a quarter of the cost
        (no index array, no indexing back into the list).
        """
        order = list(items)
        if len(order) > 1:
            self.rng.shuffle(order)
        return order

    def log(
        self, kind: str, agi: ProtoAGI | None, detail: str = "", lab: Lab | None = None
    ) -> None:
        """Append to the event log."""
        lab = lab or (agi.lab if agi is not None else None)
        self.events.append(
            {
                "step": self.steps,
                "kind": kind,
                "agent_id": agi.unique_id if agi is not None else None,
                "lab_id": lab.unique_id if lab is not None else None,
                "intelligence": agi.intelligence if agi is not None else None,
                "aligned": agi.aligned if agi is not None else None,
                "detail": detail,
            }
        )
