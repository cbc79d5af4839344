"""Validation cases from the published models: the figures of ``agi-economy reproduce``.

These are external references: a paper's reported number against the simulator's
special case of that paper's model (:mod:`agi_economy.validation.published`).
"""

from __future__ import annotations

from functools import cache

from agi_economy.validation import Case
from agi_economy.validation.checks import Outcome
from agi_economy.validation.han2020 import han_rows
from agi_economy.validation.published import COMPUTE_TABLE, DH_TABLE, reproduce

_SOURCES = {
    "davidson_houlden": "Davidson & Houlden 2025",
    "davidson_compute": "Davidson 2025",
    "han2020": "Han et al. 2020 (replication)",
}
_DRAWS = 2000  # Monte Carlo draws per case: within the paper's own run-to-run spread


@cache
def _figures(name: str):
    """One run of a reproduction serves all of its cases."""
    return tuple(reproduce(name, draws=_DRAWS, seed=0))


def _check(name: str, index: int):
    def run() -> Outcome:
        figure = _figures(name)[index]
        expected = f"{figure.paper:.4g} (abs {figure.tolerance:g})"
        return Outcome(expected, f"{figure.ours:.4g}", figure.passed)

    return run


def _cases() -> tuple[Case, ...]:
    rows = {
        "davidson_houlden": [row[0] for row in DH_TABLE],
        "davidson_compute": [f"max speed at rho = {rho:g}" for rho, _ in COMPUTE_TABLE],
        "han2020": han_rows(),
    }
    return tuple(
        Case(f"{name}: {row}", "published", _SOURCES[name], "external", _check(name, i))
        for name, labels in rows.items()
        for i, row in enumerate(labels)
    )


CASES = _cases()
