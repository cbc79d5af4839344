"""Every validation case passes (the table `agi-economy validate-model` prints)."""

from __future__ import annotations

import dataclasses

import polars as pl
import pytest

from agi_economy.validation import KINDS, Case, cases, counts_line, kind_counts, run_cases
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

    results = run_cases([Case("broken", "x", "test", "internal", broken), CASES[0]])
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


def test_every_case_says_what_kind_of_reference_it_has():
    """Each case is tagged external, transcription, identity or internal, and counted."""
    assert set(KINDS) == {"external", "transcription", "identity", "internal"}
    assert all(c.kind in KINDS for c in CASES)
    counts = kind_counts(CASES)
    assert sum(counts.values()) == len(CASES)
    for kind, n in counts.items():
        assert f"{n} {kind}" in counts_line(CASES)
    with pytest.raises(ValueError, match="kind"):
        Case("untagged", "x", "test", "trust me", broken_check)


def broken_check() -> Outcome:
    return Outcome("1", "2", False)


def test_a_formula_typed_twice_is_not_called_external():
    """Cases that compare a module's formula with the same formula typed again say so."""
    by_name = {c.name: c for c in CASES}
    typed_again = [name for name in by_name if name.endswith(": the module's formula")]
    typed_again += [name for name in by_name if name.startswith("loss of ")]
    assert len(typed_again) == 9
    assert {by_name[name].kind for name in typed_again} == {"transcription"}


def _case(name: str) -> Case:
    (case,) = [c for c in CASES if c.name == name]
    return case


def test_model_case_catches_a_model_that_starts_from_the_wrong_intelligence(monkeypatch):
    """The fizzle-limit check takes I_0 and D_1 from the scenario, not from the run it checks."""
    import agi_economy.run

    case = _case("model: regimes and k_hat for k = 0.7 / 1 / 1.1")
    assert case.run().passed
    real = agi_economy.run.simulate

    def offset(*args, **kwargs):  # every AGI 0.05 above where the scenario starts it
        result = real(*args, **kwargs)
        steps = result.steps.with_columns(pl.col("max_intelligence") + 0.05)
        return dataclasses.replace(result, steps=steps)

    monkeypatch.setattr(agi_economy.run, "simulate", offset)
    assert not case.run().passed


@pytest.mark.parametrize("fit", ["hoffmann2022", "besiroglu2024"])
def test_rule_case_catches_mistyped_constants_in_the_code(monkeypatch, fit):
    """The scaling-law rule's check takes its losses from the published constants."""
    from agi_economy.growth import scaling_law

    case = _case(f"rule I = ((L_ref - E) / (L - E))^gamma ({fit})")
    assert case.run().passed
    wrong = dataclasses.replace(scaling_law.FITS[fit], alpha=scaling_law.FITS[fit].alpha * 1.1)
    monkeypatch.setitem(scaling_law.FITS, fit, wrong)
    assert not case.run().passed
