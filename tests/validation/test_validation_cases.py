"""Every validation case passes (the table `agi-economy validate-model` prints)."""

from __future__ import annotations

import pytest

from agi_economy.validation import Case, cases, run_cases
from agi_economy.validation.checks import Outcome, binomial, near
from agi_economy.validation.references import REFERENCES

CASES = cases()


@pytest.mark.parametrize("case", CASES, ids=[f"{c.group}: {c.name}" for c in CASES])
def test_case_passes(case):
    """The code agrees with the case's source within the stated tolerance."""
    ((_, outcome),) = run_cases([case])
    assert outcome.passed, (
        f"{case.name} ({case.source}): expected {outcome.expected}, got {outcome.got}"
    )


def test_every_case_names_a_source_and_group():
    """Each case says where its expected value comes from."""
    groups = {"criticality", "continuous", "few-shot", "chinchilla", "takeoff", "k estimator"}
    groups.add("published")
    assert {c.group for c in CASES} == groups
    assert all(c.source.strip() and c.name.strip() for c in CASES)
    cited = {part for c in CASES for part in c.source.split("; ")}
    assert cited <= set(REFERENCES), cited - set(REFERENCES)
    assert len({c.name for c in CASES}) == len(CASES)


def test_a_raising_case_fails_without_hiding_the_others():
    """A case whose check raises is reported as failed and the rest still run."""

    def broken() -> Outcome:
        raise ZeroDivisionError("boom")

    results = run_cases([Case("broken", "x", "test", broken), CASES[0]])
    assert [o.passed for _, o in results] == [False, True]
    assert "ZeroDivisionError: boom" in results[0][1].got


def test_unknown_group_is_named():
    """Asking for a group that does not exist raises ValueError naming it."""
    with pytest.raises(ValueError, match="nonsense"):
        cases(["nonsense"])


def test_checks_can_fail():
    """The comparisons reject disagreement and non-finite values."""
    assert not near(1.0, 1.1, rel=1e-3).passed
    assert not near(1.0, float("nan")).passed
    assert not near(1.0, float("inf"), rel=1.0).passed
    assert not binomial(0.5, 900, 1000).passed
    assert binomial(0.5, 510, 1000).passed
