"""Each built-in world shows the behaviour its description promises, over many seeds."""

import math
from functools import cache

import numpy as np
import polars as pl
import pytest

from agi_economy import load_scenario, simulate

SEEDS = range(12)
FAST = {"humans__count": 300}


@cache
def runs(name: str, **overrides) -> tuple:
    return tuple(simulate(name, seed=s, **FAST, **overrides) for s in SEEDS)


def share(flags) -> float:
    flags = list(flags)
    return sum(map(bool, flags)) / len(flags)


def agi_paths(result) -> dict[int, pl.DataFrame]:
    agis = result.agents.filter(pl.col("kind") == "agi").sort("step")
    return {k[0]: part for k, part in agis.group_by("agent_id")}


def test_fizzle_converges_below_its_ceiling():
    """k < 1: each AGI converges to I_0 (1 + g / (1 - k)) without passing it; regime fizzle."""
    g = load_scenario("fizzle").agis.growth
    converged = 0
    for r in runs("fizzle"):
        assert r.summary["regime"] == "fizzle"
        assert not r.summary["takeover"]
        for path in agi_paths(r).values():
            start = path["intelligence"][0] - path["gain"][0]  # rows follow the first step
            ceiling = start * (1 + g.initial_gain / (1 - g.k))
            assert path["intelligence"].max() <= ceiling * (1 + 1e-9)
            if path.filter(pl.col("iterations") > 0).height >= 40:
                assert path["intelligence"][-1] > ceiling * 0.999
                converged += 1
    assert converged >= len(SEEDS)


def test_combustion_grows_linearly():
    """k = 1: the regime is combustion and an AGI's intelligence rises by equal steps."""
    for r in runs("combustion"):
        assert r.summary["regime"] == "combustion"
        assert r.summary["k_hat"] == pytest.approx(1.0, abs=1e-9)
        for path in agi_paths(r).values():
            running = path.filter(pl.col("iterations") == 1)
            if running.height > 2:
                assert running["gain"].to_list() == pytest.approx(
                    [running["gain"][0]] * running.height, rel=1e-9
                )


def test_foom_passes_the_superhuman_band_in_most_seeds():
    """k > 1: the leading system passes the superhuman band in most seeds, within two years."""
    cfg = load_scenario("foom")
    results = runs("foom")
    assert share(r.summary["max_intelligence"] >= cfg.agis.superhuman for r in results) >= 0.9
    assert all(r.summary["regime"] == "explosion" for r in results)
    years = [r.summary["bostrom_takeoff_years"] for r in results]
    assert all(y is not None and y <= 2.0 for y in years)
    assert share(r.summary["takeover"] for r in results) >= 0.5


def test_slow_takeoff_is_contained_and_agis_accrue_power():
    """Slow RSI: no takeover, nothing superhuman, and AGIs' share of power grows."""
    cfg = load_scenario("slow_takeoff")
    results = runs("slow_takeoff")
    assert share(r.summary["takeover"] for r in results) <= 0.1
    assert all(r.summary["max_intelligence"] < cfg.agis.superhuman for r in results)
    assert all(r.summary["k_hat"] < 1.0 for r in results)
    gained = []
    for r in results:
        agi_share = r.steps["power_share_aligned_agi"] + r.steps["power_share_misaligned_agi"]
        gained.append(agi_share[-1] > agi_share[12] and r.steps["n_deployed"].max() > 0)
    assert share(gained) >= 0.8


def test_few_shot_escapes_only_through_failed_shots():
    """Boxes are never outgrown: every escape is a box failure during an RSI iteration."""
    results = runs("few_shot")
    escapes = pl.concat([r.events.filter(pl.col("kind") == "escape") for r in results])
    assert escapes.height >= 3
    assert escapes["detail"].str.starts_with("containment failed at RSI iteration").all()
    assert not escapes["aligned"].any()
    assert all(r.summary["max_intelligence"] > 3.0 for r in results)


def test_careless_lab_breeds_misalignment_and_escapes():
    """The careless lab's systems are more often misaligned, and it supplies most escapes."""
    careless = careful = escapes_careless = escapes_all = 0
    mis_careless = mis_careful = 0
    for r in runs("careless_lab"):
        labs = r.agents.filter(pl.col("kind") == "lab")
        worst = labs.filter(pl.col("step") == 0).sort("safety_fraction")["agent_id"][0]
        born = r.events.filter(pl.col("kind") == "new_agi")
        for lab_id, aligned in zip(born["lab_id"], born["aligned"], strict=True):
            if lab_id == worst:
                careless += 1
                mis_careless += not aligned
            else:
                careful += 1
                mis_careful += not aligned
        esc = r.events.filter(pl.col("kind") == "escape")
        escapes_all += esc.height
        escapes_careless += esc.filter(pl.col("lab_id") == worst).height
    assert mis_careless / careless > 2 * mis_careful / careful
    assert escapes_all > 0
    assert escapes_careless / escapes_all > 0.5


def test_race_cuts_safety_and_breeds_misalignment():
    """Racing pressure pulls labs' safety below their target and yields more misaligned AGIs."""
    racing = runs("race")
    calm = runs("race", labs__racing_pressure=0.0)
    target = load_scenario("race").labs.safety_fraction

    def mean_safety(results):
        labs = pl.concat([r.agents.filter(pl.col("kind") == "lab") for r in results])
        return labs.filter(pl.col("step") > 0)["safety_fraction"].mean()

    assert mean_safety(racing) < 0.9 * target
    assert mean_safety(calm) == pytest.approx(target)

    def misaligned_share(overrides):
        # The effect is a few points of misalignment chance: pooled over 48 seeds' AGIs
        # (about 2,400 a side), not a sum of 12 per-run shares that one graph draw can flip.
        results = [simulate("race", seed=s, **FAST, **overrides) for s in range(48)]
        return sum(r.summary["n_misaligned"] for r in results) / sum(
            r.summary["n_agis"] for r in results
        )

    assert misaligned_share({}) > misaligned_share({"labs__racing_pressure": 0.0})


def biggest_jump(result) -> float:
    """Largest one-step factor by which any single AGI's intelligence grew (after its start)."""
    best = 1.0
    for path in agi_paths(result).values():
        i = path["intelligence"]
        if i.len() > 2:
            best = max(best, (i[2:] / i[1:-1]).max())
    return best


def test_compute_overhang_jumps_where_scaling_alone_creeps():
    """Breakthroughs make single-step jumps that Chinchilla scaling alone never makes."""
    assert share(biggest_jump(r) > 1.5 for r in runs("compute_overhang")) >= 0.8
    assert all(biggest_jump(r) < 1.2 for r in runs("scaling_only"))


def test_scaling_only_has_strongly_sublinear_returns():
    """Scaling alone: estimated k below 1 in most seeds and nothing superhuman."""
    cfg = load_scenario("scaling_only")
    results = runs("scaling_only")
    assert share(r.summary["k_hat"] < 1.0 for r in results) >= 0.9
    assert all(r.summary["max_intelligence"] < cfg.agis.superhuman for r in results)


def test_scaling_alone_has_k_below_one_with_input_growth_apart():
    """Pure scaling reports k below 1, its interval below 1, in at least 90% of 24 seeds."""
    below, grew = 0, 0
    for seed in range(24):
        s = simulate("scaling_only", seed=seed).summary
        below += s["k_hat"] is not None and s["k_high"] is not None and s["k_high"] < 1.0
        grew += s["input_growth"] is not None and s["input_growth"] > 1.0
    assert below >= 0.9 * 24
    assert grew >= 0.9 * 24  # the growth of compute shows apart from k


def test_few_shot_shots_continue_after_deployment():
    """Deployed systems still self-improve under their lab, and each iteration is a shot."""
    escapes = 0
    for seed in range(6):
        r = simulate(
            "few_shot", seed=seed, labs__deploy_intelligence=0.0, labs__audits_before_deploy=0
        )
        shots = r.events.filter(
            (pl.col("kind") == "escape")
            & pl.col("detail").str.starts_with("containment failed at RSI iteration")
        )
        deployed = set(r.events.filter(pl.col("kind") == "deployed")["agent_id"].to_list())
        escapes += len(deployed & set(shots["agent_id"].to_list()))
    assert escapes > 0


@cache
def default_size_runs(name: str) -> tuple:
    """Twelve seeds of a world at its own size (1,000 people): summary, first largest I."""
    results = (simulate(name, seed=s) for s in SEEDS)
    return tuple((r.summary, float(r.steps["max_intelligence"][0])) for r in results)


def test_slow_takeoff_passes_christianos_test_and_foom_fails_it():
    """At the default size, slow_takeoff's output doubles over 4 years first; foom's in 1 year."""
    slow = default_size_runs("slow_takeoff")
    assert share(s["christiano_slow"] is True for s, _ in slow) >= 11 / 12
    assert all(s["max_intelligence"] > 2 * first for s, first in slow)  # intelligence grows
    assert all(s["christiano_slow"] is False for s, _ in default_size_runs("foom"))


@pytest.mark.parametrize("months_per_step", [1.0, 3.0])
def test_people_alone_grow_at_the_sourced_rate(months_per_step):
    """No AGIs: output grows as exp(g t), g = ln(1.030) a year (world GDP 1913-2012)."""
    r = simulate(
        "slow_takeoff", seed=1, humans__count=200, agis__initial_per_lab=0, agis__max_agis=0,
        meta__steps=40, meta__months_per_step=months_per_step,
    )  # fmt: skip
    y = r.steps["output"].to_numpy()
    years = r.steps["year"].to_numpy()
    assert r.steps["n_agis"].max() == 0
    assert r.summary["output_growth"] == pytest.approx(math.log(1.030), rel=1e-9)
    assert y == pytest.approx(y[0] * np.exp(math.log(1.030) * years), rel=1e-9)


def test_slow_takeoff_scales_capability_at_the_librarys_chinchilla_elasticity():
    """New systems' capability elasticity is alpha beta / (alpha + beta) of hoffmann2022."""
    from agi_economy.evidence import builtin_sources

    (chinchilla,) = [s for s in builtin_sources() if s.id == "hoffmann2022"]
    got = {m.quantity: m.value for m in chinchilla.measurements}
    elasticity = got["alpha"] * got["beta"] / (got["alpha"] + got["beta"])
    scaling = load_scenario("slow_takeoff").agis.new_agi_scaling
    assert scaling == pytest.approx(elasticity, abs=5e-6)
