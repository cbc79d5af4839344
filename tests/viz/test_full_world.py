"""Two worlds with a published special case beside its full world: settings, URL, session."""

from __future__ import annotations

import json
from dataclasses import replace

import ipyvuetify as v
import pytest
import solara

from agi_economy.cli import main
from agi_economy.scenario import load_scenario
from agi_economy.validation.opened import full_world, reproductions_of, special_cases
from agi_economy.viz.controls import Controls
from agi_economy.viz.session import Session
from agi_economy.viz.settings import ENV_DEFAULTS, KNOBS, Settings, defaults_from_env
from tests.viz.test_view_failure import texts


def beside(name: str, **changes) -> Settings:
    """Two worlds: ``name`` beside its full world."""
    return replace(Settings(mode="two", scenario=name, full_world=True), **changes)


@pytest.mark.parametrize("name", special_cases())
def test_the_side_by_side_view_survives_the_url(name):
    """A special case beside its full world, with seed and knobs, reads back from its link."""
    s = beside(name, seed=9, overrides=(("containment.box_strength", 2.5),))
    query = s.to_query()
    assert "full_world=1" in query
    assert Settings.from_query(query) == s
    off = replace(s, full_world=False)
    assert Settings.from_query(off.to_query()) == off


def test_full_world_can_be_switched_off_by_a_link():
    """``full_world=0`` turns it off, whatever the starting settings said."""
    s = Settings.from_query("full_world=0", beside("han2020"))
    assert s.full_world is False
    assert s.ignored == ()


@pytest.mark.parametrize(
    "query",
    [
        "mode=two&scenario=foom&full_world=1",  # nothing to open up
        "mode=two&scenario=davidson_houlden&full_world=yes",  # not 0 or 1
        "mode=two&scenario=davidson_houlden&full_world=",
    ],
)
def test_a_full_world_link_that_cannot_apply_is_ignored_and_named(query):
    """A link asking for the full world of no special case, or with a bad value, is left out."""
    s = Settings.from_query(query)
    assert s.full_world is False
    assert s.ignored == ("full_world",)
    assert s.sources() == ((s.scenario, s.scenario), (s.scenario_b, s.scenario_b))


def test_full_world_only_changes_two_world_mode():
    """In one-world mode the switch builds one world and leaves the link as it was."""
    s = beside("davidson_houlden", mode="one")
    assert s.sources() == (("davidson_houlden", "davidson_houlden"),)
    assert "full_world" not in s.to_query()


@pytest.mark.parametrize("name", special_cases())
def test_world_b_is_the_full_world_with_the_same_seed_and_knobs(name):
    """A is the special case and B its full world, both with the link's seed and knobs."""
    knobs = {"containment.box_strength": 3.0}
    s = beside(name, seed=5, overrides=tuple(knobs.items()))
    session = Session(s)
    assert session.error is None
    a, b = session.worlds
    assert a.model.cfg == load_scenario(name, **knobs)
    assert b.model.cfg == load_scenario(full_world(name), **knobs)
    assert a.model.seed == b.model.seed == 5
    session.step()
    assert (a.steps, b.steps) == (1, 1)
    session.close()


@pytest.mark.parametrize("name", special_cases())
def test_the_worlds_are_labelled_with_the_papers(name):
    """A reads as the published special case with every paper it reproduces; B as its full world."""
    role_a, role_b = beside(name).roles()
    assert role_a.startswith("published special case")
    for repro in reproductions_of(name):
        assert repro.citation in role_a
    assert role_b.startswith("full world")
    assert name in role_b
    assert Settings(mode="two", scenario="foom", scenario_b=name).roles()[1] == role_a
    assert Settings(mode="two", scenario="foom", scenario_b="fizzle").roles() == ("", "")


def test_the_command_line_opens_the_side_by_side_view(monkeypatch):
    """``agi-economy viz NAME --full-world`` hands the view two worlds, B the full world."""
    monkeypatch.setenv(ENV_DEFAULTS, json.dumps({"scenarios": ["han2020"], "full_world": True}))
    s = defaults_from_env()
    assert (s.mode, s.scenario, s.full_world) == ("two", "han2020", True)


@pytest.mark.parametrize(
    "args",
    [
        ["viz", "foom", "--full-world"],
        ["viz", "--full-world"],
        ["viz", "davidson_houlden", "foom", "--full-world"],
        ["viz", "han2020", "--full-world", "--ensemble", "3"],
    ],
)
def test_full_world_needs_one_special_case(args, capsys):
    """--full-world with no special case, two scenarios or another mode exits with status 2."""
    assert main(args) == 2
    assert "--full-world" in capsys.readouterr().err


def rendered_controls(settings: Settings):
    """The settings column rendered for ``settings``, and its draft."""
    draft = solara.reactive(settings)
    box, rc = solara.render(Controls(draft), handle_error=False)
    return draft, box, rc


def sliders(rc) -> list[str]:
    """Labels of the knob sliders shown."""
    return [w.widget.label for w in rc.find(v.Slider)]


def test_a_knob_beyond_its_slider_shows_the_value_and_keeps_the_draft():
    """han2020's 100 labs lie beyond the labs slider: no slider pulls them to 10."""
    draft, box, rc = rendered_controls(beside("han2020"))
    assert "Number of labs" not in sliders(rc)
    assert len(sliders(rc)) == len(KNOBS) - 1
    assert any("beyond this slider" in t for t in texts(box))
    assert draft.value == beside("han2020")
    rc.close()
    _, _, rc = rendered_controls(Settings(mode="two"))
    assert len(sliders(rc)) == len(KNOBS)
    rc.close()


@pytest.mark.parametrize(("name", "offered"), [("davidson_houlden", True), ("foom", False)])
def test_the_switch_is_offered_for_a_special_case_only(name, offered):
    """The full-world switch can be turned on only with a published special case as A."""
    draft, _, rc = rendered_controls(Settings(mode="two", scenario=name))
    (switch,) = [w.widget for w in rc.find(v.Checkbox) if "full world" in str(w.widget.label)]
    assert switch.disabled is not offered
    if offered:
        switch.v_model = True  # what the browser sends when the box is ticked
        assert draft.value.full_world is True
    rc.close()
