"""The model: agents on one network, phases, determinism, boundaries and finiteness."""

import math
import subprocess
import sys

import mesa
import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from agi_economy import AGIEconomy, simulate
from agi_economy.agents import DEPLOYED, SHUTDOWN, AGIAgent, Human, LabAgent
from agi_economy.phases import contain, run_economy, run_labs, self_improve
from agi_economy.recorder import MODEL_COLUMNS
from tests.test_scenario import WORLDS

SMALL = {"humans__count": 150, "meta__steps": 40}


def test_agents_share_one_network():
    """People, labs and AGIs sit on one Network whose node ids run 0..N-1 in graph order."""
    model = AGIEconomy("slow_takeoff", seed=3, humans__count=100)
    graph = model.grid.G
    assert list(graph.nodes) == list(range(graph.number_of_nodes()))
    for agent in model.agents:
        assert agent.cell is model.grid[agent.cell.coordinate]
    assert len(model.agents_by_type[Human]) == 100
    assert len(model.agents_by_type[LabAgent]) == model.cfg.labs.count
    for agi in model.agents_by_type[AGIAgent]:
        neighbours = set(graph.neighbors(agi.cell.coordinate))
        assert model.agent_of(agi.lab).cell.coordinate in neighbours
        assert set(agi.contacts.tolist()) <= neighbours


def test_humans_are_views_of_the_arrays():
    """A Human reads its wealth, productivity and role from the model's arrays."""
    model = AGIEconomy("slow_takeoff", seed=3, humans__count=50)
    person = next(iter(model.people))
    model.population.wealth[person.index] = 123.0
    assert person.wealth == 123.0
    assert person.role in ("worker", "auditor", "regulator")
    assert person.productivity > 0


def test_people_are_agents_only_once_asked_for():
    """People get Mesa agents, ids 1..N, when the space is first built; labs' ids follow."""
    model = AGIEconomy("slow_takeoff", seed=3, humans__count=60)
    assert Human not in model.agents_by_type
    people = model.people
    assert sorted(p.unique_id for p in people) == list(range(1, 61))
    assert all(p.unique_id == p.index + 1 for p in people)
    assert sorted(lab.unique_id for lab in model.labs)[0] == 61
    ids = [a.unique_id for a in model.agents]
    assert len(ids) == len(set(ids))


def test_building_the_space_changes_nothing_in_the_run():
    """A run whose Mesa space was built at the start gives the same frames as one without."""
    plain = AGIEconomy("foom", seed=8, **SMALL)
    viewed = AGIEconomy("foom", seed=8, **SMALL)
    assert viewed.grid.G.number_of_nodes() == 150 + len(viewed.labs) + len(viewed.agis)
    for _ in range(40):
        plain.step()
        viewed.step()
    assert_frame_equal(plain.recorder.agent_frame(), viewed.recorder.agent_frame())
    assert plain.recorder.rows == viewed.recorder.rows


def test_labs_train_new_agis_during_a_run():
    """New proto-AGIs appear mid-run, placed on the network like the first ones."""
    model = AGIEconomy("slow_takeoff", seed=5, humans__count=200)
    first = len(model.agis)
    for _ in range(80):
        model.step()
    assert len(model.agis) > first
    late = model.agis[-1]
    assert late.born > 0
    last_node = max(model.grid.G.nodes)  # the space is built on first use, with every agent
    assert model.agent_of(late).cell.coordinate == last_node
    assert model.agent_of(late) in model.agents_by_type[AGIAgent]
    assert model.agent_of(late).subject is late


def frames(name: str, seed: int) -> tuple[pl.DataFrame, ...]:
    r = simulate(name, seed=seed, **SMALL)
    return r.steps, r.agents, r.events


@pytest.mark.parametrize("name", WORLDS)
def test_same_seed_same_run(name):
    """Two runs of a world with the same seed give identical frames at every step."""
    for a, b in zip(frames(name, 11), frames(name, 11), strict=True):
        assert_frame_equal(a, b)


def test_stepwise_determinism():
    """Two models built with one seed agree after every single step."""
    a = AGIEconomy("foom", seed=4, humans__count=100)
    b = AGIEconomy("foom", seed=4, humans__count=100)
    for _ in range(30):
        a.step()
        b.step()
        assert a.recorder.last_row == b.recorder.last_row
        assert np.array_equal(a.population.wealth, b.population.wealth)


def test_another_seed_differs():
    """A different seed gives a different run."""
    assert not frames("slow_takeoff", 1)[0].equals(frames("slow_takeoff", 2)[0])


def test_same_seed_in_another_process(tmp_path):
    """A run repeated in a fresh interpreter gives the same frames."""
    out = tmp_path / "steps.parquet"
    code = (
        "from agi_economy import simulate;"
        "r = simulate('foom', seed=9, humans__count=150, meta__steps=40);"
        f"r.steps.write_parquet({str(out)!r})"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    assert_frame_equal(pl.read_parquet(out), simulate("foom", seed=9, **SMALL).steps)


def test_batch_run_over_seeds():
    """mesa.batch_run builds the model from keyword parameters and reads its datacollector."""
    rows = mesa.batch_run(
        AGIEconomy,
        parameters={"scenario": "foom", "seed": [1, 2, 3], "humans__count": 100},
        max_steps=50,
        display_progress=False,
    )
    assert {r["seed"] for r in rows} == {1, 2, 3}
    assert set(MODEL_COLUMNS) - {"step"} <= set(rows[0])
    last = [r for r in rows if r["seed"] == 1][-1]
    assert 0 < last["Step"] <= 50


def test_foom_k3_ten_thousand_steps_stays_finite():
    """k = 3 for 10,000 steps: every number in every frame and array stays finite."""
    model = AGIEconomy(
        "foom",
        seed=2,
        humans__count=60,
        agis__growth__k=3.0,
        agis__max_agis=12,
        agis__growth__iterations_per_month=3,
        meta__steps=10_000,
    )
    for _ in range(10_000):
        model.step()
    from agi_economy.run import result_of

    result = result_of(model)
    assert result.steps.height == 10_001
    assert result.summary["max_intelligence"] == model.cfg.agis.growth.intelligence_cap
    for frame in (result.steps, result.agents, result.events):
        numeric = frame.select(pl.col(pl.Float64))
        assert (
            numeric.select(pl.all().is_nan().any() | pl.all().is_infinite().any())
            .sum_horizontal()
            .item()
            == 0
        )
    assert np.isfinite(model.population.wealth).all()
    for holder in (*model.labs, *model.agis):
        assert math.isfinite(holder.compute)
    assert all(math.isfinite(v) for v in result.summary.values() if isinstance(v, float))


@pytest.mark.parametrize("name", WORLDS)
def test_power_shares_and_holdings_are_sane(name):
    """Power shares sum to 1 at every step and no one holds negative wealth."""
    model = AGIEconomy(name, seed=8, humans__count=150)
    for _ in range(40):
        model.step()
        row = model.recorder.last_row
        total = sum(
            row[f"power_share_{g}"] for g in ("humans", "labs", "aligned_agi", "misaligned_agi")
        )
        assert total == pytest.approx(1.0)
        assert (model.population.wealth >= 0).all()
        assert all(lab.capital >= -1e-9 and lab.compute >= -1e-9 for lab in model.labs)
        if not model.running:
            break


@pytest.mark.parametrize(
    "overrides",
    [
        {"humans__count": 0},
        {"labs__count": 0},
        {"agis__initial_per_lab": 0},
        {"agis__max_agis": 0},
        {"humans__count": 1, "network__agi_contact_share": 1.0},
        {"network__kind": "erdos_renyi", "network__er_mean_degree": 0.0},
        {"containment__audit_rate": 0.0, "containment__audit_capacity": 0.0},
        {"agis__misaligned_probability": 1.0, "containment__escape_scale": 1.0},
    ],
)
def test_boundary_worlds_run(overrides):
    """Empty populations, no labs, no AGIs, a disconnected graph or certain escape all run."""
    result = simulate("foom", seed=1, meta__steps=20, **overrides)
    assert result.steps.height >= 2
    assert result.steps.select(pl.col(pl.Float64).is_nan().any()).sum_horizontal().item() == 0


def test_rsi_gating_limits_pace_to_auditor_capacity():
    """Under RSI gating the iterations of a step never exceed auditors' approvals."""
    model = AGIEconomy(
        "foom",
        seed=3,
        humans__count=200,
        containment__rsi_gating=True,
        containment__audit_capacity=6.0,
        agis__growth__iterations_per_month=5,
        agis__misaligned_probability=0.0,
        labs__count=4,
    )
    used = []
    for _ in range(20):
        model.step()
        used.append(model.world.scratch.iterations)
    assert max(used) <= 6
    assert sum(used) > 0
    none = AGIEconomy(
        "foom",
        seed=3,
        humans__count=200,
        containment__rsi_gating=True,
        containment__audit_capacity=0.0,
    )
    before = [a.intelligence for a in none.agis]
    none.step()
    assert none.world.scratch.iterations == 0
    assert [a.intelligence for a in none.agis] == before


def test_audits_shut_down_detected_systems():
    """Certain audits with full interpretability catch every misaligned system below I = 1."""
    result = simulate(
        "fizzle",
        seed=2,
        humans__count=200,
        meta__steps=30,
        agis__misaligned_probability=1.0,
        labs__safety_fraction=0.0,
        containment__audit_rate=1.0,
        labs__interpretability=1.0,
        containment__escape_scale=1e-9,
    )
    kinds = result.events["kind"].to_list()
    assert result.summary["n_agis"] >= 3
    assert kinds.count("detection") == result.summary["n_agis"]
    assert result.summary["n_shutdowns"] == result.summary["n_agis"]
    assert result.summary["n_escapes"] == 0


def test_rollback_keeps_the_system_running():
    """With rollback on detection the system loses intelligence but is not shut down."""
    model = AGIEconomy(
        "foom",
        seed=2,
        humans__count=100,
        agis__misaligned_probability=1.0,
        containment__audit_rate=1.0,
        labs__interpretability=1.0,
        containment__on_detection="rollback",
        containment__escape_scale=1e-9,
    )
    for _ in range(15):
        model.step()
    kinds = [e["kind"] for e in model.events]
    assert "rollback" in kinds
    assert "shutdown" not in kinds
    assert all(a.status != SHUTDOWN for a in model.agis)


def test_deployed_agis_produce_and_accrue_wealth():
    """Deployed AGIs raise output and hold wealth of their own."""
    model = AGIEconomy("slow_takeoff", seed=1, humans__count=200, agis__misaligned_probability=0.0)
    for _ in range(40):
        model.step()
    deployed = [a for a in model.agis if a.status == DEPLOYED]
    assert deployed
    assert all(a.wealth > 0 for a in deployed)
    assert model.recorder.rows[-1]["output"] > model.recorder.rows[1]["output"]


def test_takeover_is_an_event_and_the_world_goes_on():
    """A misaligned takeover is logged once, and the run still reaches its horizon."""
    result = simulate(
        "foom",
        seed=1,
        humans__count=150,
        agis__misaligned_probability=1.0,
        containment__audit_rate=0.0,
    )
    assert result.summary["takeover"]
    assert result.summary["steps_run"] == result.scenario.meta.steps
    assert result.steps.height == result.scenario.meta.steps + 1
    t = result.summary["takeover_step"]
    assert t < result.summary["steps_run"]
    assert result.steps.filter(pl.col("step") == t)["power_share_misaligned_agi"][0] >= 0.5
    assert result.steps.filter(pl.col("step") < t)["takeover"].sum() == 0
    assert result.steps.filter(pl.col("step") >= t)["takeover"].all()
    assert result.events["kind"].to_list().count("takeover") == 1


def test_each_agi_can_draw_its_own_growth_rule():
    """With a rule mix, AGIs of one world grow by different rules in the given proportions."""
    model = AGIEconomy(
        "slow_takeoff",
        seed=4,
        humans__count=50,
        labs__count=40,
        agis__initial_per_lab=5,
        agis__growth__rule_mix={"criticality": 3.0, "self_finetune": 1.0},
    )
    names = [agi.rule.name for agi in model.agis]
    assert set(names) == {"criticality", "self_finetune"}
    assert names.count("criticality") / len(names) == pytest.approx(0.75, abs=0.1)
    for _ in range(5):
        model.step()
    assert all(math.isfinite(a.intelligence) for a in model.agis)


def test_productivity_tax_lowers_measured_output():
    """An alignment tax on productivity lowers the output the step frame records."""

    def final_output(tax: float) -> float:
        model = AGIEconomy(
            "slow_takeoff", seed=6, humans__count=100, agis__misaligned_probability=0.0
        )
        for _ in range(30):
            for lab in model.labs:
                lab.levers.productivity_tax = tax
            model.world.begin_step(model.world.steps + 1)
            run_labs(model.world)
            self_improve(model.world)
            contain(model.world)
            output = run_economy(model.world)
        return output

    assert final_output(0.5) < final_output(0.0)


def test_datacollector_reports_the_first_columns_of_the_step_frame():
    """Mesa's DataCollector has the per-step frame's first columns, with the same values."""
    from agi_economy.recorder import MODEL_COLUMNS

    world = {"scenario": "slow_takeoff", "seed": 4, "humans__count": 100, "meta__steps": 6}
    model = AGIEconomy(**world)
    while model.running:
        model.step()
    collected = model.datacollector.get_model_vars_dataframe()
    steps = simulate(**world).steps
    assert steps.columns[: len(MODEL_COLUMNS)] == list(MODEL_COLUMNS)
    assert list(collected.columns[: len(MODEL_COLUMNS)]) == list(MODEL_COLUMNS)
    for column in MODEL_COLUMNS:
        assert collected[column].tolist() == steps[column].to_list(), column
