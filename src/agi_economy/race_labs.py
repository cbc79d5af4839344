"""Labs of the full model that choose safety by the race game, learning along a lab network.

With ``labs.safety_choice = "race_game"`` each lab plays one of the two strategies of
the DSAIR race game of Han, Pereira, Santos and Lenaerts (2020), always safe or always
unsafe (:mod:`agi_economy.race`). A safe lab spends its own safety fraction
(``labs.safety_fraction``), an unsafe one the careless fraction
(``labs.careless_safety_fraction``); the labs counted as careless start unsafe. Labs
revise their strategy by pairwise comparison along the lab network: a lab compares its
payoff, the average of its games against its neighbours, with a random neighbour's and
imitates it with the Fermi probability at selection intensity ``labs.race_selection``.
The payoffs are the game's long-run matrix at the scenario's prize, speed advantage of
unsafe play, disaster risk and per-round benefit and cost, with the chance that unsafe
play is found out set by the policies in force (``safety_inspection``).

The learning draws from a generator of its own, spawned from the run's seed, so the
rest of a run draws exactly what it would draw with fixed safety choices: a race world
with no revisions is the fixed world, step for step.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np

from agi_economy.race import SAFE, UNSAFE, RaceGame, learn

RACE_STREAM = 0x524143  # spawn key of the race-learning generator ("RAC")

LAB_NETWORKS = ("complete", "ring", "star", "barabasi_albert")
"""Topologies of the lab network: who watches whom."""


def lab_graph(kind: str, n: int, rng: np.random.Generator) -> nx.Graph:
    """The lab network over labs 0..n-1 (the star's hub is lab 0, the largest-first order)."""
    if kind == "complete":
        return nx.complete_graph(n)
    if kind == "ring":
        return nx.cycle_graph(n) if n > 2 else nx.complete_graph(n)
    if kind == "star":
        return nx.star_graph(n - 1) if n > 1 else nx.empty_graph(n)
    if kind == "barabasi_albert":
        return nx.barabasi_albert_graph(n, 1, seed=rng) if n > 1 else nx.empty_graph(n)
    raise ValueError(f"labs.race_network: expected one of {', '.join(LAB_NETWORKS)} (got {kind!r})")


def race_game(labs_cfg, detection: float) -> RaceGame:
    """The race game of a scenario's labs section, with unsafe play found out at ``detection``."""
    return RaceGame(
        b=labs_cfg.race_benefit,
        c=labs_cfg.race_safety_cost,
        s=labs_cfg.race_speedup,
        risk=labs_cfg.race_risk,
        prize=labs_cfg.race_prize,
        rounds=labs_cfg.race_rounds,
        detection=detection,
    )


@dataclass
class RaceState:
    """Each lab's strategy (SAFE or UNSAFE, in the order of ``world.labs``) and the lab network."""

    strategies: np.ndarray
    graph: nx.Graph
    rng: np.random.Generator

    @classmethod
    def found(cls, careless: list[bool], kind: str, seed: int) -> RaceState:
        """Careless labs start unsafe, the others safe, on a network of the given kind."""
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(RACE_STREAM,)))
        strategies = np.array([UNSAFE if c else SAFE for c in careless], dtype=np.int64)
        return cls(strategies, lab_graph(kind, len(careless), rng), rng)

    def revise(self, payoffs: np.ndarray, beta: float, updates: int) -> list[int]:
        """Run ``updates`` imitation events; the labs whose strategy changed, by index."""
        if updates <= 0:
            return []
        before = self.strategies
        self.strategies = learn(self.graph, before, payoffs, beta, self.rng, updates)
        return [int(i) for i in np.flatnonzero(self.strategies != before)]

    def unsafe_share(self) -> float:
        """Share of labs playing unsafe (0 with no labs)."""
        return float(self.strategies.mean()) if self.strategies.size else 0.0
