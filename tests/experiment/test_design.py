"""Seeds, varied parameters and sampling designs."""

from __future__ import annotations

import numpy as np
import pytest

from agi_economy import ScenarioError, load_scenario
from agi_economy.experiment.design import design_points
from agi_economy.experiment.seeds import replicate_seeds
from agi_economy.experiment.vary import Vary, parse_vary, set_path


@pytest.fixture
def foom():
    """The foom world with one pause policy (so policy parameters can be varied)."""
    return load_scenario("foom", policies=[{"name": "pause"}])


def test_replicate_seeds_are_spawned_prefix_stable_and_distinct():
    """Seeds come from SeedSequence.spawn: the same for any count, distinct, int64-safe."""
    seeds = replicate_seeds(42, 50)
    assert seeds[:10] == replicate_seeds(42, 10)
    assert len(set(seeds)) == 50
    assert all(0 <= s < 2**63 for s in seeds)
    child = np.random.SeedSequence(42).spawn(3)[2]
    assert seeds[2] == int(child.generate_state(1, np.uint64)[0] >> np.uint64(1))
    assert replicate_seeds(43, 5) != seeds[:5]


def test_vary_reads_ranges_levels_logs_and_integers(foom):
    """Ranges, log ranges, listed levels and integer fields are recognised."""
    assert parse_vary("agis.growth.k=0.8:1.4", foom) == Vary("agis.growth.k", 0.8, 1.4)
    v = parse_vary("labs.count=1:5", foom)
    assert v.integer
    assert parse_vary("policies.0.above=1:100:log", foom).log
    assert parse_vary("agis.growth.rule=criticality,self_finetune", foom).levels == (
        "criticality",
        "self_finetune",
    )
    assert parse_vary("agis__growth__k=1:2", foom).path == "agis.growth.k"


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("agis.growth.kk=1:2", "agis.growth has no field 'kk'"),
        ("agis.growth.k", "expected key.path=low:high"),
        ("agis.growth.k=2:1", "low <= high"),
        ("agis.growth.k=a:b", "must be numbers"),
        ("agis.growth.k=0:1:log", "low > 0"),
        ("labs.capability_visible=0:1", "not a number"),
        ("policies.3.above=1:2", "has 1 policies"),
        ("meta.name.x=1:2", "not a section"),
    ],
)
def test_vary_rejects_bad_items_naming_the_field(foom, item, message):
    """A bad --vary item raises ScenarioError with a message naming what is wrong."""
    with pytest.raises(ScenarioError, match=message):
        parse_vary(item, foom)


def test_integer_parameters_take_every_value_equally():
    """Mapping a uniform unit value onto an integer range gives each integer equal width."""
    v = Vary("labs.count", 1, 4, integer=True)
    values = [v.from_unit(u) for u in np.linspace(0, 1, 4000, endpoint=False)]
    assert sorted(set(values)) == [1, 2, 3, 4]
    assert np.bincount(values)[1:].tolist() == [1000] * 4
    assert v.from_unit(1.0) == 4


def test_grid_is_every_combination_of_levels(foom):
    """A grid has samples^D points (integer levels deduplicated), first parameter slowest."""
    k = parse_vary("agis.growth.k=1:2", foom)
    count = parse_vary("labs.count=1:2", foom)
    points = design_points("grid", [k, count], 3, seed=1)
    assert len(points) == 3 * 2
    assert [p["agis.growth.k"] for p in points] == [1.0, 1.0, 1.5, 1.5, 2.0, 2.0]
    assert [p["labs.count"] for p in points] == [1, 2] * 3
    log = design_points("grid", [parse_vary("policies.0.above=1:100:log", foom)], 3, 1)
    assert [p["policies.0.above"] for p in log] == pytest.approx([1, 10, 100])


def test_latin_hypercube_puts_one_point_in_each_stratum(foom):
    """Each parameter's range is cut into n strata and each holds exactly one point."""
    k = parse_vary("agis.growth.k=0:1", foom)
    box = parse_vary("containment.box_strength=0:10", foom)
    points = design_points("lhs", [k, box], 20, seed=7)
    for v, scale in ((k, 1.0), (box, 10.0)):
        strata = sorted(int(p[v.path] / scale * 20) for p in points)
        assert strata == list(range(20))
    assert points == design_points("lhs", [k, box], 20, seed=7)
    assert points != design_points("lhs", [k, box], 20, seed=8)


def test_sobol_design_has_saltelli_size_and_needs_a_power_of_two(foom):
    """A Sobol design has N (D + 2) points inside the ranges; N must be a power of two."""
    varies = [parse_vary("agis.growth.k=0.5:1.5", foom), parse_vary("labs.count=1:4", foom)]
    points = design_points("sobol", varies, 8, seed=3)
    assert len(points) == 8 * (2 + 2)
    assert all(0.5 <= p["agis.growth.k"] <= 1.5 for p in points)
    assert {p["labs.count"] for p in points} <= {1, 2, 3, 4}
    with pytest.raises(ScenarioError, match="power of two"):
        design_points("sobol", varies, 10, seed=3)


@pytest.mark.parametrize(
    ("method", "samples", "message"),
    [("cube", 4, "unknown design"), ("lhs", 0, "positive")],
)
def test_bad_designs_are_rejected(foom, method, samples, message):
    """An unknown design or a sample count below one is an input error."""
    with pytest.raises(ScenarioError, match=message):
        design_points(method, [parse_vary("agis.growth.k=1:2", foom)], samples, 1)


def test_set_path_reaches_into_policy_lists_without_touching_the_original():
    """set_path sets nested fields and list items on a copy."""
    raw = {"agis": {"growth": {"k": 1.0}}, "policies": [{"name": "pause", "above": 1.0}]}
    changed = set_path(set_path(raw, "agis.growth.k", 2.0), "policies.0.above", 3.0)
    assert changed["agis"]["growth"]["k"] == 2.0
    assert changed["policies"][0]["above"] == 3.0
    assert raw["policies"][0]["above"] == 1.0


def test_weighted_levels_are_drawn_in_proportion(foom):
    """Rule weights 2:1:1 give a Latin hypercube exactly 1/2, 1/4, 1/4 of the points."""
    vary = parse_vary("agis.growth.rule=criticality@2,domain_returns@1,software_r@1", foom)
    assert vary.levels == ("criticality", "domain_returns", "software_r")
    assert vary.weights == (2.0, 1.0, 1.0)
    points = design_points("lhs", [vary], 400, seed=3)
    rules = [p["agis.growth.rule"] for p in points]
    assert [rules.count(r) for r in vary.levels] == [200, 100, 100]


def test_a_zero_weight_level_is_never_drawn(foom):
    """A level weighted 0 stays in the list but no sampled point takes it."""
    vary = parse_vary("agis.growth.rule=criticality@1,software_r@0", foom)
    assert {vary.from_unit(u) for u in np.linspace(0.0, 1.0, 101)} == {"criticality"}


def test_a_structural_sweep_builds_valid_worlds(foom):
    """Every sampled rule, software_r included, yields a scenario that validates."""
    from agi_economy.scenario.loader import validate

    vary = parse_vary("agis.growth.rule=criticality,domain_returns,software_r", foom)
    raw = foom.model_dump(mode="json")
    for point in design_points("lhs", [vary], 9, seed=1):
        rule = point["agis.growth.rule"]
        assert validate(set_path(raw, "agis.growth.rule", rule)).agis.growth.rule == rule


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("criticality@2,software_r", "give every level a weight"),
        ("criticality@x,software_r@1", "must be a number"),
        ("criticality@-1,software_r@1", "not all zero"),
        ("criticality@0,software_r@0", "not all zero"),
    ],
)
def test_bad_weights_are_named(foom, spec, message):
    """Mixed, non-numeric, negative or all-zero weights are refused with the item named."""
    with pytest.raises(ScenarioError, match=message):
        parse_vary(f"agis.growth.rule={spec}", foom)
