from pathlib import Path

import pytest

from agi_economy.evidence import EvidenceError, builtin_sources, select_sources
from agi_economy.evidence.library import read_source
from agi_economy.evidence.schema import FAMILIES

CURVE = Path(__file__).with_name("curve.toml")


def test_every_shipped_number_says_where_it_stands():
    """Each measurement of the library has a non-empty location and a citation identifier."""
    sources = builtin_sources()
    assert sources
    for s in sources:
        assert s.citation.identifier.strip()
        for m in s.measurements:
            assert len(m.location) > 10, (s.id, m.quantity)


def test_library_ids_are_unique_and_families_known():
    """No two shipped sources share an id; every family is one the mapping knows."""
    ids = [s.id for s in builtin_sources()]
    assert len(ids) == len(set(ids))
    assert {s.family for s in builtin_sources()} <= set(FAMILIES)


def _write(tmp_path, text):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_number_without_location_is_refused(tmp_path):
    """The error names the field that is missing."""
    text = CURVE.read_text(encoding="utf-8").replace('location = "this file"\n', "", 1)
    with pytest.raises(EvidenceError, match=r"measurements\.0\.location"):
        read_source(_write(tmp_path, text))


def test_an_inverted_interval_is_refused(tmp_path):
    """An interval whose low end is above its high end names both numbers."""
    text = CURVE.read_text(encoding="utf-8").replace(
        'uncertainty = { kind = "none" }',
        'uncertainty = { kind = "interval", level = 0.9, low = 3.0, high = 1.0 }',
        1,
    )
    with pytest.raises(EvidenceError, match="low must be below high"):
        read_source(_write(tmp_path, text))


def test_a_curve_needs_three_iterations(tmp_path):
    """A self-improvement source with two scores cannot give a ratio of gains."""
    text = CURVE.read_text(encoding="utf-8")
    two = text[: text.index("[[measurements]]", text.index("iteration = 1"))]
    with pytest.raises(EvidenceError, match="3 or more iterations"):
        read_source(_write(tmp_path, two))


def test_without_an_unknown_source_names_the_choices():
    """--without a name the library lacks lists the ids it has."""
    with pytest.raises(EvidenceError, match="ho2024"):
        select_sources(without=["no_such_source"])


def test_user_evidence_is_added_and_sources_left_out():
    """A user's file joins the library and a named source leaves it."""
    ids = {s.id for s in select_sources([CURVE], ["ho2024"])}
    assert "test_curve" in ids
    assert "ho2024" not in ids
    assert len(ids) == len(builtin_sources())


def test_the_same_id_twice_is_refused():
    """Adding a file whose id is already in the library is an error."""
    with pytest.raises(EvidenceError, match="used by two sources"):
        select_sources([CURVE, CURVE])
