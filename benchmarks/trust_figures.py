"""Figures behind the findings on trustworthy results, for this tree or an older one.

Run ``python benchmarks/trust_figures.py`` here, or with ``PYTHONPATH`` pointing at an
older tree's ``src`` (one whose schema still has ``iterations_per_step``) for the
figures before: a pause against breakthroughs, the step length, the head count, the
horizon, the two k estimators, the scaling law's iterations, pure scaling's regime and
the few-shot world after deployment. Seeds are fixed, so each figure repeats exactly.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from agi_economy.analysis import pooled_k
from agi_economy.run import simulate
from agi_economy.scenario.schema import GrowthConfig

NEW = "iterations_per_month" in GrowthConfig.model_fields
TREE = "new" if NEW else "old"


def show(*parts: object) -> None:
    """Print one figure, tagged with the tree it comes from."""
    print(TREE, *parts, flush=True)


def summaries(world: str, seeds: int, **overrides) -> list[dict]:
    """Run summaries of ``seeds`` seeds of a world."""
    return [simulate(world, seed=s, **overrides).summary for s in range(seeds)]


def mean_of(rows: list[dict], key: str) -> float:
    """Mean of a summary field over runs."""
    return float(np.mean([r[key] for r in rows]))


def median_of(rows: list[dict], key: str) -> float:
    """Median of a summary field over runs."""
    return float(np.median([r[key] for r in rows]))


def main() -> None:
    """Print every figure."""
    pause = [{"name": "pause", "above": 1.0, "enforcement": 1.0}]
    rows = summaries("compute_overhang", 8, policies=pause, labs__compliance=1.0)
    show("pause vs breakthroughs, max I:", [f"{r['max_intelligence']:.3g}" for r in rows])
    for months, steps in ((1, 120), (3, 40)):
        rows = summaries("slow_takeoff", 16, meta__months_per_step=float(months), meta__steps=steps)
        show(
            f"slow_takeoff at {months} months per step: median max I",
            f"{median_of(rows, 'max_intelligence'):.3g}, mean human share",
            f"{mean_of(rows, 'final_power_share_humans'):.3f}",
        )
    for people in (200, 1000, 3000):
        rows = summaries("foom", 12, humans__count=people)
        taken = [r["takeover_step"] for r in rows if r["takeover"]]
        show(
            f"foom at {people} people: median takeover step",
            np.median(taken) if taken else None,
            f"mean final human share {mean_of(rows, 'final_power_share_humans'):.3f},",
            f"steps run {sorted({r['steps_run'] for r in rows})}",
        )
    for k in (1.3, 1.6):
        rows = summaries("foom", 12, agis__growth__k=k)
        show(f"foom k = {k}: median max I {median_of(rows, 'max_intelligence'):.3g}")
    base = summaries("foom", 12)
    audit = summaries("foom", 12, policies=[{"name": "audit_mandate"}])
    ratio = median_of(audit, "max_intelligence") / median_of(base, "max_intelligence")
    show(f"foom audit_mandate / none, median max I: {ratio:.3g}")
    for seed in range(4):
        r = simulate(
            "slow_takeoff",
            seed=seed,
            agis__growth__k=0.9,
            agis__misaligned_probability=0.7,
            containment__rsi_gating=True,
            containment__audit_rate=0.5,
        )
        frame = pooled_k(r.agents, cap=r.scenario.agis.growth.intelligence_cap)
        show(
            f"true k 0.9, gated, seed {seed}: summary {r.summary['k_hat']:.4f},",
            f"frame {frame.k:.4f}, shutdowns {r.summary['n_shutdowns']}",
        )
    key = "agis__growth__iterations_per_month" if NEW else "agis__growth__iterations_per_step"
    for rate in (1, 3):
        r = simulate("scaling_only", seed=5, **{key: rate})
        show(
            f"scaling_only at {rate} iterations: final max I",
            f"{r.steps['max_intelligence'][-1]:.4f}, k {r.summary['k_hat']:.4f},",
            f"iterations counted {r.summary['rsi_iterations']}",
        )
    regimes = [r["regime"] for r in summaries("scaling_only", 24)]
    show("scaling_only regimes, 24 seeds:", {x: regimes.count(x) for x in set(regimes)})
    deployed = total = 0
    for seed in range(8):
        r = simulate("few_shot", seed=seed)
        agis = r.agents.filter(pl.col("kind") == "agi").sort("step")
        last = agis.group_by("agent_id").last().filter(~pl.col("aligned"))
        total += last.height
        deployed += last.filter(pl.col("status") == "deployed").height
    show(f"few_shot: misaligned AGIs deployed at the end, {deployed} of {total}")


if __name__ == "__main__":
    main()
