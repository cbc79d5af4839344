"""Systems that share a growth rule improving at once: one call of the rule for all.

A rule that draws nothing and reads nothing of the step but the iteration count
(:func:`batchable`, today the criticality rule) gives each system the same outcome
whatever the order, so the self-improvement phase advances all its systems together
(:func:`improve_together`) before the pass that takes the others one by one.
"""

from __future__ import annotations

from itertools import repeat
from operator import add, itemgetter
from typing import TYPE_CHECKING, Any

import numpy as np

from agi_economy.agents import uses_inputs
from agi_economy.growth.base import new_states

if TYPE_CHECKING:
    from agi_economy.agents import ProtoAGI


def batchable(rule: Any) -> bool:
    """Whether :func:`improve_together` can run a rule's systems: deterministic, inputs unused.

    Such a rule draws nothing and reads nothing of the step but the iteration count, so
    its systems may improve in any order, all at once (``advance_arrays``).
    """
    return (
        hasattr(rule, "advance_arrays")
        and not getattr(rule, "stochastic", True)
        and not uses_inputs(rule)
    )


def improve_together(
    agis: list[ProtoAGI], iterations: list[int], rule: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What :meth:`~agi_economy.agents.ProtoAGI.improve` does, for systems of one batchable rule.

    The outcome for each system is that of ``agi.improve(n, ctx, rng)`` with any
    ``ctx`` (the rule does not read it) and no draw. The inputs a system keeps for its
    next step's twin are the iteration count only.

    Returns:
        Each system's intelligence before and after, and the iterations it performed.
    """
    befores = [agi.state for agi in agis]
    if not befores:
        return np.zeros(0), np.zeros(0), np.zeros(0, dtype=np.int64)
    # The states' columns (a named tuple's fields by position: no object made per state).
    levels, deltas = (np.fromiter(map(itemgetter(k), befores), float, len(befores)) for k in (0, 1))
    # One count for all (the usual step) needs no conversion of the list.
    one_count = iterations[0] if iterations.count(iterations[0]) == len(iterations) else None
    if one_count is None:
        counts = np.array(iterations, dtype=np.int64)
        performed = np.where(counts > 0, counts, 0)
        # The iterations completed, each a Python integer sum (as in ``advance``).
        done = list(map(add, map(itemgetter(2), befores), performed.tolist()))
    else:
        counts = np.full(len(befores), one_count, dtype=np.int64)
        performed = counts if one_count > 0 else np.zeros(len(befores), dtype=np.int64)
        done = list(map(add, map(itemgetter(2), befores), repeat(max(one_count, 0))))
    after_levels, after_deltas = rule.advance_arrays(levels, deltas, counts)
    gains = after_levels - levels
    afters = new_states(
        after_levels.tolist(),
        after_deltas.tolist(),
        done,
        map(itemgetter(3), befores),
        map(itemgetter(4), befores),
    )
    gains_ = gains.tolist()
    if one_count is not None and one_count > 0:
        n = one_count
        kept = _inputs(n)
        if [agi._last_inputs for agi in agis].count(kept) == len(agis):
            # The usual step: every system did as many iterations in its last step as in
            # this one, so each gain is also its gain with the same inputs.
            for agi, after, gain in zip(agis, afters, gains_, strict=True):
                agi.state, agi.last_gain, agi.last_gain_same_inputs = after, gain, gain
                agi.last_iterations = n
            return levels, after_levels, performed
    redo: list[tuple[int, int]] = []  # (system, last count): the count changed, a twin is needed
    for j, (agi, after, gain, n) in enumerate(
        zip(agis, afters, gains_, performed.tolist(), strict=True)
    ):
        agi.state, agi.last_gain, agi.last_iterations = after, gain, n
        same = None
        if n > 0:
            last = agi._last_inputs
            if last is not None:
                if last[0] == n:
                    same = gain  # this step's inputs were the previous step's
                else:
                    redo.append((j, last[0]))
            agi._last_inputs = _inputs(n)
        agi.last_gain_same_inputs = same
    if redo:
        # The gain from the same state with the previous step's count of iterations.
        rows = [j for j, _ in redo]
        twins, _ = rule.advance_arrays(
            levels[rows],
            deltas[rows],
            np.array([m for _, m in redo], dtype=np.int64),
        )
        for j, twin, level in zip(rows, twins.tolist(), levels[rows].tolist(), strict=True):
            agis[j].last_gain_same_inputs = twin - level
    return levels, after_levels, performed


_KEPT: dict[int, tuple[int, None]] = {}


def _inputs(n: int) -> tuple[int, None]:
    """What a system of a batchable rule keeps of its inputs: the count (one tuple per count)."""
    kept = _KEPT.get(n)
    if kept is None:
        kept = _KEPT[n] = (n, None)
    return kept
