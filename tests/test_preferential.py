"""Preferential attachment as arrays: exact small cases, networkx as a second method."""

import math

import networkx as nx
import numpy as np
import pytest

from agi_economy.network import Ties, human_ties
from agi_economy.preferential import barabasi_albert_edges
from agi_economy.scenario.schema import NetworkConfig


@pytest.mark.parametrize(("n", "m"), [(2, 1), (3, 2), (4, 3), (50, 1), (300, 2), (200, 5)])
def test_every_newcomer_ties_to_m_distinct_earlier_people(n, m):
    """A star on 0..m, then each later node has exactly m distinct ties to earlier nodes."""
    edges = barabasi_albert_edges(n, m, np.random.default_rng(n + m))
    assert edges.shape == (m * (n - m), 2)
    assert (edges[:m] == np.stack([np.arange(1, m + 1), np.zeros(m)], axis=1)).all()
    newer = edges[m:]
    assert (newer[:, 1] < newer[:, 0]).all()
    assert (np.bincount(newer[:, 0], minlength=n)[m + 1 :] == m).all()
    assert len({tuple(e) for e in newer.tolist()}) == newer.shape[0]


@pytest.mark.parametrize("m", [0, 4])
def test_bad_m_is_refused(m):
    """m must lie in 1..n-1."""
    with pytest.raises(ValueError, match="1 <= m < n"):
        barabasi_albert_edges(4, m, np.random.default_rng(0))


def test_first_newcomer_picks_in_proportion_to_degree():
    """With m = 1, node 2 joins the star 0-1, both of degree 1: chance 1/2 each, 4,000 seeds."""
    rng = np.random.default_rng(11)
    draws = 4000
    hits = sum(int(barabasi_albert_edges(3, 1, rng)[1, 1] == 0) for _ in range(draws))
    assert abs(hits / draws - 0.5) <= 4 * math.sqrt(0.25 / draws)


def test_two_distinct_targets_redraw_a_repeat():
    """m = 2, ends [1, 0, 2, 0]: the pair {1, 2} has chance 2 (1/4)(1/3) = 1/6, 6,000 seeds."""
    rng = np.random.default_rng(12)
    draws = 6000
    pairs = [frozenset(barabasi_albert_edges(4, 2, rng)[2:, 1].tolist()) for _ in range(draws)]
    p = 1 / 6
    freq = sum(pair == {1, 2} for pair in pairs) / draws
    assert abs(freq - p) <= 4 * math.sqrt(p * (1 - p) / draws)


def test_degrees_match_networkx_generator():
    """Shares of degree m, m + 1, 2m..4m and the mean top degree agree with networkx, 40 seeds."""
    n, m, seeds = 2000, 2, 40
    ours, theirs = [], []
    for seed in range(seeds):
        degree = np.bincount(barabasi_albert_edges(n, m, np.random.default_rng(seed)).ravel())
        ours.append(degree)
        graph = nx.barabasi_albert_graph(n, m, seed=np.random.default_rng(1000 + seed))
        theirs.append(np.array([d for _, d in graph.degree()]))
    for low, high in ((m, m), (m + 1, m + 1), (2 * m, 4 * m)):
        a = np.array([((d >= low) & (d <= high)).mean() for d in ours])
        b = np.array([((d >= low) & (d <= high)).mean() for d in theirs])
        se = math.sqrt(a.var(ddof=1) / seeds + b.var(ddof=1) / seeds)
        assert abs(a.mean() - b.mean()) <= 4 * se, (low, high)
    a, b = np.array([d.max() for d in ours]), np.array([d.max() for d in theirs])
    se = math.sqrt(a.var(ddof=1) / seeds + b.var(ddof=1) / seeds)
    assert abs(a.mean() - b.mean()) <= 4 * se


def test_ties_from_the_seed_alone():
    """The same generator seed gives the same ties; another seed other ties."""
    cfg = NetworkConfig(kind="barabasi_albert")

    def dst(seed):
        return human_ties(cfg, 500, np.random.default_rng(seed)).dst.tolist()

    assert dst(4) == dst(4)
    assert dst(4) != dst(5)


def test_ties_graph_round_trips():
    """Ties.graph() gives back the graph the ties were made from."""
    graph = nx.barabasi_albert_graph(60, 3, seed=np.random.default_rng(2))
    back = Ties.from_graph(graph, 60).graph()
    assert sorted(map(sorted, back.edges)) == sorted(map(sorted, graph.edges))
