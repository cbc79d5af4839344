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

from agi_economy import containment
from agi_economy.agents import BOXED, DEPLOYED, ESCAPED, SHUTDOWN, Human, Lab, ProtoAGI
from agi_economy.domains import domain_index, domain_name
from agi_economy.economy import agi_output, automation_share, shares, take_proportionally
from agi_economy.growth import GrowthContext, build_rule
from agi_economy.network import Ties, human_graph
from agi_economy.policies import PolicyEngine
from agi_economy.population import Population
from agi_economy.recorder import MODEL_COLUMNS, Recorder
from agi_economy.scenario import Scenario, load_scenario

_PRICE_FLOOR = 1e-30  # compute never becomes free: keeps compute bought finite


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
        self.run_labs()
        self.self_improve()
        self.contain()
        output = self.run_economy()
        self.recorder.collect(self, output=output)
        self.datacollector.collect(self)
        self.check_termination()

    def run_labs(self) -> None:
        """Labs set safety under racing, spend, train new AGIs and deploy audited ones."""
        c = self.cfg.labs
        capability = {lab: lab.capability for lab in self.labs}
        for lab in self._shuffled(self.labs):
            rival = max((v for other, v in capability.items() if other is not lab), default=0.0)
            if not (c.capability_visible or lab.levers.capability_visible) and rival > 0.0:
                rival *= math.exp(c.perception_noise * self.rng.standard_normal())
            lab.set_safety(max(rival, capability[lab]))
            lab.spend(c.spend_fraction, self.price)
            if lab.ready_to_train():
                self.train_agi(lab)
            self._deploy_or_recall(lab)

    def _deploy_or_recall(self, lab: Lab) -> None:
        c = self.cfg.labs
        for agi in lab.agis:
            banned = agi.intelligence >= lab.levers.deploy_ban_above
            if agi.status == DEPLOYED and banned:
                agi.status = BOXED
                self.log("recalled", agi, "deployment ban")
            elif (
                agi.status == BOXED
                and not banned
                and agi.intelligence >= c.deploy_intelligence
                and agi.audits_passed >= c.audits_before_deploy
            ):
                agi.status = DEPLOYED
                self.log("deployed", agi)

    def self_improve(self) -> None:
        """Each running AGI attempts RSI; gated iterations wait for auditors' approval."""
        g, c = self.cfg.agis.growth, self.cfg.containment
        agis = self._shuffled([a for a in self.agis if a.active])
        wanted = [self._iterations_wanted(agi) for agi in agis]
        gated = [
            i
            for i, a in enumerate(agis)
            if a.status != ESCAPED and (c.rsi_gating or a.lab.levers.rsi_gating)
        ]
        self.audits_left = self.population.n_auditors * self.cfg.humans.audits_per_auditor
        granted = containment.share_capacity([wanted[i] for i in gated], self.audits_left, self.rng)
        self.audits_left -= float(granted.sum())
        for i, n in zip(gated, granted, strict=True):
            wanted[i] = int(n)
            if n > 0 and not self._audit(agis[i], int(n)):
                wanted[i] = 0
        self.iterations_this_step = 0
        shares = {lab: lab.compute_share() for lab in self.labs}
        for agi, n in zip(agis, wanted, strict=True):
            if not agi.active:
                continue
            flop = 0.0
            if n > 0:
                held = agi.compute if agi.status == ESCAPED else shares[agi.lab]
                flop = held * g.flop_per_compute_unit
            failed_at = 0
            if agi.status == BOXED:
                failed_at = containment.first_box_failure(c.iteration_failure, n, self.rng)
            before = domain_index(agi.intelligence, self.cfg.agis.domain_bounds)
            agi.improve(n, GrowthContext(self.dt_years, flop), self.rng)
            self.iterations_this_step += n
            after = domain_index(agi.intelligence, self.cfg.agis.domain_bounds)
            if after > before:
                self.log(
                    "domain_crossed",
                    agi,
                    domain_name(agi.intelligence, self.cfg.agis.domain_bounds),
                )
            if failed_at and not agi.aligned:
                self.escape(agi, f"box failed at RSI iteration {failed_at} of {n}")

    def _iterations_wanted(self, agi: ProtoAGI) -> int:
        n = self.cfg.agis.growth.iterations_per_step
        if agi.status == ESCAPED:
            return n
        levers = agi.lab.levers
        if agi.intelligence >= levers.pause_above:
            return 0
        if levers.growth_tax > 0.0 and n > 0:
            return int(self.rng.binomial(n, 1.0 - min(levers.growth_tax, 1.0)))
        return n

    def contain(self) -> None:
        """Audits of boxed and deployed systems, escape attempts, recapture of escapees."""
        c = self.cfg.containment
        for agi in self._shuffled([a for a in self.agis if a.status in (BOXED, DEPLOYED)]):
            rate = max(c.audit_rate, agi.lab.levers.audit_rate)
            if self.audits_left >= 1.0 and self.rng.random() < rate:
                self.audits_left -= 1.0
                self._audit(agi, 1)
        for agi in self._shuffled([a for a in self.agis if a.status in (BOXED, DEPLOYED)]):
            if agi.aligned:
                continue
            box = agi.lab.box_strength * (c.deployed_box_factor if agi.status == DEPLOYED else 1.0)
            myopia = max(agi.myopia, agi.lab.levers.myopia)
            p = containment.escape_probability(
                agi.intelligence, box, c.escape_temperature, c.escape_scale, myopia
            )
            if self.rng.random() < float(p):
                self.escape(agi, f"outgrew its box (I={agi.intelligence:.3g}, B={box:.3g})")
        total = max(self.total_power(), 1e-300)
        for agi in self._shuffled([a for a in self.agis if a.status == ESCAPED]):
            local = float(self.population.wealth[agi.reach].sum())
            p = containment.recapture_probability(
                c.recapture_rate,
                local,
                self.holdings(agi),
                c.recapture_scale * total,
                agi.intelligence - c.auditor_intelligence,
                c.gap_penalty,
            )
            if self.rng.random() < float(p):
                self.log("recaptured", agi)
                self.shut_down(agi, "recaptured")

    def _audit(self, agi: ProtoAGI, audits: int) -> bool:
        """Audit ``agi`` ``audits`` times; return whether it passed (was not caught)."""
        c = self.cfg.containment
        if not agi.aligned:
            q = float(
                containment.detection_probability(
                    agi.lab.interpretability,
                    agi.intelligence,
                    c.auditor_intelligence,
                    c.gap_penalty,
                )
            )
            if self.rng.random() < 1.0 - (1.0 - q) ** audits:
                self.log("detection", agi)
                if c.on_detection == "shutdown":
                    self.shut_down(agi, "detected by audit")
                else:
                    agi.roll_back(c.rollback_fraction)
                    self.log("rollback", agi)
                return False
        agi.audits_passed += audits
        agi.checkpoint = agi.intelligence
        return True

    def escape(self, agi: ProtoAGI, cause: str) -> None:
        """The system leaves its lab's control, taking its share of the lab's compute."""
        if agi.status == ESCAPED:
            return
        share = agi.lab.compute_share()
        agi.lab.compute -= share
        agi.compute = share
        agi.status = ESCAPED
        agi.reach = agi.contacts
        self.log("escape", agi, cause)

    def shut_down(self, agi: ProtoAGI, cause: str) -> None:
        """Stop the system for good; its holdings go back to its lab or its victims."""
        if agi.status == ESCAPED and agi.reach.size:
            self.population.wealth[agi.reach] += agi.wealth / agi.reach.size
        else:
            agi.lab.capital += agi.wealth
        agi.lab.compute += agi.compute
        agi.wealth = agi.compute = 0.0
        agi.last_gain, agi.last_iterations = 0.0, 0
        agi.status = SHUTDOWN
        self.log("shutdown", agi, cause)

    def run_economy(self) -> float:
        """Production, wages, revenue, escaped accrual, depreciation and transfers."""
        e, pop = self.cfg.economy, self.population
        deployed = [a for a in self.agis if a.status == DEPLOYED]
        unit = e.agi_productivity * max(pop.potential, 1.0)
        out = agi_output(np.array([a.intelligence for a in deployed]), unit, e.agi_output_exponent)
        out *= 1.0 - np.array([a.lab.levers.productivity_tax for a in deployed])  # alignment tax
        pool = 0.0
        for agi, y in zip(deployed, out, strict=True):
            agi.wealth += e.agi_share * y
            revenue = (1.0 - e.agi_share) * y
            paid = max(e.redistribution, agi.lab.levers.redistribution) * revenue
            agi.lab.capital += revenue - paid
            pool += paid
        y_agi = float(out.sum())
        self.automation = automation_share(
            y_agi, pop.potential, e.automation_rate, e.max_automation
        )
        y_human = pop.earn(self.automation, pool / self.scale if pop.n else 0.0)
        escaped = [a for a in self.agis if a.status == ESCAPED]
        per_person = self.total_power() / self.scale if escaped else 0.0
        for agi in self._shuffled(escaped):
            self._accrue(agi, per_person)
        pop.wealth *= 1.0 - e.consumption
        for holder in (*self.labs, *self.agis):
            holder.compute *= 1.0 - e.compute_depreciation
        pop.share_along_ties(e.transfer_rate)
        self.price = max(self.price * (1.0 - e.compute_price_decline), _PRICE_FLOOR * self.scale)
        return y_human + y_agi

    def _accrue(self, agi: ProtoAGI, per_person: float) -> None:
        """An escaped system takes resources from what it reaches and buys compute.

        It reaches people through the network; labs lose the share of their capital and
        compute that sits in the part of the economy reached. The take is
        rho I (1 - impact) times the power per person, at most what is at risk, and falls
        on each holder in proportion to its holding.
        """
        e, pop = self.cfg.economy, self.population
        impact = max(agi.impact_regularisation, agi.lab.levers.impact_regularisation)
        want = e.escaped_accrual * agi.intelligence * (1.0 - impact) * per_person
        reached = agi.reach.size / max(pop.n, 1)
        people = float(pop.wealth[agi.reach].sum())
        capital = [lab.capital * reached for lab in self.labs]
        compute = [lab.compute * reached for lab in self.labs]
        at_risk = people + sum(capital) + sum(compute) * self.price
        if at_risk > 0.0 and want > 0.0:
            share = min(want / at_risk, 1.0)
            take_proportionally(pop.wealth, agi.reach, share * people)
            agi.wealth += share * (people + sum(capital))
            for lab, cap, comp in zip(self.labs, capital, compute, strict=True):
                lab.capital -= share * cap
                lab.compute -= share * comp
                agi.compute += share * comp
        invest = self.cfg.labs.spend_fraction * agi.wealth
        agi.wealth -= invest
        agi.compute += invest / self.price
        self._spread(agi)

    def _spread(self, agi: ProtoAGI) -> None:
        """Reach new people through the ties of those already reached."""
        spread = self.cfg.economy.escaped_spread
        if spread == 0 or self.population.n == 0:
            return
        reach = agi.reach
        if reach.size == 0:
            agi.reach = np.sort(
                self.rng.choice(self.population.n, min(spread, self.population.n), replace=False)
            )
            return
        m = min(reach.size, math.ceil(spread * math.sqrt(max(agi.intelligence, 1.0))))
        sample = reach if m >= reach.size else self.rng.choice(reach, m, replace=False)
        agi.reach = np.union1d(reach, self.population.ties.neighbours(sample))

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

    def _shuffled(self, items: list) -> list:
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
