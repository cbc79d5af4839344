"""Opening up a published special case: the full world built from the same parameters."""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agi_economy.model import AGIEconomy
from agi_economy.scenario import Scenario, ScenarioError, builtin_names, load_scenario
from agi_economy.validation.opened import (
    LABELS,
    collapsed_fields,
    full_world,
    leaf_paths,
    mechanism_of,
    open_up,
    reproductions_of,
    special_cases,
    value_at,
)
from agi_economy.validation.published import REPRODUCTIONS

DEFAULTS = Scenario()
PATHS = leaf_paths(DEFAULTS)


@cache
def builtin(name: str) -> Scenario:
    """A built-in scenario, loaded once."""
    return load_scenario(name)


@pytest.mark.parametrize("repro", REPRODUCTIONS.values(), ids=lambda r: r.name)
def test_every_reproduction_declares_real_fields(repro):
    """Each reproduction names its mechanism by fields the schema has, and its paper."""
    assert repro.mechanism
    assert set(repro.mechanism) <= set(PATHS)
    assert not set(repro.mechanism) & set(LABELS)
    assert repro.citation
    assert repro.scenario in special_cases()


@pytest.mark.parametrize("repro", REPRODUCTIONS.values(), ids=lambda r: r.name)
def test_full_world_keeps_every_mechanism_field(repro):
    """The opened-up world has the special case's value in each field of the mechanism."""
    special, opened = builtin(repro.scenario), full_world(repro.scenario)
    for path in repro.mechanism:
        assert value_at(opened, path) == value_at(special, path), path


@pytest.mark.parametrize("name", special_cases())
def test_full_world_is_the_default_world_outside_the_mechanism(name):
    """Outside the mechanism the full world is the defaults: it differs where the case collapsed.

    So it differs from the special case in the collapsed fields, and only there.
    """
    special, opened = builtin(name), full_world(name)
    kept = set(mechanism_of(name)) | set(LABELS)
    for path in PATHS:
        if path not in kept:
            assert value_at(opened, path) == value_at(DEFAULTS, path), path
    collapsed = collapsed_fields(special, mechanism_of(name))
    assert collapsed
    differing = {
        p for p in PATHS if p not in LABELS and value_at(opened, p) != value_at(special, p)
    }
    assert differing == set(collapsed)


def test_davidson_houlden_opens_into_oversight_labs_and_economy():
    """The one-lab, one-AGI world without oversight or economy opens into one with all."""
    special, opened = builtin("davidson_houlden"), full_world("davidson_houlden")
    for path in (
        "labs.count",
        "labs.funding",
        "labs.spend_fraction",
        "containment.audit_rate",
        "containment.recapture_rate",
        "agis.misaligned_probability",
        "economy.compute_depreciation",
    ):
        assert value_at(special, path) in (0, 1), path  # collapsed: nothing, or one lab
        assert value_at(opened, path) == value_at(DEFAULTS, path) > value_at(special, path)
    assert opened.humans.count == DEFAULTS.humans.count > special.humans.count


def test_han2020_opens_into_the_default_population():
    """The race among 100 labs keeps its labs and game and gains the default people."""
    special, opened = builtin("han2020"), full_world("han2020")
    assert opened.labs.count == special.labs.count == 100
    assert opened.labs.safety_choice == "race_game"
    assert set(collapsed_fields(special, mechanism_of("han2020"))) == {
        "humans.count",
        "agis.max_agis",
    }


def test_shared_special_case_keeps_the_fields_of_each_reproduction():
    """davidson_houlden serves two reproductions: its full world keeps both mechanisms."""
    repros = reproductions_of("davidson_houlden")
    assert {r.name for r in repros} == {"davidson_houlden", "davidson_compute"}
    assert set(mechanism_of("davidson_houlden")) == {p for r in repros for p in r.mechanism}


def test_a_scenario_that_is_no_special_case_is_refused():
    """Opening up a world no reproduction runs names the scenario and the special cases."""
    with pytest.raises(ValueError, match="'foom' is not a published special case"):
        full_world("foom")


def test_a_mechanism_path_that_names_no_field_is_refused():
    """A declared path that is no field is named in the error."""
    with pytest.raises(ValueError, match="'labs.nope' is not a scenario field"):
        open_up(builtin("han2020"), ["labs.nope"])


@pytest.mark.parametrize("name", special_cases())
def test_opening_with_no_mechanism_is_the_default_world_and_with_all_the_special_case(name):
    """The two ends: keep nothing and get the defaults, keep everything and get the case."""
    special = builtin(name)
    bare, whole = open_up(special, ()), open_up(special, PATHS)
    for path in PATHS:
        if path not in LABELS:
            assert value_at(bare, path) == value_at(DEFAULTS, path), path
            assert value_at(whole, path) == value_at(special, path), path
    assert collapsed_fields(special, PATHS) == ()


@given(
    special=st.sampled_from(builtin_names()),
    base=st.sampled_from(builtin_names()),
    mechanism=st.sets(st.sampled_from([p for p in PATHS if p not in LABELS])),
)
def test_opening_up_keeps_the_mechanism_and_the_base_elsewhere(special, base, mechanism):
    """Any world opened on any base keeps the world's kept fields and the base's others.

    The property holds whenever the schema accepts the result.
    """
    try:
        opened = open_up(builtin(special), mechanism, builtin(base))
    except ScenarioError:
        return  # the kept fields contradict the base (say more careless labs than labs)
    for path in PATHS:
        if path in LABELS:
            continue
        source = builtin(special) if path in mechanism else builtin(base)
        assert value_at(opened, path) == value_at(source, path), path
    assert opened.meta.name == f"{builtin(special).meta.name}_full"


@pytest.mark.parametrize("name", special_cases())
def test_full_world_is_fixed_by_its_seed(name):
    """Built twice with one seed and stepped, the full world writes the same frames."""
    cfg = load_scenario(full_world(name), **{"humans.count": 200})

    def run() -> object:
        model = AGIEconomy(cfg, seed=11)
        for _ in range(6):
            model.step()
        return model.recorder.frames(model.events, {})[0]

    assert run().equals(run())
