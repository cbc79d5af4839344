"""AGIEconomy: labs, boxed proto-AGIs and people on one network (Mesa 3.3).

The Mesa adapter around one :class:`~agi_economy.world.World`: it builds the world
from a validated scenario, gives every lab and AGI a Mesa agent, and runs the phases
of a step in the order of docs/model.md section 3 (policies, labs, self-improvement,
containment, economy, power) before collecting data. The behaviours live in the
phases, the pure modules and the world's objects.

People are rows of the world's arrays. Their Mesa agents (:class:`Human` views of a
row) and the Mesa network space that holds everyone are built only when first asked
for (:attr:`AGIEconomy.grid`, :attr:`AGIEconomy.people`): a run never needs them, and
a million cells and agents would cost more than the million people's arrays.
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
from agi_economy.collector import RecorderCollector
from agi_economy.gc_pause import collector_paused
from agi_economy.lifecycle import Releasable, release, released_on_error
from agi_economy.network import human_ties
from agi_economy.phases import check_takeover, contain, run_economy, run_labs, self_improve
from agi_economy.phases.race import choose_safety
from agi_economy.policies import PolicyEngine
from agi_economy.population import Population
from agi_economy.recorder import Recorder
from agi_economy.scenario import Scenario, load_scenario
from agi_economy.world import World


def _fresh_seed() -> int:
    """A seed for a run that was given none; it is recorded with every output."""
    return secrets.randbits(32)


def _seed_of(seed: Any, rng: Any) -> int | None:
    """The run's seed from Mesa's ``seed`` or ``rng`` (an integer or a numpy generator)."""
    if seed is not None and rng is not None:
        raise ValueError("seed, rng: give one of them, not both")
    if rng is None:
        return seed
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(2**32))  # a seed drawn from it, so it is recorded
    if isinstance(rng, bool) or not isinstance(rng, int | np.integer):
        raise ValueError(f"rng: expected a non-negative integer or numpy Generator (got {rng!r})")
    return int(rng)


class AGIEconomy(Releasable, mesa.Model):
    """An economy of AI labs, their proto-AGIs and people.

    Args:
        scenario: a built-in scenario name, a path to a TOML file, a mapping or a
            loaded :class:`~agi_economy.scenario.Scenario`.
        seed: fixes the run; defaults to the scenario's seed, else a fresh one
            (recorded in every output).
        rng: Mesa's other name for the seed: an integer is the seed; a numpy
            ``Generator`` gives one draw that becomes the (recorded) seed.
        **kwargs: any scenario field, its dotted path written with double
            underscores (``agis__growth__k=0.8`` sets ``agis.growth.k``). Named
            ``kwargs`` because Mesa's ``SolaraViz`` exempts only that name from its
            required parameters.

    A run is over when ``running`` is False (after ``meta.steps`` steps): a further
    ``step()`` does nothing, as Mesa's ``run_model``, ``batch_run`` and ``SolaraViz``
    stop there too; raise ``meta.steps`` to run longer.

    Use it as a context manager (``with AGIEconomy(...) as model:``), or call
    :meth:`release` when a run is over, so that Mesa lets go of it.

    Raises:
        ValueError: an unknown scenario or field, or an invalid value, naming the field.
    """

    @released_on_error
    def __init__(
        self,
        scenario: Any = "slow_takeoff",
        *,
        seed: int | None = None,
        rng: Any = None,
        **kwargs: Any,
    ):
        seed = _seed_of(seed, rng)
        cfg = load_scenario(scenario, **kwargs)
        if seed is None:
            seed = cfg.meta.seed if cfg.meta.seed is not None else _fresh_seed()
        if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
            raise ValueError(f"seed: expected a non-negative integer (got {seed!r})")
        seed = int(seed)
        super().__init__(seed=seed)
        self.seed = seed
        self.cfg: Scenario = cfg
        self.scenario_name = cfg.meta.name

        ties = human_ties(cfg.network, cfg.humans.count, self.rng)
        n_people = ties.degree.size
        population = Population(cfg.humans, n_people, ties, self.rng)
        self._grid: Network | None = None
        self._views: dict[int, LabAgent | AGIAgent] = {}
        self.world = World(cfg, seed, self.rng, population, on_new_agent=self._place)
        self.world.found_labs()
        self.policies = PolicyEngine(cfg.policies)
        self.policies.update(self.world)

        self.recorder = Recorder(self.world, np.arange(1, n_people + 1))  # person i is agent i + 1
        self.datacollector = RecorderCollector(
            self.recorder, cfg.meta.steps, cfg.agis.growth.intelligence_cap
        )
        self.world.scratch.output = population.potential
        self.recorder.collect(self.world, self.world.power_shares())
        self.datacollector.collect(self)

    # ------------------------------------------------------------------ Mesa agents

    def _place(self, subject: Lab | ProtoAGI) -> None:
        """Give a new lab or AGI its Mesa agent (and its node, once the space is built)."""
        view = (LabAgent if isinstance(subject, Lab) else AGIAgent)(self, subject)
        self._views[view.unique_id] = view
        if self._grid is not None:
            self._put_on(self._grid, view)

    def _put_on(self, grid: Network, view: LabAgent | AGIAgent) -> None:
        """A node for a lab's or AGI's agent; an AGI's links to its lab and its contacts."""
        view.cell = Cell(grid.G.number_of_nodes(), random=self.random)
        grid.add_cell(view.cell)
        subject = view.subject
        if isinstance(subject, ProtoAGI):
            grid.add_connection(view.cell, self._views[subject.lab.unique_id].cell)
            for person in subject.contacts:
                grid.add_connection(view.cell, grid[int(person)])

    @property
    def grid(self) -> Network:
        """Mesa's network space: people on nodes 0..N-1, then labs and AGIs, built on first use.

        Building it gives every person a :class:`Human` agent (id = index + 1) on its
        node; it draws nothing from the run's generators, so a run is the same whether
        or not it is ever built.
        """
        if self._grid is None:
            held = self in mesa.Agent._ids
            grid = Network(self.population.ties.graph(), random=self.random)
            for index in range(self.population.n):
                human = Human(self, index)
                human.unique_id = index + 1
                human.cell = grid[index]
            for view in self._views.values():
                self._put_on(grid, view)
            self._grid = grid
            if not held:  # a released model stays released
                release(self)
        return self._grid

    @property
    def people(self) -> mesa.agent.AgentSet:
        """Every person's Mesa agent (built with :attr:`grid` on first use)."""
        self.grid  # noqa: B018 (builds the agents)
        return self.agents_by_type.get(Human, mesa.agent.AgentSet([], random=self.random))

    def agent_of(self, subject: Lab | ProtoAGI) -> LabAgent | AGIAgent:
        """The Mesa agent of a lab or AGI of the world."""
        return self._views[subject.unique_id]

    # ------------------------------------------------------------------ the step

    def _wrapped_step(self, *args: Any, **kwargs: Any) -> None:
        """Mesa's step (count, then :meth:`step`), except once the run is over: nothing."""
        if self.running:
            super()._wrapped_step(*args, **kwargs)

    def step(self) -> None:
        """One step: policies, labs, self-improvement, containment, economy, power, data.

        The cyclic garbage collector is held off during the step (see
        :mod:`agi_economy.gc_pause`).
        """
        with collector_paused():
            self._step()

    def _step(self) -> None:
        world = self.world
        world.begin_step(self.steps)
        self.policies.update(world)
        choose_safety(world)
        run_labs(world)
        self_improve(world)
        contain(world)
        run_economy(world)
        shares = world.power_shares()
        check_takeover(world, shares)
        self.recorder.collect(world, shares)
        if self.steps >= self.cfg.meta.steps:
            self.running = False
        self.datacollector.collect(self)

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

    def summary(self) -> dict[str, Any]:
        """The run's summary so far, the same function of its frames as a written run's."""
        from agi_economy.run import result_of  # run builds on this module

        return result_of(self).summary

    def k_estimate(self) -> KEstimate:
        """K pooled over every AGI's gains so far: the estimator of the run summary."""
        return pooled_k(self.recorder.agent_frame(), cap=self.cfg.agis.growth.intelligence_cap)
