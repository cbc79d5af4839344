"""AGIEconomy: labs, boxed proto-AGIs and people on one network (Mesa 3.3).

The model builds the world from a validated scenario and runs the phases of a step
in the order of DESIGN.md section 3: policies, labs, self-improvement, containment,
economy, power and data collection. The behaviours themselves live in the pure
modules (growth, containment, economy) and the agents; this file wires them.
"""

from __future__ import annotations

import math
import secrets
from typing import Any

import mesa
import numpy as np
from mesa.discrete_space import Cell, Network

from agi_economy.agents import Human, Lab, ProtoAGI
from agi_economy.analysis import KEstimate, estimate_from_stats
from agi_economy.economy import shares
from agi_economy.growth import build_rule
from agi_economy.network import Ties, human_graph
from agi_economy.phases import contain, run_economy, run_labs, self_improve
from agi_economy.policies import PolicyEngine
from agi_economy.population import Population
from agi_economy.recorder import MODEL_COLUMNS, Recorder
from agi_economy.scenario import Scenario, load_scenario


def _fresh_seed() -> int:
    """A seed for a run that was given none; it is recorded with every output."""
    return secrets.randbits(32)


def _model_reporter(column: str):
    def report(model: AGIEconomy) -> Any:
        return model.recorder.last_row[column]

    return report


class AGIEconomy(mesa.Model):
    """An economy of AI labs, their proto-AGIs and people.

    Args:
        scenario: a built-in scenario name, a path to a TOML file, a mapping or a
            loaded :class:`~agi_economy.scenario.Scenario`.
        seed: fixes the run; defaults to the scenario's seed, else a fresh one
            (recorded in every output).
        **overrides: any scenario field, its dotted path written with double
            underscores (``agis__growth__k=0.8`` sets ``agis.growth.k``).

    Raises:
        ValueError: an unknown scenario or field, or an invalid value, naming the field.
    """

    def __init__(self, scenario: Any = "slow_takeoff", *, seed: int | None = None, **overrides):
        cfg = load_scenario(scenario, **overrides)
        if seed is None:
            seed = cfg.meta.seed if cfg.meta.seed is not None else _fresh_seed()
        if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
            raise ValueError(f"seed: expected a non-negative integer (got {seed!r})")
        seed = int(seed)
        super().__init__(seed=seed)
        self.seed = seed
        self.cfg: Scenario = cfg
        self.scenario_name = cfg.meta.name
        self.dt_years = cfg.meta.months_per_step / 12.0
        self.takeover_step: int | None = None
        self.events: list[dict[str, Any]] = []
        self.iterations_this_step = 0
        self.audits_left = 0.0  # auditor capacity left this step: RSI approvals, then audits

        graph = human_graph(cfg.network, cfg.humans.count, self.rng)
        n_people = graph.number_of_nodes()
        self.population = Population(
            cfg.humans, n_people, Ties.from_graph(graph, n_people), self.rng
        )
        self.scale = float(max(n_people, 1))  # money is per person, so worlds of any size agree
        self.price = cfg.economy.compute_price * self.scale
        self.grid = Network(graph, random=self.random)
        for human in Human.create_agents(self, n_people, list(range(n_people))):
            human.cell = self.grid[human.index]
        self.labs: list[Lab] = []
        self.agis: list[ProtoAGI] = []
        self.rules = {}  # growth rules are frozen values shared by the AGIs that use them
        self._create_labs()
        self.policies = PolicyEngine(cfg.policies)
        self.policies.update(self)

        self.recorder = Recorder(self)
        self.datacollector = mesa.DataCollector(
            model_reporters={c: _model_reporter(c) for c in MODEL_COLUMNS}
        )
        self.recorder.collect(self, output=self.population.potential)
        self.datacollector.collect(self)

    # ------------------------------------------------------------------ building

    def _create_labs(self) -> None:
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
            lab.cell = self._add_node()
            self.labs.append(lab)
        for lab in self.labs:
            for _ in range(a.initial_per_lab):
                spread = math.exp(a.initial_sigma * self.rng.standard_normal())
                self.train_agi(lab, a.initial_intelligence * spread)

    def _add_node(self) -> Cell:
        cell = Cell(self.grid.G.number_of_nodes(), random=self.random)
        self.grid.add_cell(cell)
        return cell

    def rule_for(self, name: str | None = None):
        """The growth rule (shared, immutable) for the scenario's growth settings."""
        key = name or self.cfg.agis.growth.rule
        if key not in self.rules:
            self.rules[key] = build_rule(self.cfg.agis.growth, self.cfg.agis.domain_bounds, key)
        return self.rules[key]

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
        n_contacts = min(self.cfg.network.agi_contacts, self.population.n)
        contacts = np.sort(self.rng.choice(self.population.n, n_contacts, replace=False))
        agi = ProtoAGI(
            self,
            lab=lab,
            rule=rule,
            state=rule.initial_state(start, a.growth.initial_gain * start),
            aligned=bool(self.rng.random() >= p_mis),
            myopia=a.myopia,
            impact_regularisation=a.impact_regularisation,
            contacts=contacts,
        )
        agi.cell = self._add_node()
        self.grid.add_connection(agi.cell, lab.cell)
        for person in contacts:
            self.grid.add_connection(agi.cell, self.grid[int(person)])
        lab.agis.append(agi)
        lab.last_training_compute = max(lab.compute, 1e-12)
        lab.last_training_step = self.steps
        self.agis.append(agi)
        self.log("new_agi", agi, f"{rule.name}; {'aligned' if agi.aligned else 'misaligned'}")
        return agi

    # ------------------------------------------------------------------ the step

    def step(self) -> None:
        """One step: policies, labs, self-improvement, containment, economy, power, data."""
        self.policies.update(self)
        run_labs(self)
        self_improve(self)
        contain(self)
        output = run_economy(self)
        self.recorder.collect(self, output=output)
        self.datacollector.collect(self)
        self.check_termination()

    # ------------------------------------------------------------------ power and ending

    def holdings(self, agi: ProtoAGI) -> float:
        """What an AGI controls: its wealth and, once escaped, its compute at market price."""
        return agi.wealth + agi.compute * self.price

    def power_holdings(self) -> dict[str, float]:
        """Wealth plus controlled compute of people, labs, aligned and misaligned AGIs."""
        aligned = misaligned = 0.0
        for agi in self.agis:
            if agi.active:
                if agi.aligned:
                    aligned += self.holdings(agi)
                else:
                    misaligned += self.holdings(agi)
        labs = sum(lab.capital + lab.compute * self.price for lab in self.labs)
        return {
            "humans": self.population.total_wealth,
            "labs": labs,
            "aligned_agi": aligned,
            "misaligned_agi": misaligned,
        }

    def k_estimate(self) -> KEstimate:
        """K pooled over every AGI's successive gains so far, with its interval and regime."""
        stats = np.sum([a.k_stats for a in self.agis], axis=0) if self.agis else np.zeros(3)
        return estimate_from_stats(*stats)

    def power_shares(self) -> dict[str, float]:
        """Each group's share of total power."""
        return shares(self.power_holdings())

    def total_power(self) -> float:
        """Total wealth plus compute value."""
        return sum(self.power_holdings().values())

    def check_termination(self) -> None:
        """Takeover (misaligned share at the threshold) or the step limit ends the run."""
        row = self.recorder.last_row
        if (
            self.takeover_step is None
            and row["power_share_misaligned_agi"] >= self.cfg.economy.takeover_threshold
        ):
            self.takeover_step = self.steps
            self.log("takeover", None, f"misaligned share {row['power_share_misaligned_agi']:.3f}")
            self.running = False
        if self.steps >= self.cfg.meta.steps:
            self.running = False

    # ------------------------------------------------------------------ helpers

    def shuffled(self, items: list) -> list:
        """Items in a random order drawn from the model's generator."""
        if len(items) < 2:
            return list(items)
        return [items[i] for i in self.rng.permutation(len(items))]

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
