"""Graph builders: every topology, seeded, and edge-list files."""

import networkx as nx
import numpy as np
import pytest

from agi_economy import AGIEconomy, ScenarioError
from agi_economy.network import Ties, human_graph
from agi_economy.scenario.schema import NetworkConfig

KINDS = ["barabasi_albert", "watts_strogatz", "erdos_renyi"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("n", [0, 1, 2, 50])
def test_topologies_have_n_people(kind, n):
    """Each topology builds exactly n nodes labelled 0..n-1, even at the boundaries."""
    graph = human_graph(NetworkConfig(kind=kind), n, np.random.default_rng(0))
    assert sorted(graph.nodes) == list(range(n))


@pytest.mark.parametrize("kind", KINDS)
def test_topologies_are_seeded(kind):
    """The same generator seed gives the same graph; another seed a different one."""

    def edges(seed):
        return sorted(human_graph(NetworkConfig(kind=kind), 200, np.random.default_rng(seed)).edges)

    assert edges(1) == edges(1)
    assert edges(1) != edges(2)


def test_edge_list_file_sets_the_population(tmp_path):
    """A graph loaded from a file decides how many people there are."""
    path = tmp_path / "ties.txt"
    path.write_text("# a triangle and a tail\n10 20\n20 30\n30 10\n30 40\n")
    model = AGIEconomy("slow_takeoff", seed=1, network__kind="file", network__path=str(path))
    assert model.population.n == 4
    assert model.population.ties.src.size == 8


@pytest.mark.parametrize(
    ("text", "match"),
    [("1 x\n", "line 1"), ("1 2\n3\n", "line 2: expected two integer"), (None, "not found")],
)
def test_bad_edge_list_names_the_field(tmp_path, text, match):
    """A missing or malformed edge list raises an error naming network.path."""
    path = tmp_path / "ties.txt"
    if text is not None:
        path.write_text(text)
    with pytest.raises(ScenarioError, match="network.path") as err:
        AGIEconomy("slow_takeoff", seed=1, network__kind="file", network__path=str(path))
    assert match in str(err.value)


def test_file_kind_requires_a_path():
    """kind = 'file' without a path is rejected at validation."""
    with pytest.raises(ValueError, match="network.path"):
        AGIEconomy("slow_takeoff", network__kind="file")


def test_ties_csr_lists_neighbours():
    """The CSR arrays list each person's neighbours, both directions of every edge."""
    graph = nx.star_graph(3)  # 0 joined to 1, 2, 3
    ties = Ties.from_graph(graph, 4)
    assert sorted(ties.neighbours(np.array([0]))) == [1, 2, 3]
    assert list(ties.neighbours(np.array([2]))) == [0]
    assert ties.degree.tolist() == [3, 1, 1, 1]
