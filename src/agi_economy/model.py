"""AGIEconomy: labs, boxed proto-AGIs and people on one network (Mesa 3.3).

The Mesa adapter around one :class:`~agi_economy.world.World`: it builds the world
from a validated scenario, gives every person, lab and AGI a Mesa agent on its
network, and runs the phases of a step in the order of DESIGN.md section 3
(policies, labs, self-improvement, containment, economy, power) before collecting
data. The behaviours live in the phases, the pure modules and the world's objects.
"""

from __future__ import annotations

import secrets
from typing import Any

import mesa
import numpy as np
from mesa.discrete_space import Cell, Network

from agi_economy.agents import AGIAgent, Human, Lab, LabAgent, ProtoAGI
from agi_economy.analysis import KEstimate, pooled_k
from agi_economy.clock import Clock
from agi_economy.lifecycle import Releasable, released_on_error
from agi_economy.network import Ties, human_graph
from agi_economy.phases import check_takeover, contain, run_economy, run_labs, self_improve
from agi_economy.policies import PolicyEngine
from agi_economy.population import Population
from agi_economy.recorder import MODEL_COLUMNS, Recorder
from agi_economy.scenario import Scenario, load_scenario
from agi_economy.world import World


def _fresh_seed() -> int:
    """A seed for a run that was given none; it is recorded with every output."""
    return secrets.randbits(32)


def _model_reporter(column: str):
    def report(model: AGIEconomy) -> Any:
        return model.recorder.last_row[column]

    return report


class AGIEconomy(Releasable, mesa.Model):
    """An economy of AI labs, their proto-AGIs and people.

    Args:
        scenario: a built-in scenario name, a path to a TOML file, a mapping or a
            loaded :class:`~agi_economy.scenario.Scenario`.
        seed: fixes the run; defaults to the scenario's seed, else a fresh one
            (recorded in every output).
        **overrides: any scenario field, its dotted path written with double
            underscores (``agis__growth__k=0.8`` sets ``agis.growth.k``).

    Use it as a context manager (``with AGIEconomy(...) as model:``), or call
    :meth:`release` when a run is over, so that Mesa lets go of it.

    Raises:
        ValueError: an unknown scenario or field, or an invalid value, naming the field.
    """

    @released_on_error
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

        graph = human_graph(cfg.network, cfg.humans.count, self.rng)
        n_people = graph.number_of_nodes()
        population = Population(cfg.humans, n_people, Ties.from_graph(graph, n_people), self.rng)
        self.grid = Network(graph, random=self.random)
        humans = Human.create_agents(self, n_people, list(range(n_people)))
        for human in humans:
            human.cell = self.grid[human.index]
        self._views: dict[int, LabAgent | AGIAgent] = {}
        self.world = World(cfg, seed, self.rng, population, on_new_agent=self._place)
        self.world.found_labs()
        self.policies = PolicyEngine(cfg.policies)
        self.policies.update(self.world)

        self.recorder = Recorder(self.world, [h.unique_id for h in humans])
        self.datacollector = mesa.DataCollector(
            model_reporters={c: _model_reporter(c) for c in MODEL_COLUMNS}
        )
        self.world.scratch.output = population.potential
        self.recorder.collect(self.world, self.world.power_shares())
        self.datacollector.collect(self)

    # ------------------------------------------------------------------ Mesa agents

    def _place(self, subject: Lab | ProtoAGI) -> None:
        """Give a new lab or AGI its Mesa agent and node; an AGI links to its lab and contacts."""
        view = (LabAgent if isinstance(subject, Lab) else AGIAgent)(self, subject)
        view.cell = Cell(self.grid.G.number_of_nodes(), random=self.random)
        self.grid.add_cell(view.cell)
        self._views[view.unique_id] = view
        if isinstance(subject, ProtoAGI):
            self.grid.add_connection(view.cell, self._views[subject.lab.unique_id].cell)
            for person in subject.contacts:
                self.grid.add_connection(view.cell, self.grid[int(person)])

    def agent_of(self, subject: Lab | ProtoAGI) -> LabAgent | AGIAgent:
        """The Mesa agent of a lab or AGI of the world."""
        return self._views[subject.unique_id]

    # ------------------------------------------------------------------ the step

    def step(self) -> None:
        """One step: policies, labs, self-improvement, containment, economy, power, data."""
        world = self.world
        world.begin_step(self.steps)
        self.policies.update(world)
        run_labs(world)
        self_improve(world)
        contain(world)
        run_economy(world)
        shares = world.power_shares()
        check_takeover(world, shares)
        self.recorder.collect(world, shares)
        self.datacollector.collect(self)
        if self.steps >= self.cfg.meta.steps:
            self.running = False

    # ------------------------------------------------------------------ the world, read

    @property
    def labs(self) -> list[Lab]:
        """The world's labs."""
        return self.world.labs

    @property
    def agis(self) -> list[ProtoAGI]:
        """The world's proto-AGIs, in order of training."""
        return self.world.agis

    @property
    def population(self) -> Population:
        """The world's people, as arrays."""
        return self.world.population

    @property
    def events(self) -> list[dict[str, Any]]:
        """The event log."""
        return self.world.events

    @property
    def takeover_step(self) -> int | None:
        """The step of the takeover, if there was one."""
        return self.world.takeover_step

    @property
    def clock(self) -> Clock:
        """The world's clock (months per step)."""
        return self.world.clock

    @property
    def automation(self) -> float:
        """Share of human tasks automated by the last step's AGI output."""
        return self.world.automation

    @property
    def scale(self) -> float:
        """People in the world (money is per person)."""
        return self.world.scale

    @property
    def price(self) -> float:
        """Price of one compute unit [wealth]."""
        return self.world.price

    def power_shares(self) -> dict[str, float]:
        """Each group's share of total power."""
        return self.world.power_shares()

    def log(self, kind: str, agi: ProtoAGI | None, detail: str = "", lab: Lab | None = None):
        """Append to the event log."""
        self.world.log(kind, agi, detail, lab)

    def k_estimate(self) -> KEstimate:
        """K pooled over every AGI's gains so far: the estimator of the run summary."""
        return pooled_k(self.recorder.agent_frame(), cap=self.cfg.agis.growth.intelligence_cap)
