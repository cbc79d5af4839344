"""Systems on one deterministic rule improve together exactly as they do one by one."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from agi_economy import AGIEconomy
from agi_economy.agents import ProtoAGI
from agi_economy.growth import Criticality, GrowthContext, GrowthState
from agi_economy.growth.criticality import ARRAY_BATCH
from agi_economy.phases import rsi
from agi_economy.together import batchable, improve_together

CTX = GrowthContext()
RNG = np.random.default_rng(0)

states = st.builds(
    GrowthState,
    st.floats(0.0, 1e6),
    st.floats(0.0, 1e3),
    st.integers(0, 50),
    st.floats(-5.0, 50.0),
    st.floats(0.0, 10.0),
)


@given(
    k=st.sampled_from([0.0, 0.3, 0.9, 1.0]) | st.floats(0.01, 4.0),
    cap=st.floats(1.0, 1e12),
    pairs=st.lists(st.tuples(states, st.integers(-1, 300)), min_size=1, max_size=20),
)
def test_advance_arrays_is_advance_bit_for_bit(k, cap, pairs):
    """Each level and last gain equals (same floats) Criticality.advance of its state alone.

    Both ways are checked: a few systems (one by one) and enough for the array pass.
    """
    rule = Criticality(k, cap)
    for batch in (pairs, pairs * (ARRAY_BATCH // len(pairs) + 1)):
        levels, deltas = rule.advance_arrays(
            np.array([s.intelligence for s, _ in batch], dtype=float),
            np.array([s.delta for s, _ in batch], dtype=float),
            np.array([n for _, n in batch], dtype=np.int64),
        )
        alone = [rule.advance(s, n, CTX, RNG) for s, n in batch]
        assert levels.tolist() == [a.intelligence for a in alone]
        assert deltas.tolist() == [a.delta for a in alone]


@given(
    k=st.sampled_from([0.0, 0.3, 0.95, 1.0, 1.3]) | st.floats(0.01, 4.0),
    cap=st.floats(1.0, 1e12),
    batch=st.lists(states, min_size=ARRAY_BATCH, max_size=3 * ARRAY_BATCH),
    n=st.integers(-1, 300),
)
def test_advance_arrays_with_one_count_for_all_is_advance(k, cap, batch, n):
    """With one count for every system (the usual step) the array pass is advance's too.

    That step takes its own paths: every system on the formula (no one at the cap or
    stalled), one power k^n for all.
    """
    rule = Criticality(k, cap)
    levels, deltas = rule.advance_arrays(
        np.array([s.intelligence for s in batch], dtype=float),
        np.array([s.delta for s in batch], dtype=float),
        np.full(len(batch), n, dtype=np.int64),
    )
    alone = [rule.advance(s, n, CTX, RNG) for s in batch]
    assert levels.tolist() == [a.intelligence for a in alone]
    assert deltas.tolist() == [a.delta for a in alone]


def _agi(rule: Criticality, level: float) -> ProtoAGI:
    return ProtoAGI(
        lab=None,
        rule=rule,
        state=rule.initial_state(level, 0.05 * level),
        aligned=True,
        myopia=0.0,
        impact_regularisation=0.0,
        contacts=np.empty(0, dtype=np.int64),
    )


@pytest.mark.parametrize("k", [0.7, 1.0, 1.3])
def test_improve_together_is_improve_of_each(k):
    """Gains, iterations and twin gains (count changed or not) match improve() step by step."""
    rule = Criticality(k, 1e9)
    alone = [_agi(rule, level) for level in (0.3, 1.0, 2.5, 7.0)]
    together = [_agi(rule, level) for level in (0.3, 1.0, 2.5, 7.0)]
    rng = np.random.default_rng(1)
    for counts in (
        [1, 0, 2, 1],
        [2, 2, 2, 0],
        [2, 3, 1, 1],
        [0, 3, 1, 4],
        [5, 5, 5, 5],
        [5] * 4,
        [1] * 4,
    ):
        for agi, n in zip(alone, counts, strict=True):
            agi.improve(n, GrowthContext(1 / 12, float(rng.random())), rng)
        improve_together(together, counts, rule)
        _assert_same_growth(alone, together)
    assert any(a.last_gain_same_inputs not in (None, a.last_gain) for a in alone)


def _assert_same_growth(alone, together) -> None:
    """Each pair of systems has the same state, last gain, iterations and twin gain."""
    for a, b in zip(alone, together, strict=True):
        assert (a.state, a.last_gain, a.last_iterations, a.last_gain_same_inputs) == (
            b.state,
            b.last_gain,
            b.last_iterations,
            b.last_gain_same_inputs,
        )


@pytest.mark.parametrize("k", [0.7, 0.95, 1.0, 1.3])
def test_improve_together_of_many_with_one_count_is_improve_of_each(k):
    """Enough systems for the array pass, all with one count (some steps more, some none).

    Levels, last gains, iterations and twin gains match improve() of each, step by step;
    the cap is reached by some under explosion.
    """
    rule = Criticality(k, 40.0)
    levels = np.geomspace(0.05, 30.0, 2 * ARRAY_BATCH + 3).tolist()
    alone = [_agi(rule, level) for level in levels]
    together = [_agi(rule, level) for level in levels]
    rng = np.random.default_rng(2)
    for n in (1, 1, 3, 3, 0, 2, 2, 300, 1):
        counts = [n] * len(levels)
        for agi in alone:
            agi.improve(n, GrowthContext(1 / 12, float(rng.random())), rng)
        _, after, performed = improve_together(together, counts, rule)
        _assert_same_growth(alone, together)
        assert after.tolist() == [a.state.intelligence for a in alone]
        assert performed.tolist() == [a.last_iterations for a in alone]
    assert all(type(a.state.iteration) is int for a in together)
    if k > 1.0:
        assert any(a.state.intelligence == 40.0 for a in together)


def test_only_deterministic_rules_that_ignore_inputs_are_batched():
    """Criticality is batched; a rule that draws or reads the step's compute is not."""
    model = AGIEconomy("compute_overhang", seed=1)
    assert batchable(Criticality(1.1, 1e9))
    assert not batchable(model.world.rule_for())  # breakthroughs on a scaling law: draws


@pytest.mark.parametrize(
    ("name", "mix"),
    [
        ("few_shot", {"criticality": 3, "self_finetune": 1}),
        ("careless_lab", {"criticality": 3, "self_finetune": 1}),
        ("few_shot", {}),
    ],
)
def test_self_improve_with_batching_is_one_by_one(name, mix, monkeypatch):
    """A run with batched growth equals the run with every system improved in turn.

    Some systems draw as they grow (self-finetuning with noise), few_shot draws a box
    failure per misaligned system, systems cross domains: the events, the draws after
    them and every frame must agree, with rules mixed and with one rule for all.
    """
    overrides = {
        "agis__growth__iterations_per_month": 1.5,
        "agis__growth__rule_mix": mix,
        "labs__count": 6,
        "agis__initial_per_lab": 5,
        "agis__max_agis": 60,
    }

    def frames():
        with AGIEconomy(name, seed=5, meta__steps=40, **overrides) as model:
            for _ in range(40):
                model.step()
            assert model.recorder.agent_rows
            return model.recorder.frames(model.world.events, {}), model.world.rng.random()

    batched = frames()
    monkeypatch.setattr(rsi, "batchable", lambda rule: False)
    one_by_one = frames()
    for a, b in zip(batched[0], one_by_one[0], strict=True):
        assert a.equals(b)
    assert batched[1] == one_by_one[1]
    kinds = set(batched[0][2]["kind"].to_list())
    assert "domain_crossed" in kinds
    assert "escape" in kinds


def test_improve_together_returns_the_levels_and_iterations_it_set():
    """The arrays returned are each system's intelligence before and after, and its iterations."""
    rule = Criticality(1.2, 50.0)
    agis = [_agi(rule, level) for level in (0.5, 3.0, 49.0, 60.0)]
    before = [a.state.intelligence for a in agis]
    levels, after, performed = improve_together(agis, [2, 0, 3, 1], rule)
    assert levels.tolist() == before
    assert after.tolist() == [a.state.intelligence for a in agis]
    assert performed.tolist() == [a.last_iterations for a in agis] == [2, 0, 3, 1]
    assert after[1] == before[1]  # no iteration: at rest
    assert after[2] == after[3] == 50.0  # at the cap
