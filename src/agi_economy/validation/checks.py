"""Outcomes of validation cases and the comparisons that produce them."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    """What the source says, what the code gives, and whether they agree.

    Attributes:
        expected: the published or closed-form value, as text (with its tolerance).
        got: the simulator's value, as text.
        passed: whether they agree within the tolerance.
    """

    expected: str
    got: str
    passed: bool


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def near(expected: float, got: float, rel: float = 1e-9, abs_tol: float = 0.0) -> Outcome:
    """Agreement within a relative (or absolute) tolerance; never passes on NaN or inf."""
    ok = math.isfinite(got) and math.isclose(got, expected, rel_tol=rel, abs_tol=abs_tol)
    tol = f"rel {rel:g}" if abs_tol == 0.0 else f"abs {abs_tol:g}"
    return Outcome(f"{_fmt(expected)} ({tol})", _fmt(got), ok)


def between(got: float, low: float, high: float, what: str | None = None) -> Outcome:
    """``got`` lies in [low, high]."""
    label = what or f"{_fmt(low)} .. {_fmt(high)}"
    return Outcome(label, _fmt(got), math.isfinite(got) and low <= got <= high)


def same(expected: object, got: object) -> Outcome:
    """Exact equality of labels or flags."""
    return Outcome(str(expected), str(got), expected == got)


def binomial(p: float, hits: int, trials: int, z: float = 4.0) -> Outcome:
    """An observed frequency within ``z`` binomial standard errors of probability ``p``."""
    se = math.sqrt(max(p * (1.0 - p), 0.0) / trials)
    freq = hits / trials
    ok = abs(freq - p) <= z * se + 1e-12
    return Outcome(f"{p:.4f} +/- {z * se:.4f}", f"{freq:.4f} ({hits}/{trials})", ok)


def all_of(outcomes: list[Outcome]) -> Outcome:
    """Several checks shown as one row: passes when every one does.

    Checks that expect and get the same text are shown once.
    """
    expected = {o.expected for o in outcomes}
    got = {o.got for o in outcomes}
    if len(expected) == 1 and len(got) == 1:
        return Outcome(expected.pop(), got.pop(), all(o.passed for o in outcomes))
    return Outcome(
        "; ".join(o.expected for o in outcomes),
        "; ".join(o.got for o in outcomes),
        all(o.passed for o in outcomes),
    )
