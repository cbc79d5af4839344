"""Systems that share a growth rule improving at once: one call of the rule for all.

A rule that draws nothing and reads nothing of the step but the iteration count
(:func:`batchable`, today the criticality rule) gives each system the same outcome
whatever the order, so the self-improvement phase advances all its systems together
(:func:`improve_together`) before the pass that takes the others one by one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from agi_economy.agents import uses_inputs

if TYPE_CHECKING:
    from agi_economy.agents import ProtoAGI
    from agi_economy.growth import GrowthState


def batchable(rule: Any) -> bool:
    """Whether :func:`improve_together` can run a rule's systems: deterministic, inputs unused.

    Such a rule draws nothing and reads nothing of the step but the iteration count, so
    its systems may improve in any order, all at once (``advance_many``).
    """
    return (
        hasattr(rule, "advance_many")
        and not getattr(rule, "stochastic", True)
        and not uses_inputs(rule)
    )


def improve_together(agis: list[ProtoAGI], iterations: list[int], rule: Any) -> None:
    """What :meth:`~agi_economy.agents.ProtoAGI.improve` does, for systems of one batchable rule.

    The outcome for each system is that of ``agi.improve(n, ctx, rng)`` with any
    ``ctx`` (the rule does not read it) and no draw. The inputs a system keeps for its
    next step's twin are the iteration count only.
    """
    befores = [agi.state for agi in agis]
    afters = rule.advance_many(befores, iterations)
    redo: list[tuple[ProtoAGI, GrowthState, int]] = []  # the count changed: a twin is needed
    for agi, n, before, after in zip(agis, iterations, befores, afters, strict=True):
        gain = after.intelligence - before.intelligence
        performed = after.iteration - before.iteration
        agi.state, agi.last_gain, agi.last_iterations = after, gain, performed
        same = None
        last = agi._last_inputs
        if n > 0 and last is not None:
            if last[0] == n:
                same = gain  # this step's inputs were the previous step's
            else:
                redo.append((agi, before, last[0]))
        agi.last_gain_same_inputs = same
        if performed > 0:
            agi._last_inputs = (performed, None)
    if redo:
        # The gain from the same state with the previous step's count of iterations.
        twins = rule.advance_many([b for _, b, _ in redo], [m for _, _, m in redo])
        for (agi, before, _), twin in zip(redo, twins, strict=True):
            agi.last_gain_same_inputs = twin.intelligence - before.intelligence
