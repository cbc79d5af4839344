"""The scenario schema, built-in worlds, extends and overrides."""

import pytest

from agi_economy import AGIEconomy, ScenarioError, load_scenario
from agi_economy.scenario import builtin_names

WORLDS = [
    "careless_lab",
    "combustion",
    "compute_overhang",
    "few_shot",
    "fizzle",
    "foom",
    "race",
    "scaling_only",
    "slow_takeoff",
]


def test_every_promised_world_is_built_in():
    """All nine worlds of the research post ship as built-in scenarios."""
    assert set(WORLDS) <= set(builtin_names())


@pytest.mark.parametrize("name", WORLDS)
def test_builtin_worlds_load_and_describe_themselves(name):
    """Each built-in world validates, carries its name and says what world it stands for."""
    cfg = load_scenario(name)
    assert cfg.meta.name == name
    assert len(cfg.meta.description) > 60


def test_overrides_by_dots_and_double_underscores_agree():
    """``agis.growth.k`` and ``agis__growth__k`` set the same field."""
    a = load_scenario("foom", **{"agis.growth.k": 0.8})
    b = load_scenario("foom", agis__growth__k=0.8)
    assert a.agis.growth.k == b.agis.growth.k == 0.8


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"humans__count": -1}, "humans.count"),
        ({"agis__misaligned_probability": 1.5}, "agis.misaligned_probability"),
        ({"agis__growth__nonsense": 1}, "agis.growth.nonsense"),
        ({"labs__count": "many"}, "labs.count"),
        ({"network__kind": "torus"}, "network.kind"),
        ({"labs__careless": 9}, "labs.careless"),
        ({"meta__steps__deep": 1}, "meta.steps"),
    ],
)
def test_bad_values_name_their_field(overrides, field):
    """An invalid override raises a ValueError whose message names the field."""
    with pytest.raises(ValueError, match=field.replace(".", r"\.")):
        AGIEconomy("slow_takeoff", **overrides)


def test_unknown_scenario_is_a_value_error():
    """An unknown scenario name lists the built-in ones."""
    with pytest.raises(ValueError, match="unknown scenario 'atlantis'.*foom"):
        AGIEconomy("atlantis")


def test_every_problem_is_reported():
    """Validation reports all invalid fields at once, not only the first."""
    with pytest.raises(ScenarioError) as err:
        load_scenario({"humans": {"count": -5}, "labs": {"compliance": 2}, "zzz": 1})
    assert len(err.value.problems) == 3


def test_extends_chain_and_cycle(tmp_path):
    """A file may extend a built-in or another file; a cycle is an error, not a hang."""
    base = tmp_path / "base.toml"
    base.write_text('extends = "foom"\n[labs]\ncount = 5\n')
    child = tmp_path / "child.toml"
    child.write_text('extends = "base.toml"\n[agis.growth]\nk = 1.1\n')
    cfg = load_scenario(child)
    assert (cfg.labs.count, cfg.agis.growth.k, cfg.agis.growth.rule) == (5, 1.1, "criticality")
    assert cfg.meta.description == load_scenario("foom").meta.description
    loop = tmp_path / "loop.toml"
    loop.write_text('extends = "loop.toml"\n')
    with pytest.raises(ScenarioError, match="cycle"):
        load_scenario(loop)


@pytest.mark.parametrize("parent", ["", "   "])
def test_empty_extends_is_refused_naming_the_field(tmp_path, parent):
    """`extends = ""` is an error naming `extends` and what it expects, not the file's folder."""
    child = tmp_path / "child.toml"
    child.write_text(f'extends = "{parent}"\n[labs]\ncount = 2\n')
    for source in (child, {"extends": parent}):
        with pytest.raises(ScenarioError) as err:
            load_scenario(source)
        (problem,) = err.value.problems
        assert problem.startswith("extends: expected a built-in scenario name or a path")
        assert str(tmp_path) not in problem


def test_scenarios_are_frozen():
    """A loaded scenario cannot be changed in place."""
    cfg = load_scenario("foom")
    with pytest.raises(ValueError, match="frozen"):
        cfg.labs.count = 4
