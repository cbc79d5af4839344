"""Validation cases: the simulator against published and closed-form results.

Each :class:`Case` names its source and the kind of its reference (:data:`KINDS`)
and, when run, returns an :class:`Outcome`: what the source says, what the code gives,
and whether they agree within a stated tolerance. Monte Carlo cases draw from fixed
seeds, so every run of the table is the same; their tolerances are binomial (a few
standard errors), so a correct model passes for any seed. ``agi-economy
validate-model`` prints the table with the counts per kind, and the tests in
``tests/validation/`` run every case.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from agi_economy.validation.checks import Outcome

KINDS: dict[str, str] = {
    "external": "a published value, or a closed form or second method derived "
    "independently of the code under test",
    "transcription": "the code's formula or constants typed again: catches a slip in "
    "typing them, not an error in the formula",
    "identity": "an algebraic identity the code's results must satisfy",
    "internal": "agreement of two parts of the code, or of the code with its own design",
}
"""What a case's expected value is, by kind of reference (table order)."""


@dataclass(frozen=True)
class Case:
    """One validation case: a name, its group, source and kind of reference, and its check."""

    name: str
    group: str
    source: str
    kind: str
    run: Callable[[], Outcome]

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind: expected one of {', '.join(KINDS)} (got {self.kind!r})")


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


def kind_counts(selected: Sequence[Case] | None = None) -> dict[str, int]:
    """How many cases (all by default) have each kind of reference, in :data:`KINDS` order."""
    chosen = cases() if selected is None else selected
    return {kind: sum(c.kind == kind for c in chosen) for kind in KINDS}


def counts_line(selected: Sequence[Case] | None = None) -> str:
    """The line printed under the table: cases per kind of reference."""
    counts = kind_counts(selected)
    parts = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    return f"references: {parts} ({sum(counts.values())} cases)"


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


__all__ = ["KINDS", "Case", "Outcome", "cases", "counts_line", "kind_counts", "run_cases"]
