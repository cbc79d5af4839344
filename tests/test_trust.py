"""Every number means what its label says: levers bind, one summary, one k, the horizon."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agi_economy import AGIEconomy
from agi_economy.analysis import pooled_k
from agi_economy.outputs import write_run
from agi_economy.run import simulate, summarize
from agi_economy.scenario import load_scenario
from tests.test_scenario import WORLDS

RULES = ("criticality", "domain_returns", "scaling_law", "self_finetune", "breakthroughs")
LEVERS = {
    "pause": lambda above: [{"name": "pause", "above": above, "enforcement": 1.0}],
    "gating": lambda above: [{"name": "rsi_gating", "enforcement": 1.0}],
    "tax": lambda above: [{"name": "myopia_mandate", "growth_tax": 1.0, "enforcement": 1.0}],
}


def no_growth_without_iterations(agents: pl.DataFrame) -> int:
    """Assert that no lab-held AGI's intelligence rose in a step without iterations.

    Returns:
        How many such AGI-steps there were (so a caller can see the check bit).
    """
    agis = agents.filter(pl.col("kind") == "agi").sort("agent_id", "step")
    checked = agis.with_columns(
        pl.col("intelligence").shift(1).over("agent_id").alias("before"),
        pl.col("status").shift(1).over("agent_id").alias("status_before"),
    ).filter(
        (pl.col("iterations") == 0)
        & pl.col("status").is_in(["boxed", "deployed"])
        & pl.col("status_before").is_in(["boxed", "deployed"])
    )
    rose = checked.filter(pl.col("intelligence") > pl.col("before"))
    assert rose.height == 0, rose.head(5)
    return checked.height


@settings(max_examples=40, deadline=None)
@given(
    world=st.sampled_from(WORLDS),
    rule=st.sampled_from(RULES),
    lever=st.sampled_from(sorted(LEVERS)),
    above=st.sampled_from([0.0, 0.3]),  # below every first AGI: the pause binds from the start
    seed=st.integers(0, 2**32 - 1),
)
def test_no_lever_lets_a_held_system_grow_without_iterations(world, rule, lever, above, seed):
    """Whatever the rule and world, a step without iterations leaves a held AGI's I unchanged."""
    result = simulate(
        world,
        seed=seed,
        meta__steps=36,
        labs__compliance=1.0,
        labs__careless_compliance=1.0,
        containment__audit_capacity=0.0,
        agis__growth__rule=rule,
        policies=LEVERS[lever](above),
    )
    assert no_growth_without_iterations(result.agents) > 0


def test_pause_holds_breakthroughs_in_the_compute_overhang():
    """A pause above I = 1 keeps the overhang world far from the cap in every seed."""
    policies = [{"name": "pause", "above": 1.0, "enforcement": 1.0}]
    for seed in range(8):
        free = simulate("compute_overhang", seed=seed)
        paused = simulate("compute_overhang", seed=seed, labs__compliance=1.0, policies=policies)
        no_growth_without_iterations(paused.agents)
        held = paused.agents.filter(
            (pl.col("kind") == "agi") & pl.col("status").is_in(["boxed", "deployed"])
        )
        assert held["intelligence"].max() < 1e3
        assert paused.summary["max_intelligence"] <= free.summary["max_intelligence"]


VARIANTS = {
    "plain": {},
    "gating": {"containment__rsi_gating": True, "containment__audit_capacity": 3.0},
    "shutdowns": {"containment__audit_rate": 0.8, "agis__misaligned_probability": 0.8},
    "rollbacks": {
        "containment__audit_rate": 0.8,
        "containment__on_detection": "rollback",
        "agis__misaligned_probability": 0.8,
    },
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("world", WORLDS)
def test_summary_is_a_function_of_the_written_files(world, variant, tmp_path):
    """summarize() over the files a run writes gives exactly the live run's summary."""
    result = simulate(world, seed=11, meta__steps=48, **VARIANTS[variant])
    write_run(result, tmp_path)
    read = {n: pl.read_parquet(tmp_path / f"{n}.parquet") for n in ("steps", "agents", "events")}
    scenario = load_scenario(tmp_path / "scenario.toml")
    again = summarize(read["steps"], read["agents"], read["events"], scenario)
    assert again == result.summary


def test_k_is_exact_through_gated_shutdowns():
    """With a true k of 0.9 and shutdowns by gating audits, the summary's k is 0.9."""
    for seed in range(4):
        result = simulate(
            "slow_takeoff",
            seed=seed,
            agis__growth__k=0.9,
            agis__misaligned_probability=0.7,
            containment__rsi_gating=True,
            containment__audit_rate=0.5,
        )
        assert result.summary["n_shutdowns"] > 0
        assert result.summary["k_hat"] == pytest.approx(0.9, rel=1e-9)
        frame = pooled_k(result.agents, cap=result.scenario.agis.growth.intelligence_cap)
        assert frame.k == pytest.approx(0.9, rel=1e-9)  # the one estimator, on the files


def test_scaling_law_iterations_counted_are_iterations_performed():
    """The scaling law's path does not depend on its cadence; its iterations are counted."""
    one = simulate("scaling_only", seed=5, agis__growth__iterations_per_month=1.0)
    three = simulate("scaling_only", seed=5, agis__growth__iterations_per_month=3.0)
    assert one.steps["max_intelligence"].to_list() == pytest.approx(
        three.steps["max_intelligence"].to_list(), rel=1e-9
    )
    for r in (one, three):
        assert r.summary["rsi_iterations"] == r.agents["iterations"].sum()
    assert three.summary["rsi_iterations"] == 3 * one.summary["rsi_iterations"]
    model = AGIEconomy("scaling_only", seed=5, agis__growth__iterations_per_month=3.0)
    counted = 0
    for _ in range(24):
        model.step()
        counted += model.recorder.last_row["rsi_iterations"]
    performed = sum(a.state.iteration for a in model.agis)  # the rule's own count
    assert counted == performed > 0


def test_runs_of_every_world_reach_the_same_horizon():
    """Takeover or not, every run of a world is measured at its horizon."""
    for seed in range(3):
        result = simulate("foom", seed=seed)
        assert result.summary["takeover"]
        assert result.summary["steps_run"] == 120
        assert result.summary["horizon_years"] == pytest.approx(10.0)
        assert result.steps.height == 121
