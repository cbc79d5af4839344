"""Barabasi-Albert preferential attachment as whole-array operations.

The graph is the one of Barabasi and Albert (1999) as networkx builds it: a star on
nodes 0..m, then every new node ties to m distinct earlier nodes, each picked with
chance proportional to its degree. Picking a node in proportion to its degree is
picking a uniform entry of the list of all edge ends so far (V. Batagelj and U.
Brandes, "Efficient generation of large random networks", Phys. Rev. E 71, 036113,
2005: their preferential-attachment generator). Each new tie's end is a uniform
position among the ends written before its node, so every draw is made at once and
each chosen position is resolved by following positions back until one holds a known
node (a source, or the star).
A node that drew the same target twice redraws that tie, as networkx does.

networkx draws one number at a time through a wrapper of the generator; here the
draws come from the model's generator in a few calls, so a seed fixes the graph.
"""

from __future__ import annotations

import numpy as np


def barabasi_albert_edges(n: int, m: int, rng: np.random.Generator) -> np.ndarray:
    """The ``(edges, 2)`` array of a Barabasi-Albert graph on nodes 0..n-1, m ties per node.

    Raises:
        ValueError: unless 1 <= m < n.
    """
    if not 1 <= m < n:
        raise ValueError(f"Barabasi-Albert: expected 1 <= m < n (got m={m}, n={n})")
    star = np.stack([np.arange(1, m + 1), np.zeros(m, dtype=np.int64)], axis=1)
    newcomers = n - m - 1
    if newcomers == 0:
        return star
    sources = np.repeat(np.arange(m + 1, n, dtype=np.int64), m)
    # Ends are laid out in pairs (source, target), star first: edge k fills 2k and 2k + 1.
    before = np.repeat(2 * (m + m * np.arange(newcomers, dtype=np.int64)), m)
    picks = rng.integers(0, before)  # a position among the ends written before the node
    while True:
        targets = _resolve(picks, m)
        again = _repeated(targets.reshape(newcomers, m)).ravel()
        if not again.any():
            return np.concatenate([star, np.stack([sources, targets], axis=1)])
        picks[again] = rng.integers(0, before[again])


def _resolve(picks: np.ndarray, m: int) -> np.ndarray:
    """The node at each picked end, following a newer tie's target back to its own pick."""
    first = 2 * m  # the star's ends: (k + 1, 0) for edge k
    star = picks < first
    source = ~star & (picks % 2 == 0)  # a newcomer's own end: node m + 1 + tie // m
    targets = np.full(picks.size, -1, dtype=np.int64)
    targets[star] = np.where(picks[star] % 2 == 0, picks[star] // 2 + 1, 0)
    targets[source] = m + 1 + (picks[source] - first) // 2 // m
    waiting = np.flatnonzero(targets < 0)
    tie = (picks[waiting] - first - 1) // 2  # the newcomer tie whose target was picked
    while waiting.size:
        found = targets[tie]
        known = found >= 0
        targets[waiting[known]] = found[known]
        waiting, tie = waiting[~known], tie[~known]
        tie = (picks[tie] - first - 1) // 2  # that tie's target is itself another's pick
    return targets


def _repeated(rows: np.ndarray) -> np.ndarray:
    """True at each entry equal to an earlier entry of its row (rows are a few ties long)."""
    out = np.zeros(rows.shape, dtype=bool)
    for j in range(1, rows.shape[1]):
        for i in range(j):
            out[:, j] |= rows[:, j] == rows[:, i]
    return out
