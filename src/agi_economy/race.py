"""Racing labs that choose: the DSAIR race game and social learning along the lab network.

Han, Pereira, Santos and Lenaerts (2020), "To regulate or not: a social dynamics
analysis of an idealised AI race" (JAIR 69; arXiv:1907.12393), model an AI race as a
repeated game between two strategies, always safe (S) and always unsafe (U). Per round
a leader gets a benefit ``b`` shared by speed, safety costs ``c``, unsafe play is
``s`` times faster; whoever finishes the ``W`` rounds of development first wins the
prize ``B``, and an unsafe winner suffers a disaster with chance ``p_r``. The long-run
average payoff matrix (row player against column player) is

    S vs S: b/2 - c + B/(2W)          S vs U: b/(s+1) - c
    U vs S: p (s B/W + s b/(s+1))     U vs U: p (s B/(2W) + b/2),     p = 1 - p_r.

The matrix is read from the published replication of these models,
github.com/PaoloBova/gh-pages-example, `gh_pages_example/payoffs.py` at commit b419385:
``payoffs_sr`` (lines 64-80), ``payoffs_lr`` (lines 102-116) and the regulation
variant ``payoffs_sr_pfo_extension`` (lines 83-99), in which unsafe play is found out
with chance ``detection`` and a found-out lab loses the round's benefit. Defaults
b = 4, c = 1, B = 10^4, W = 100, selection intensity 0.01 and 100 players are that
file's ``build_DSAIR`` (lines 29-49). The paper's own matrix could not be read from the
stored copy of the paper (only its abstract is stored), so the matrix is the
replication's.

Labs learn socially (the race papers' pairwise comparison): a lab picks a rival, and
imitates the rival's strategy with the Fermi probability 1 / (1 + exp(-beta (P_j - P_i)))
of their payoffs, beta the selection intensity (the same replication's
`gh_pages_example/methods.py`, ``fermi_learning``, lines 33-38). In a well-mixed
finite population this process has a closed-form fixation probability (Traulsen,
Nowak and Pacheco 2006), which the tests check the simulation against; on any other
lab network it is simulated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx
import numpy as np

SAFE, UNSAFE = 0, 1


@dataclass(frozen=True)
class RaceGame:
    """The DSAIR race game: benefits, costs, speed-up of unsafe play, risk, prize."""

    b: float = 4.0
    c: float = 1.0
    s: float = 1.5
    risk: float = 0.5
    prize: float = 1e4
    rounds: float = 100.0
    detection: float = 0.0

    def __post_init__(self):
        checks = {
            "b": self.b > 0.0,
            "c": self.c >= 0.0,
            "s": self.s >= 1.0,
            "risk": 0.0 <= self.risk <= 1.0,
            "prize": self.prize >= 0.0,
            "rounds": self.rounds > 0.0,
            "detection": 0.0 <= self.detection <= 1.0,
        }
        wanted = {
            "b": "a positive number",
            "c": "a number >= 0",
            "s": "a speed-up >= 1",
            "risk": "a probability in [0, 1]",
            "prize": "a number >= 0",
            "rounds": "a positive number",
            "detection": "a probability in [0, 1]",
        }
        for name, ok in checks.items():
            value = getattr(self, name)
            if not (ok and math.isfinite(value)):
                raise ValueError(f"{name}: expected {wanted[name]} (got {value!r})")

    def round_payoffs(self) -> np.ndarray:
        """Per-round payoffs [row strategy, column strategy], with detection of unsafe play."""
        b, c, s, q = self.b, self.c, self.s, self.detection
        return np.array(
            [
                [b / 2.0 - c, b / (s + 1.0) * (1.0 - q) + q * b - c],
                [(1.0 - q) * s * b / (s + 1.0), (1.0 - q**2) * b / 2.0],
            ]
        )

    def payoffs(self) -> np.ndarray:
        """Long-run average payoffs [row strategy, column strategy] (SAFE = 0, UNSAFE = 1)."""
        r = self.round_payoffs()
        keep = 1.0 - self.risk
        share = self.prize / self.rounds
        return np.array(
            [
                [r[0, 0] + share / 2.0, r[0, 1]],
                [keep * (self.s * share + r[1, 0]), keep * (self.s * share / 2.0 + r[1, 1])],
            ]
        )

    def society_threshold(self) -> float:
        """Risk above which an all-safe world pays more than an all-unsafe one (Pi_SS = Pi_UU)."""
        r = self.round_payoffs()
        share = self.prize / self.rounds
        return 1.0 - (r[0, 0] + share / 2.0) / (self.s * share / 2.0 + r[1, 1])

    def risk_dominance_threshold(self) -> float:
        """Risk below which unsafe risk-dominates safe (Pi_US + Pi_UU = Pi_SS + Pi_SU)."""
        r = self.round_payoffs()
        share = self.prize / self.rounds
        safe = r[0, 0] + share / 2.0 + r[0, 1]
        return 1.0 - safe / (1.5 * self.s * share + r[1, 0] + r[1, 1])


def fermi(beta: float, own: float, other: float) -> float:
    """Chance of imitating a rival whose payoff is ``other`` when one's own is ``own``."""
    x = -beta * (other - own)
    return 1.0 / (1.0 + math.exp(x)) if x < 700.0 else 0.0


def mixed_payoffs(payoffs: np.ndarray, mutants: int, size: int) -> tuple[float, float]:
    """Average payoffs (mutant U, resident S) with ``mutants`` U among ``size`` labs."""
    k, z = mutants, size
    unsafe = ((k - 1) * payoffs[1, 1] + (z - k) * payoffs[1, 0]) / (z - 1)
    safe = (k * payoffs[0, 1] + (z - k - 1) * payoffs[0, 0]) / (z - 1)
    return float(unsafe), float(safe)


def fixation_probability(payoffs: np.ndarray, size: int, beta: float, invader: int) -> float:
    """Chance one ``invader`` lab takes over ``size`` well-mixed labs by pairwise comparison.

    rho = 1 / (1 + sum_i prod_{k<=i} exp(-beta (P_inv(k) - P_res(k)))) (Traulsen, Nowak and
    Pacheco 2006, Phys. Rev. E 74, 011909, eq. 6), computed in logs so it never overflows.
    """
    if size < 2:
        raise ValueError(f"size: expected at least 2 labs (got {size})")
    m = payoffs if invader == UNSAFE else payoffs[::-1, ::-1]
    gaps = np.array([np.subtract(*mixed_payoffs(m, k, size)) for k in range(1, size)])
    logs = np.cumsum(-beta * gaps)
    top = max(0.0, float(logs.max()))
    return float(math.exp(-top) / (math.exp(-top) + np.exp(logs - top).sum()))


def unsafe_share(payoffs: np.ndarray, size: int, beta: float) -> float:
    """Long-run share of time all labs are unsafe, in the limit of rare strategy exploration."""
    to_unsafe = fixation_probability(payoffs, size, beta, UNSAFE)
    to_safe = fixation_probability(payoffs, size, beta, SAFE)
    return to_unsafe / (to_unsafe + to_safe)


def learn(
    graph: nx.Graph,
    strategies: np.ndarray,
    payoffs: np.ndarray,
    beta: float,
    rng: np.random.Generator,
    updates: int,
) -> np.ndarray:
    """Social learning of safety along the lab network; returns the strategies after it.

    Each update a random lab (with rivals) compares its payoff, the average of its games
    against its neighbours, with a random neighbour's and imitates it with the Fermi
    probability. Stops early once every lab plays the same strategy.
    """
    x = np.array(strategies, dtype=np.int64)
    nodes = list(graph.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    rivals = [np.array([index[m] for m in graph.neighbors(n)], dtype=np.int64) for n in nodes]
    movers = [i for i, r in enumerate(rivals) if r.size]
    if not movers:
        return x

    def payoff(i: int) -> float:
        return float(payoffs[x[i], x[rivals[i]]].mean())

    for _ in range(updates):
        if x.min() == x.max():
            break
        i = movers[int(rng.integers(len(movers)))]
        j = int(rivals[i][int(rng.integers(rivals[i].size))])
        if x[i] != x[j] and rng.random() < fermi(beta, payoff(i), payoff(j)):
            x[i] = x[j]
    return x


def fixation_frequency(
    graph: nx.Graph,
    payoffs: np.ndarray,
    beta: float,
    runs: int,
    seed: int,
    invader: int = UNSAFE,
    updates: int = 100_000,
) -> float:
    """Share of ``runs`` in which one ``invader`` lab (placed at random) takes over the network."""
    rng = np.random.default_rng(seed)
    z = graph.number_of_nodes()
    wins = 0
    for _ in range(runs):
        x = np.full(z, 1 - invader)
        x[int(rng.integers(z))] = invader
        wins += int(np.all(learn(graph, x, payoffs, beta, rng, updates) == invader))
    return wins / runs
