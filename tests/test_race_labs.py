"""Labs of the full model that choose safety by the race game (labs.safety_choice)."""

import networkx as nx
import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agi_economy.race import SAFE, UNSAFE, RaceGame
from agi_economy.race_labs import LAB_NETWORKS, RaceState, lab_graph, race_game
from agi_economy.run import simulate
from agi_economy.scenario import ScenarioError, load_scenario

SMALL = {"humans__count": 100, "labs__count": 6, "labs__careless": 3}
"""Six labs, half of them starting unsafe, in a small world."""

STRONG = {"labs__safety_choice": "race_game", "labs__race_selection": 1.0}
"""Labs that choose by the game, imitating almost only better-paid rivals."""

UNSAFE_PAYS = {"labs__race_speedup": 4.0, "labs__race_risk": 0.0}
"""A big speed advantage and no disaster risk, with the default prize."""

NO_PRIZE = {
    "labs__race_prize": 0.0,
    "labs__race_speedup": 3.0,
    "labs__race_risk": 0.2,
    "labs__race_selection": 20.0,
}
"""A race for the per-round benefit only (payoffs of order 1, so a stronger selection):
detection can then flip the game."""

SEEDS = range(1, 21)


def game_of(overrides: dict, detection: float = 0.0) -> RaceGame:
    """The race game a scenario with these overrides plays."""
    return race_game(load_scenario("slow_takeoff", **overrides).labs, detection)


def dominant(game: RaceGame) -> int | None:
    """The strictly dominant strategy of the game's matrix, if there is one."""
    p = game.payoffs()
    if p[UNSAFE, SAFE] > p[SAFE, SAFE] and p[UNSAFE, UNSAFE] > p[SAFE, UNSAFE]:
        return UNSAFE
    if p[SAFE, SAFE] > p[UNSAFE, SAFE] and p[SAFE, UNSAFE] > p[UNSAFE, UNSAFE]:
        return SAFE
    return None


def final_safety(result) -> list[float]:
    """Every lab's safety fraction at the last step, read from the agent frame."""
    labs = result.agents.filter(pl.col("kind") == "lab")
    last = labs.filter(pl.col("step") == labs["step"].max()).sort("agent_id")
    return last["safety_fraction"].to_list()


def lab_frames(result) -> pl.DataFrame:
    """The labs' rows of the agent frame."""
    return result.agents.filter(pl.col("kind") == "lab").sort("step", "agent_id")


def test_labs_converge_to_unsafe_where_unsafe_pays():
    """With a big speed advantage, no risk and no detection every lab ends unsafe, every seed."""
    overrides = {**SMALL, **STRONG, **UNSAFE_PAYS}
    assert dominant(game_of(overrides)) == UNSAFE
    unsafe = load_scenario("slow_takeoff", **overrides).labs.careless_safety_fraction
    for seed in SEEDS:
        result = simulate("slow_takeoff", seed=seed, steps=24, **overrides)
        assert final_safety(result) == [unsafe] * 6, seed


def test_detection_strong_enough_by_the_matrix_flips_labs_to_safe():
    """Detection well above the matrix's flip point turns labs safe; without it they end unsafe."""
    overrides = {**SMALL, **STRONG, **NO_PRIZE}
    assert dominant(game_of(overrides)) == UNSAFE
    grid = np.linspace(0.0, 1.0, 1001)
    flip = next(q for q in grid if dominant(game_of(overrides, q)) == SAFE)
    assert 0.0 < flip < 0.95
    cfg = load_scenario("slow_takeoff", **overrides).labs
    inspected = [{"name": "safety_inspection", "detection": (float(flip) + 1.0) / 2.0}]
    for seed in SEEDS:
        bare = simulate("slow_takeoff", seed=seed, steps=24, **overrides)
        policed = simulate("slow_takeoff", seed=seed, steps=24, policies=inspected, **overrides)
        assert final_safety(bare) == [cfg.careless_safety_fraction] * 6, seed
        assert final_safety(policed) == [cfg.safety_fraction] * 6, seed


def test_inspection_binds_every_lab_whatever_its_compliance():
    """A found-out chance is the regulator's: careless labs that never comply are inspected too."""
    overrides = {**SMALL, **STRONG, **NO_PRIZE, "labs__careless_compliance": 0.0}
    inspected = [{"name": "safety_inspection", "detection": 0.95}]
    result = simulate("slow_takeoff", seed=3, steps=24, policies=inspected, **overrides)
    safe = load_scenario("slow_takeoff", **overrides).labs.safety_fraction
    assert final_safety(result) == [safe] * 6


@settings(max_examples=8)
@given(seed=st.integers(0, 2**32 - 1))
def test_all_safe_labs_in_the_race_game_run_exactly_as_fixed_labs(seed):
    """With no unsafe lab to imitate nothing changes: the frames equal the fixed world's."""
    fixed = simulate("slow_takeoff", seed=seed, steps=24)
    chosen = simulate("slow_takeoff", seed=seed, steps=24, labs__safety_choice="race_game")
    assert fixed.steps.equals(chosen.steps)
    assert fixed.agents.equals(chosen.agents)
    assert fixed.events.equals(chosen.events)


@settings(max_examples=8)
@given(seed=st.integers(0, 2**32 - 1))
def test_labs_that_never_revise_run_exactly_as_fixed_careless_labs(seed):
    """Learning at rate 0 leaves careless labs careless: the frames equal the fixed world's."""
    world = {"labs__careless": 1}
    fixed = simulate("slow_takeoff", seed=seed, steps=24, **world)
    chosen = simulate(
        "slow_takeoff",
        seed=seed,
        steps=24,
        labs__safety_choice="race_game",
        labs__race_learning_rate=0.0,
        **world,
    )
    assert fixed.agents.equals(chosen.agents)
    assert fixed.events.equals(chosen.events)


@settings(max_examples=8)
@given(seed=st.integers(0, 2**32 - 1))
def test_every_safety_change_is_a_logged_switch_to_one_of_the_two_stances(seed):
    """At the default size, labs hold one of the two stances and change only by a logged switch."""
    world = {"labs__careless": 1, "labs__safety_choice": "race_game"}
    result = simulate("slow_takeoff", seed=seed, steps=24, **world)
    c = result.scenario.labs
    labs = lab_frames(result)
    assert set(labs["safety_fraction"].unique()) <= {c.safety_fraction, c.careless_safety_fraction}
    changed = (
        labs.with_columns(prev=pl.col("safety_fraction").shift(1).over("agent_id"))
        .filter(pl.col("prev").is_not_null() & (pl.col("prev") != pl.col("safety_fraction")))
        .select("step", pl.col("agent_id").alias("lab_id"), "safety_fraction")
    )
    switches = result.events.filter(pl.col("kind") == "race_switch")
    net = {}  # a lab may switch more than once in a step; only the net change shows
    for step, lab, detail in switches.select("step", "lab_id", "detail").iter_rows():
        net[(step, lab)] = detail
    shown = {(s, lab) for s, lab, _ in changed.iter_rows()}
    moved = {
        key
        for key, detail in net.items()
        if (detail == "unsafe") != (_before(labs, *key) == c.careless_safety_fraction)
    }
    assert shown == moved
    for step, lab, fraction in changed.iter_rows():
        stance = c.careless_safety_fraction if net[(step, lab)] == "unsafe" else c.safety_fraction
        assert fraction == stance


def _before(labs: pl.DataFrame, step: int, lab: int) -> float:
    """A lab's safety fraction at the step before ``step``."""
    row = labs.filter((pl.col("step") == step - 1) & (pl.col("agent_id") == lab))
    return float(row["safety_fraction"][0])


def test_race_runs_are_determined_by_the_seed():
    """The same seed gives the same frames twice in the race game."""
    world = {**SMALL, "labs__safety_choice": "race_game", "labs__race_network": "barabasi_albert"}
    a = simulate("slow_takeoff", seed=11, steps=24, **world)
    b = simulate("slow_takeoff", seed=11, steps=24, **world)
    assert a.agents.equals(b.agents)
    assert a.events.equals(b.events)


@pytest.mark.parametrize("kind", LAB_NETWORKS)
@pytest.mark.parametrize("n", [0, 1, 2, 3, 8])
def test_lab_networks_span_the_labs_and_connect_them(kind, n):
    """Every lab network has the labs as nodes and is connected once there are two labs."""
    graph = lab_graph(kind, n, np.random.default_rng(0))
    assert sorted(graph.nodes) == list(range(n))
    if n >= 2:
        assert nx.is_connected(graph)


def test_star_network_has_one_hub_watched_by_every_other_lab():
    """The star's lab 0 neighbours every other lab, and no other pair is linked."""
    graph = lab_graph("star", 5, np.random.default_rng(0))
    assert sorted(graph.neighbors(0)) == [1, 2, 3, 4]
    assert graph.number_of_edges() == 4


def test_careless_labs_start_unsafe():
    """The labs counted careless start with the unsafe strategy, the others safe."""
    state = RaceState.found([False, True, False, True], "complete", seed=1)
    assert state.strategies.tolist() == [SAFE, UNSAFE, SAFE, UNSAFE]
    assert state.unsafe_share() == 0.5


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("race_speedup", 0.5),
        ("race_risk", 1.5),
        ("race_rounds", 0.0),
        ("race_network", "lattice"),
        ("safety_choice", "random"),
    ],
)
def test_bad_race_fields_are_rejected_naming_the_field(field, value):
    """An out-of-range race field fails validation with its dotted name in the message."""
    with pytest.raises(ScenarioError, match=f"labs.{field}"):
        load_scenario("slow_takeoff", **{f"labs__{field}": value})
