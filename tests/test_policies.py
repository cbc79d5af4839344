"""Policies: schema, spec parsing, triggers, compliance and the levers they set."""

from __future__ import annotations

import math
import operator
from types import SimpleNamespace

import numpy as np
import polars as pl
import pytest

from agi_economy import AGIEconomy, ScenarioError, load_scenario, simulate
from agi_economy.clock import Clock
from agi_economy.levers import Levers
from agi_economy.policies import (
    METRICS,
    POLICIES,
    Condition,
    PolicyEngine,
    parse_arm,
    parse_policy_spec,
    split_arm,
)
from agi_economy.scenario.trigger_schema import parse_condition

SMALL = {"humans__count": 100, "meta__steps": 40}
REQUIRED = (
    "compute_cap",
    "safety_floor",
    "audit_mandate",
    "rsi_gating",
    "pause",
    "deployment_ban",
    "licensing",
    "myopia_mandate",
    "impact_regularisation",
    "redistribution",
    "information_sharing",
)


# ---------------------------------------------------------------- a stand-in model


class FakeModel:
    """The few attributes the engine reads, with a state a test can set."""

    def __init__(self, compliance=(1.0, 1.0, 1.0), safety=(0.2, 0.2, 0.2), seed=7):
        self.seed = seed
        self.steps = 0
        self.clock = Clock(1.0)
        self.automation = 0.0
        self.labs = [
            SimpleNamespace(unique_id=j + 1, compliance=c, base_safety_fraction=s, levers=Levers())
            for j, (c, s) in enumerate(zip(compliance, safety, strict=True))
        ]
        self.agis = []
        self.events = []
        self.shares = {"humans": 1.0, "labs": 0.0, "aligned_agi": 0.0, "misaligned_agi": 0.0}

    def power_shares(self):
        """Power shares as a test set them."""
        return self.shares

    def log(self, kind, agi, detail=""):
        """Record an event as the model does."""
        self.events.append({"step": self.steps, "kind": kind, "detail": detail})

    def agi(self, intelligence, status="boxed"):
        """Add a stand-in AGI."""
        self.agis.append(SimpleNamespace(intelligence=intelligence, status=status))

    def kinds(self):
        """Step and kind of each policy event."""
        return [(e["step"], e["kind"]) for e in self.events if e["kind"].startswith("policy")]


def run_engine(engine, model, steps):
    """Update the engine at build time and for ``steps`` steps; return on/off per step."""
    states = []
    for t in range(steps + 1):
        model.steps = t
        engine.update(model)
        states.append(bool(engine.active()))
    return states


# ---------------------------------------------------------------- registry and schema


def test_registry_has_every_required_policy_with_a_description():
    """Each policy the issue asks for is registered with a one-line description."""
    for name in REQUIRED:
        assert name in POLICIES
    for name, cls in POLICIES.items():
        assert cls.description
        assert "\n" not in cls.description
        assert cls().name == name


@pytest.mark.parametrize("name", sorted(POLICIES))
def test_every_policy_loads_from_a_scenario_with_its_defaults(name):
    """A bare ``[[policies]]`` table with only a name validates and round-trips."""
    cfg = load_scenario({"policies": [{"name": name}]})
    assert cfg.policies[0].name == name
    assert load_scenario(cfg).policies == cfg.policies


@pytest.mark.parametrize(
    ("policies", "path"),
    [
        ([{"name": "pause", "threshold": 2}], "policies.0.threshold: unknown field"),
        ([{"name": "pause"}, {"name": "paws"}], "policies.1.name: unknown policy"),
        ([{"name": "audit_mandate", "rate": 1.5}], "policies.0.rate:"),
        ([{"name": "compute_cap", "cap": 0}], "policies.0.cap:"),
        ([{"name": "licensing", "max_labs": -1}], "policies.0.max_labs:"),
        ([{"name": "pause", "enforcement": 2}], "policies.0.enforcement:"),
        ([{"name": "pause", "trigger": {"when": "max_iq > 2"}}], "policies.0.trigger.when:"),
        ([{"name": "pause", "trigger": {"from_month": 5, "until_month": 5}}], "policies.0.trigger"),
        ([{"name": "pause", "trigger": {"duration": 0}}], "policies.0.trigger.duration:"),
        ([{"above": 2}], "policies.0.name: unknown policy"),
        (["pause"], "policies.0: expected a table"),
    ],
)
def test_bad_policies_give_errors_naming_the_path(policies, path):
    """Unknown names and keys and out-of-range values raise ScenarioError naming the field."""
    with pytest.raises(ScenarioError, match=path.replace(".", r"\.")):
        load_scenario({"policies": policies})


# ---------------------------------------------------------------- command-line specs


def test_parse_policy_spec_reads_parameters_and_trigger_keys():
    """Parameters stay flat, trigger keys go into a nested trigger table."""
    assert parse_policy_spec("audit_mandate:rate=0.5,interpretability=0.8") == {
        "name": "audit_mandate",
        "rate": 0.5,
        "interpretability": 0.8,
    }
    spec = parse_policy_spec("pause:above=2,when=max_intelligence>=2 and escapes==0,duration=6")
    assert spec == {
        "name": "pause",
        "above": 2,
        "trigger": {"when": "max_intelligence>=2 and escapes==0", "duration": 6},
    }
    assert load_scenario({"policies": [spec]}).policies[0].trigger.duration == 6
    assert parse_policy_spec("rsi_gating") == {"name": "rsi_gating"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("audit_mandate:rate=5", "rate:"),
        ("paws", "name: unknown policy"),
        ("pause:abve=2", "abve: unknown parameter"),
        ("pause:above", "expected key=value"),
        ("pause:above=1,above=2", "given twice"),
        (":above=1", "expected NAME"),
        ("pause:when=max_intelligence>two", "not a number"),
    ],
)
def test_parse_policy_spec_rejects_bad_specs(text, message):
    """A malformed spec raises ScenarioError naming the bad part."""
    with pytest.raises(ScenarioError, match=message):
        parse_policy_spec(text)


def test_arms_split_on_plus_but_not_inside_a_number():
    """``+`` joins policies; a ``+`` in an exponent stays in its value."""
    assert split_arm("compute_cap:cap=1e+3+pause:above=2") == [
        "compute_cap:cap=1e+3",
        "pause:above=2",
    ]
    assert [p["name"] for p in parse_arm("pause+audit_mandate:rate=1")] == [
        "pause",
        "audit_mandate",
    ]
    assert parse_arm("compute_cap:cap=1e+3")[0]["cap"] == 1000.0
    assert parse_arm("none") == []


# ---------------------------------------------------------------- the condition language


def test_and_binds_tighter_than_or():
    """``a or b and c`` reads as ``a or (b and c)``."""
    c = Condition.model_validate("step > 5 or escapes > 0 and max_intelligence >= 2")
    values = {"step": 1.0, "escapes": 1.0, "max_intelligence": 1.0}
    assert not c.holds(values.__getitem__)
    values["max_intelligence"] = 2.0
    assert c.holds(values.__getitem__)
    values.update(escapes=0.0, step=6.0)
    assert c.holds(values.__getitem__)
    assert c.metrics() == {"step", "escapes", "max_intelligence"}


@pytest.mark.parametrize(
    ("op", "oracle"),
    [
        (">", operator.gt),
        (">=", operator.ge),
        ("<", operator.lt),
        ("<=", operator.le),
        ("==", operator.eq),
        ("!=", operator.ne),
    ],
)
@pytest.mark.parametrize("x", [1.0, 2.0, 3.0])
def test_comparisons_match_python(op, oracle, x):
    """Each operator compares the measure with the value as Python does."""
    c = Condition.model_validate(f"step {op} 2")
    assert c.holds(lambda _: x) == oracle(x, 2.0)


def test_text_and_table_forms_agree():
    """The text form parses into the same condition as the table form, and prints back."""
    text = "max_intelligence > 2 and escapes == 0"
    table = {
        "all": [
            {"metric": "max_intelligence", "op": ">", "value": 2},
            {"metric": "escapes", "op": "==", "value": 0},
        ]
    }
    assert parse_condition(text) == {
        "all": [
            {"metric": "max_intelligence", "op": ">", "value": 2.0},
            {"metric": "escapes", "op": "==", "value": 0.0},
        ]
    }
    assert Condition.model_validate(text) == Condition.model_validate(table)
    assert Condition.model_validate(
        str(Condition.model_validate(text))
    ) == Condition.model_validate(text)


# ---------------------------------------------------------------- triggers and compliance


def test_step_window_switches_on_and_off_and_logs_both():
    """from_month / until_month bound when a policy is on; each switch is logged once."""
    # Step t starts at month t - 1: on in the steps that start at months 2, 3 and 4.
    trigger = {"from_month": 2, "until_month": 5}
    engine = PolicyEngine([{"name": "rsi_gating", "trigger": trigger}])
    model = FakeModel()
    on = run_engine(engine, model, 8)
    assert on == [t in range(3, 6) for t in range(9)]
    assert model.kinds() == [(3, "policy_on"), (6, "policy_off")]
    assert all(lab.levers == Levers() for lab in model.labs)


def test_condition_trigger_follows_the_state():
    """A policy with a condition is on exactly while the condition holds."""
    engine = PolicyEngine([{"name": "pause", "trigger": {"when": "max_intelligence > 2"}}])
    model = FakeModel()
    model.agi(1.0)
    path = [1.0, 2.5, 3.0, 1.5, 2.1]
    seen = []
    for t, level in enumerate(path):
        model.agis[0].intelligence = level
        model.steps = t
        engine.update(model)
        seen.append(bool(engine.active()))
    assert seen == [x > 2 for x in path]
    assert [k for _, k in model.kinds()] == ["policy_on", "policy_off", "policy_on"]


def test_latch_and_duration_keep_a_policy_on():
    """A latched policy stays on once triggered; a policy with a duration ends after it."""
    latched = PolicyEngine([{"name": "pause", "trigger": {"when": "step == 2", "latch": True}}])
    assert run_engine(latched, FakeModel(), 6) == [False, False, True, True, True, True, True]
    timed = PolicyEngine([{"name": "pause", "trigger": {"when": "step >= 2", "duration": 3}}])
    assert run_engine(timed, FakeModel(), 8) == [t in (2, 3, 4) for t in range(9)]


def test_escape_and_power_share_measures():
    """Cumulative escapes and the misaligned power share are read from the state."""
    engine = PolicyEngine(
        [
            {"name": "pause", "trigger": {"when": "escapes > 0"}},
            {"name": "rsi_gating", "trigger": {"when": "misaligned_power_share > 0.1"}},
        ]
    )
    model = FakeModel()
    engine.update(model)
    assert engine.active() == []
    model.events.append({"step": 0, "kind": "escape", "detail": ""})
    model.shares = {**model.shares, "misaligned_agi": 0.2}
    engine.update(model)
    assert [p.name for p in engine.active()] == ["pause", "rsi_gating"]


def test_compliance_zero_binds_no_lab_and_enforcement_one_binds_all():
    """Lab compliance 0 ignores a policy unless enforcement is 1."""
    model = FakeModel(compliance=(0.0, 0.0, 0.0))
    PolicyEngine([{"name": "compute_cap", "cap": 5}]).update(model)
    assert all(math.isinf(lab.levers.compute_cap) for lab in model.labs)
    PolicyEngine([{"name": "compute_cap", "cap": 5, "enforcement": 1}]).update(model)
    assert all(lab.levers.compute_cap == 5 for lab in model.labs)


def test_compliance_frequency_matches_lab_compliance():
    """Over many seeds the share of complying labs is the labs' compliance (within 4 sd)."""
    c, n_seeds = 0.3, 400
    bound = 0
    for seed in range(n_seeds):
        model = FakeModel(compliance=(c, c, c), seed=seed)
        PolicyEngine([{"name": "safety_floor", "fraction": 0.5}]).update(model)
        bound += sum(lab.levers.safety_floor == 0.5 for lab in model.labs)
    n = 3 * n_seeds
    assert abs(bound / n - c) < 4 * math.sqrt(c * (1 - c) / n)


def test_compliance_draw_holds_while_on_and_is_redrawn_when_switched_on_again():
    """The labs bound stay the same while a policy is on; a new switch-on draws afresh."""
    patterns = set()
    for seed in range(40):
        engine = PolicyEngine([{"name": "compute_cap", "trigger": {"when": "step != 3"}}])
        model = FakeModel(compliance=(0.5, 0.5, 0.5), seed=seed)
        before, after = [], []
        for t in range(7):
            model.steps = t
            engine.update(model)
            bound = tuple(math.isfinite(lab.levers.compute_cap) for lab in model.labs)
            (before if t < 3 else after).append(bound)
        assert len(set(before)) == 1
        assert len(set(after[1:])) == 1
        patterns.add((before[0], after[1]))
    assert any(a != b for a, b in patterns)


def test_compliance_draws_are_reproducible_and_independent_of_other_policies():
    """Same seed, same draws; adding another policy does not change a policy's draws."""

    def bound(policies, seed):
        model = FakeModel(compliance=(0.5, 0.5, 0.5), seed=seed)
        PolicyEngine(policies).update(model)
        return [math.isfinite(lab.levers.compute_cap) for lab in model.labs]

    cap = {"name": "compute_cap"}
    for seed in range(10):
        assert bound([cap], seed) == bound([cap], seed)
        assert bound([cap], seed) == bound([cap, {"name": "rsi_gating"}], seed)


def test_levers_of_several_policies_combine_to_the_strictest():
    """Two caps give the lower cap; different policies set their own levers."""
    model = FakeModel()
    PolicyEngine(
        [
            {"name": "compute_cap", "cap": 30},
            {"name": "compute_cap", "cap": 20},
            {"name": "myopia_mandate", "myopia": 0.7, "growth_tax": 0.2, "productivity_tax": 0.1},
            {"name": "information_sharing"},
            {"name": "redistribution", "share": 0.4},
        ]
    ).update(model)
    lv = model.labs[0].levers
    assert (lv.compute_cap, lv.myopia, lv.growth_tax, lv.productivity_tax) == (20, 0.7, 0.2, 0.1)
    assert lv.capability_visible
    assert lv.redistribution == 0.4


@pytest.mark.parametrize(("enforced", "unbound"), [(True, False), (False, True)])
def test_licensing_licences_the_safest_compliant_labs(enforced, unbound):
    """The safest max_labs compliant labs are licensed; the non-compliant train if unenforced."""
    model = FakeModel(compliance=(1.0, 1.0, 0.0, 1.0), safety=(0.1, 0.5, 0.9, 0.3))
    spec = {"name": "licensing", "max_labs": 2, "enforced": enforced}
    PolicyEngine([spec]).update(model)
    assert [lab.levers.licensed for lab in model.labs] == [False, True, unbound, True]


def test_withdrawn_policy_switches_off_at_the_next_update():
    """remove() turns a policy off (logged) and restores neutral levers."""
    engine = PolicyEngine([{"name": "rsi_gating"}])
    model = FakeModel()
    engine.update(model)
    assert model.labs[0].levers.rsi_gating
    engine.remove(0)
    engine.update(model)
    assert not model.labs[0].levers.rsi_gating
    assert [k for _, k in model.kinds()] == ["policy_on", "policy_off"]
    assert engine.policies == []


def test_every_metric_is_measurable_on_a_real_model():
    """Each measure of the trigger language reads a finite number from a built model."""
    model = AGIEconomy("slow_takeoff", seed=1, **SMALL)
    model.step()
    engine = PolicyEngine([{"name": "pause", "trigger": {"when": f"{m} > -1"}} for m in METRICS])
    engine.update(model)
    assert len(engine.active()) == len(METRICS)


# ---------------------------------------------------------------- the model honours them


def no_escapes(**extra):
    """Overrides for a small world where every AGI is aligned and every lab complies."""
    return {**SMALL, "agis__misaligned_probability": 0.0, "labs__compliance": 1.0, **extra}


def test_pause_from_zero_stops_all_growth_and_training():
    """Pausing from intelligence 0 leaves no RSI iteration and no new AGI."""
    policies = [{"name": "pause", "above": 0.0}]
    for seed in range(3):
        s = simulate("slow_takeoff", seed=seed, policies=policies, **no_escapes())
        assert s.summary["rsi_iterations"] == 0
        assert s.summary["n_agis"] == s.scenario.labs.count * s.scenario.agis.initial_per_lab


def test_full_growth_tax_and_gating_without_auditors_stop_rsi():
    """A growth tax of 1, or RSI gating with no auditors, allows no RSI iteration."""
    taxed = [{"name": "myopia_mandate", "growth_tax": 1.0}]
    gated = [{"name": "rsi_gating"}]
    s = simulate("slow_takeoff", seed=2, policies=taxed, **no_escapes())
    assert s.summary["rsi_iterations"] == 0
    s = simulate(
        "slow_takeoff", seed=2, policies=gated, containment__audit_capacity=0.0, **no_escapes()
    )
    assert s.summary["rsi_iterations"] == 0


def test_deployment_ban_at_zero_keeps_every_system_boxed():
    """A ban from intelligence 0 means nothing is ever deployed."""
    s = simulate(
        "slow_takeoff",
        seed=4,
        policies=[{"name": "deployment_ban", "above": 0.0, "enforcement": 1.0}],
        **SMALL,
    )
    assert s.steps["n_deployed"].max() == 0
    assert s.events.filter(pl.col("kind") == "deployed").height == 0


def test_licensing_no_lab_stops_training():
    """With no licence to give, no lab trains a new AGI."""
    s = simulate("slow_takeoff", seed=5, policies=[{"name": "licensing", "max_labs": 0}], **SMALL)
    assert s.summary["n_agis"] == s.scenario.labs.count * s.scenario.agis.initial_per_lab


def test_compute_cap_bounds_every_labs_compute():
    """No complying lab ever holds more compute than the cap."""
    model = AGIEconomy(
        "slow_takeoff", seed=6, policies=[{"name": "compute_cap", "cap": 12}], **no_escapes()
    )
    for _ in range(30):
        model.step()
        assert max(lab.compute for lab in model.labs) <= 12 + 1e-9


def test_policy_that_never_binds_leaves_the_run_unchanged():
    """A policy that never switches on (or binds no lab) gives exactly the baseline run."""
    base = simulate("slow_takeoff", seed=8, **SMALL)
    never = [{"name": "pause", "above": 0.0, "trigger": {"when": "step > 1000"}}]
    ignored = [{"name": "pause", "above": 0.0}]
    for policies, extra in ((never, {}), (ignored, {"labs__compliance": 0.0})):
        other = simulate("slow_takeoff", seed=8, policies=policies, **SMALL, **extra)
        assert other.steps.equals(base.steps)


def test_policy_runs_are_deterministic():
    """The same seed and policies give the same frames and event log."""
    policies = [
        {"name": "audit_mandate", "trigger": {"when": "max_intelligence > 0.5"}},
        {"name": "redistribution", "trigger": {"from_month": 9}},
    ]
    a = simulate("slow_takeoff", seed=9, policies=policies, **SMALL)
    b = simulate("slow_takeoff", seed=9, policies=policies, **SMALL)
    assert a.steps.equals(b.steps)
    assert a.events.equals(b.events)


def test_redistribution_raises_the_human_power_share():
    """Paying all AGI revenue to people raises their final power share on average over seeds."""
    diffs = []
    for seed in range(8):
        base = simulate("slow_takeoff", seed=seed, **no_escapes())
        paid = simulate(
            "slow_takeoff",
            seed=seed,
            policies=[{"name": "redistribution", "share": 1.0}],
            **no_escapes(),
        )
        diffs.append(
            paid.summary["final_power_share_humans"] - base.summary["final_power_share_humans"]
        )
    assert np.mean(diffs) > 0


@pytest.mark.parametrize("tax", [0.25, 0.5])
def test_productivity_tax_lowers_the_output_that_automation_and_world_output_count(
    monkeypatch, tax
):
    """Under a productivity tax t, automation and world output see (1 - t) of AGI output."""
    import copy

    from agi_economy.agents import DEPLOYED
    from agi_economy.phases import market

    model = AGIEconomy("slow_takeoff", seed=2, humans__count=200)
    while not any(a.status == DEPLOYED for a in model.agis):
        model.step()
    seen = {}
    real = market.automation_share

    def spy(y_agi, *args):
        seen["y_agi"] = y_agi
        return real(y_agi, *args)

    monkeypatch.setattr(market, "automation_share", spy)
    runs = {}
    for t in (0.0, tax):
        world = copy.deepcopy(model.world)  # the phase takes the world alone
        world.begin_step(world.steps + 1)
        for lab in world.labs:
            lab.levers.productivity_tax = t
        earn = world.population.earn
        paid = {}
        world.population.earn = lambda *a, earn=earn, paid=paid: paid.setdefault("y", earn(*a))
        output = market.run_economy(world)
        runs[t] = (seen["y_agi"], output - paid["y"], world.automation)
    (y0, counted0, a0), (y1, counted1, a1) = runs[0.0], runs[tax]
    assert y0 > 0.0
    assert y1 == pytest.approx((1.0 - tax) * y0, rel=1e-12)
    assert (counted0, counted1) == pytest.approx((y0, y1), rel=1e-12)
    assert a1 < a0


def test_each_update_gives_every_lab_levers_of_its_own():
    """Changing one lab's levers changes no other lab's, and the next update restores them."""
    model = FakeModel()
    engine = PolicyEngine([{"name": "compute_cap", "cap": 30}, {"name": "rsi_gating"}])
    engine.update(model)
    first = [lab.levers for lab in model.labs]
    assert len({id(lv) for lv in first}) == len(first)
    model.labs[0].levers.compute_cap = 1.0
    model.labs[0].levers.rsi_gating = False
    assert model.labs[1].levers.compute_cap == 30
    engine.update(model)
    assert all(lab.levers == Levers(compute_cap=30, rsi_gating=True) for lab in model.labs)
    assert all(lab.levers is not old for lab, old in zip(model.labs, first, strict=True))


def test_levers_follow_compliance_and_new_labs_from_update_to_update():
    """The levers of a step are those of the policies on and the labs bound then."""
    model = FakeModel(compliance=(1.0, 0.0, 1.0))
    engine = PolicyEngine([{"name": "compute_cap", "cap": 30, "enforcement": 0.0}])
    engine.update(model)
    caps = [lab.levers.compute_cap for lab in model.labs]
    assert caps == [30, math.inf, 30]
    model.labs.append(
        SimpleNamespace(unique_id=4, compliance=1.0, base_safety_fraction=0.2, levers=Levers())
    )
    engine.update(model)
    assert [lab.levers.compute_cap for lab in model.labs] == [30, math.inf, 30, 30]
    engine.remove(0)
    engine.update(model)
    assert all(lab.levers == Levers() for lab in model.labs)
