"""Who an escaped system reaches, kept up to date step by step instead of recomputed.

An escaped system's reach grows along people's ties (:func:`agi_economy.phases.market.
spread`): each step it follows the ties of a sample of the people it reaches. Two
masks per system make that step cost what is new rather than the whole reach: the
people reached, and the people whose ties were already followed (their neighbours are
all reached, since reach only grows while a system is at large). Following only the
others' ties gives the same reach as following everyone's in the sample, so a run is
bit for bit the one the whole-reach recomputation gives.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from agi_economy.network import Ties

FEW = 16  # samples of at most this many people are followed person by person


@dataclass
class Reached:
    """One system's reach: the array the system holds and its two masks."""

    reach: np.ndarray
    reached: np.ndarray
    followed: np.ndarray

    @classmethod
    def of(cls, reach: np.ndarray, n: int) -> Reached:
        """The masks of a reach none of whose ties have been followed yet."""
        reached = np.zeros(n, dtype=bool)
        reached[reach] = True
        return cls(reach, reached, np.zeros(n, dtype=bool))

    def follow(self, sample: np.ndarray, ties: Ties) -> np.ndarray:
        """The reach after following the ties of ``sample`` (people already reached)."""
        if sample.size <= FEW:
            return self._follow_few(sample, ties)
        fresh = sample[~self.followed[sample]]
        if fresh.size == 0:
            return self.reach
        self.followed[fresh] = True
        found = ties.neighbours(fresh)
        return self._add(found[~self.reached[found]])

    def _follow_few(self, sample: np.ndarray, ties: Ties) -> np.ndarray:
        """:meth:`follow` for a sample of a few people, person by person.

        A step samples ``economy.escaped_spread`` of the population: in a world of a few
        thousand people, a handful, for whom each array operation of :meth:`follow`
        (about twenty) costs more than the loop over them that replaces it. The
        neighbours are the CSR slices :meth:`Ties.neighbours` joins, in its order.
        """
        followed, indptr, dst = self.followed, ties.indptr, ties.dst
        fresh = [person for person in sample.tolist() if not followed[person]]
        if not fresh:
            return self.reach
        for person in fresh:
            followed[person] = True
        found = np.concatenate([dst[indptr[person] : indptr[person + 1]] for person in fresh])
        return self._add(found[~self.reached[found]])

    def _add(self, new: np.ndarray) -> np.ndarray:
        """The reach with ``new`` people (not reached before, perhaps repeated) added."""
        if new.size == 0:
            return self.reach
        self.reached[new] = True
        # Sorted and distinct, as a union is (np.flatnonzero, without its wrappers).
        self.reach = self.reached.nonzero()[0]
        return self.reach


class ReachBook:
    """The :class:`Reached` of every escaped system of a world, by id, built on first use."""

    def __init__(self) -> None:
        self._by_id: dict[int, Reached] = {}

    def of(self, uid: int, reach: np.ndarray, n: int) -> Reached:
        """The masks of a system's current ``reach`` (rebuilt if the reach was replaced)."""
        entry = self._by_id.get(uid)
        if entry is None or entry.reach is not reach:
            entry = self._by_id[uid] = Reached.of(reach, n)
        return entry

    def forget(self, uid: int) -> None:
        """Drop a system's masks (it is no longer at large)."""
        self._by_id.pop(uid, None)
