"""An escaped system's reach, kept by masks, is the union the whole recomputation gives."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from agi_economy import reach as reach_module
from agi_economy.network import Ties
from agi_economy.reach import FEW, Reached


def random_ties(n: int, edges: int, rng: np.random.Generator) -> Ties:
    """Ties of random edges among n people (some isolated, some hubs, repeats dropped)."""
    hubs = rng.choice(n, 3, replace=False)
    ends = np.concatenate([rng.integers(0, n, edges), rng.choice(hubs, edges)])
    pairs = np.stack([rng.integers(0, n, 2 * edges), ends], axis=1)
    pairs = pairs[pairs[:, 0] < n // 2 + n // 3]  # the last sixth of people only in hubs' ties
    return Ties.from_edges(np.unique(np.sort(pairs, axis=1), axis=0), n)


def follow_by_arrays(entry: Reached, sample: np.ndarray, ties: Ties, monkeypatch) -> np.ndarray:
    """``follow`` with the person-by-person path turned off (every sample by arrays)."""
    with monkeypatch.context() as patched:
        patched.setattr(reach_module, "FEW", -1)
        return entry.follow(sample, ties)


@pytest.mark.parametrize("seed", range(4))
def test_follow_is_the_union_with_the_samples_neighbours_by_either_path(seed, monkeypatch):
    """Each follow gives the sorted union of the reach and the sample's neighbours.

    Samples of a few people (followed one by one) and of many (by arrays) alike; and the
    two paths leave the same reach and masks, bit for bit, from the same state.
    """
    rng = np.random.default_rng(seed)
    n = 400
    ties = random_ties(n, 300, rng)
    entry = Reached.of(np.sort(rng.choice(n, 3, replace=False)), n)
    sizes_seen = set()
    for _ in range(60):
        reach = entry.reach
        size = int(rng.choice([1, 2, FEW, FEW + 1, 3 * FEW]))
        sample = rng.choice(reach, min(size, reach.size), replace=False)
        expected = np.union1d(reach, ties.neighbours(sample))
        by_arrays = copy.deepcopy(entry)
        got = entry.follow(sample, ties)
        other = follow_by_arrays(by_arrays, sample, ties, monkeypatch)
        assert np.array_equal(got, expected)
        assert got.dtype == other.dtype
        assert np.array_equal(got, other)
        assert np.array_equal(entry.reached, by_arrays.reached)
        assert np.array_equal(entry.followed, by_arrays.followed)
        assert entry.reach is got
        sizes_seen.add(sample.size <= FEW)
        if reach.size == n:
            break
    assert sizes_seen == {True, False}  # both paths taken


def test_following_only_the_isolated_or_the_followed_adds_no_one():
    """People without ties, or whose ties were followed, reach no one new: the reach stays."""
    ties = Ties.from_edges(np.array([[0, 1], [1, 2]]), 5)
    entry = Reached.of(np.array([1, 3]), 5)
    reach = entry.reach
    assert entry.follow(np.array([3]), ties) is reach  # 3 has no ties
    grown = entry.follow(np.array([1]), ties)
    assert grown.tolist() == [0, 1, 2, 3]
    assert entry.follow(np.array([1, 3]), ties) is grown  # 1 followed, 3 has no ties
