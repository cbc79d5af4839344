"""Graph builders, seeded from the model's generator.

People's ties come from the scenario's topology (Barabasi-Albert, Watts-Strogatz,
Erdos-Renyi or an edge-list file). Labs and AGIs are added by the model: each lab is
tied to its AGIs, each AGI to the people who use and audit it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np
from scipy import sparse

from agi_economy.files import FileRefused, read_text_bounded
from agi_economy.preferential import barabasi_albert_edges
from agi_economy.scenario.loader import ScenarioError
from agi_economy.scenario.schema import NetworkConfig


def human_ties(cfg: NetworkConfig, n: int, rng: np.random.Generator) -> Ties:
    """People's ties as arrays, nodes 0..n-1; a file's graph decides n itself.

    Barabasi-Albert graphs are drawn as arrays (:mod:`agi_economy.preferential`), with
    no networkx graph: a million people's ties take a few array operations.
    """
    if cfg.kind == "barabasi_albert" and n > 1:
        return Ties.from_edges(barabasi_albert_edges(n, min(cfg.ba_m, n - 1), rng), n)
    graph = human_graph(cfg, n, rng)
    return Ties.from_graph(graph, graph.number_of_nodes())


def human_graph(cfg: NetworkConfig, n: int, rng: np.random.Generator) -> nx.Graph:
    """People's social ties as a networkx graph, nodes 0..n-1; a file's graph decides n."""
    if cfg.kind == "file":
        return read_edge_list(Path(cfg.path or ""))
    if n <= 1:
        return nx.empty_graph(n)
    if cfg.kind == "barabasi_albert":
        graph = nx.empty_graph(n)
        graph.add_edges_from(barabasi_albert_edges(n, min(cfg.ba_m, n - 1), rng).tolist())
        return graph
    if cfg.kind == "watts_strogatz":
        return nx.watts_strogatz_graph(n, min(cfg.ws_k, n - 1), cfg.ws_p, seed=rng)
    p = min(cfg.er_mean_degree / (n - 1), 1.0)
    return nx.fast_gnp_random_graph(n, p, seed=rng)


MAX_EDGE_LIST_BYTES = 128 * 2**20
"""Largest edge list read (a million people with a few ties each fit well within it)."""


def read_edge_list(path: Path) -> nx.Graph:
    """An undirected graph from a file of integer id pairs, relabelled 0..n-1 in id order."""
    if not path.is_file():
        raise ScenarioError("network.path", [f"edge-list file not found: {path}"])
    try:
        lines = read_text_bounded(path, MAX_EDGE_LIST_BYTES).splitlines()
    except (OSError, UnicodeDecodeError, FileRefused) as exc:
        raise ScenarioError("network.path", [f"{path}: cannot read ({exc})"]) from None
    graph = nx.Graph()
    problems = []
    for number, line in enumerate(lines, 1):
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        if len(fields) < 2 or not all(f.lstrip("-").isdigit() for f in fields[:2]):
            problems.append(f"{path} line {number}: expected two integer node ids, got {line!r}")
            continue
        graph.add_edge(int(fields[0]), int(fields[1]))
    if problems:
        raise ScenarioError("network.path", problems[:10])
    return nx.convert_node_labels_to_integers(graph, ordering="sorted")


@dataclass(frozen=True)
class Ties:
    """People's ties as arrays: both directions of each edge, degrees and the sharing matrix.

    ``spread`` is the sparse matrix S with S[j, i] = 1 / degree(i) for each tie i-j, so
    ``spread @ given`` is what each person receives when everyone splits ``given`` equally
    over their ties: one sparse product per step, linear in ties.
    """

    src: np.ndarray
    dst: np.ndarray
    degree: np.ndarray
    indptr: np.ndarray  # CSR: neighbours of i are dst[indptr[i]:indptr[i + 1]]
    spread: sparse.csr_array
    has_ties: np.ndarray  # 1.0 where a person has at least one tie, else 0.0

    @classmethod
    def from_graph(cls, graph: nx.Graph, n: int) -> Ties:
        """Arrays for the ties among nodes 0..n-1 of ``graph``."""
        return cls.from_edges(np.array(list(graph.edges()), dtype=np.int64).reshape(-1, 2), n)

    @classmethod
    def from_edges(cls, edges: np.ndarray, n: int) -> Ties:
        """Arrays for the ties of an ``(edges, 2)`` array among nodes 0..n-1 (others dropped)."""
        edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
        edges = edges[(edges[:, 0] < n) & (edges[:, 1] < n) & (edges[:, 0] != edges[:, 1])]
        src = np.concatenate([edges[:, 0], edges[:, 1]])
        dst = np.concatenate([edges[:, 1], edges[:, 0]])
        order = np.argsort(src * max(n, 1) + dst)  # by person, then by neighbour
        src, dst = src[order], dst[order]
        degree = np.bincount(src, minlength=n).astype(float)
        indptr = np.concatenate([[0], np.cumsum(degree.astype(np.int64))])
        # Ties are symmetric, so row i of S lists i's neighbours j with 1 / degree(j): the
        # CSR arrays are the sorted ties themselves, no conversion from coordinates.
        weights = 1.0 / degree[dst] if dst.size else np.empty(0)
        spread = sparse.csr_array((weights, dst, indptr), shape=(n, n))
        return cls(src, dst, degree, indptr, spread, (degree > 0).astype(float))

    def graph(self) -> nx.Graph:
        """The ties as a networkx graph on nodes 0..n-1 (built on demand, for views)."""
        graph = nx.empty_graph(self.degree.size)
        once = self.src < self.dst
        graph.add_edges_from(zip(self.src[once].tolist(), self.dst[once].tolist(), strict=True))
        return graph

    def neighbours(self, nodes: np.ndarray) -> np.ndarray:
        """All neighbours of ``nodes`` (with repeats), node by node in CSR order."""
        nodes = np.asarray(nodes, dtype=np.int64)
        starts = self.indptr[nodes]
        counts = self.indptr[nodes + 1] - starts
        if counts.sum() == 0:
            return np.empty(0, dtype=np.int64)
        # Position k of the output is starts[i] + (k - where node i's run begins).
        begins = np.cumsum(counts) - counts
        offsets = np.arange(int(counts.sum())) + np.repeat(starts - begins, counts)
        return self.dst[offsets]
