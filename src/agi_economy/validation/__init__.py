"""Validation cases: the simulator against published and closed-form results.

Each :class:`Case` names its source and, when run, returns an :class:`Outcome`:
what the source says, what the code gives, and whether they agree within a stated
tolerance. Monte Carlo cases draw from fixed seeds, so every run of the table is the
same; their tolerances are binomial (a few standard errors), so a correct model passes
for any seed. ``agi-economy validate-model`` prints the table and the tests in
``tests/validation/`` run every case.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from agi_economy.validation.checks import Outcome


@dataclass(frozen=True)
class Case:
    """One validation case: a name, its group and source, and the check that runs it."""

    name: str
    group: str
    source: str
    run: Callable[[], Outcome]


def _all_cases() -> tuple[Case, ...]:
    from agi_economy.validation import growth_cases, published_cases, world_cases

    return (*growth_cases.CASES, *world_cases.CASES, *published_cases.CASES)


def cases(groups: Iterable[str] | None = None) -> tuple[Case, ...]:
    """Every case, or those of the named groups (in table order)."""
    every = _all_cases()
    if groups is None:
        return every
    wanted = set(groups)
    unknown = wanted - {c.group for c in every}
    if unknown:
        names = ", ".join(sorted({c.group for c in every}))
        raise ValueError(f"group: unknown {', '.join(sorted(unknown))} (expected one of {names})")
    return tuple(c for c in every if c.group in wanted)


def run_cases(selected: Sequence[Case] | None = None) -> list[tuple[Case, Outcome]]:
    """Run cases (all by default) and pair each with its outcome.

    A case that raises fails with the exception as its result, so one broken check
    never hides the others.
    """
    results = []
    for case in cases() if selected is None else selected:
        try:
            outcome = case.run()
        except Exception as exc:  # noqa: BLE001  -- reported as a failed case
            outcome = Outcome("(no error)", f"{type(exc).__name__}: {exc}", False)
        results.append((case, outcome))
    return results


__all__ = ["Case", "Outcome", "cases", "run_cases"]
