"""explore against compare per run, and what keeping trajectories costs in time and bytes.

Targets: explore as fast per run as compare; trajectories add under 20% to the time
and under 2x to the output size. Three experiments of the same number of runs are
timed in turn (interleaved, so each sees the same background load), ``--repeat``
times, and the medians compared; the load average is printed. Output size is the
bytes of the folder's data files (runs, parts and trajectories; figures not drawn).
Because whole experiments see the machine's load change between them, the script
also times, in this process and interleaved run by run, one simulation and the
thinning of its trajectory (what each run pays for keeping it), and prints the
median ratio with the load average.

    python benchmarks/explore_overhead.py [--points 16] [--replicates 2] [--repeat 3]
        [--executor serial|process] [--steps N] [--trajectory-points P]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from agi_economy import simulate
from agi_economy.experiment import compare, explore, make_executor
from agi_economy.experiment.trajectory import DEFAULT_POINTS, grid_spacing, trajectory_of

POLICIES = ["pause:above=1.5", "audit_mandate:rate=0.8,interpretability=0.5", "rsi_gating"]
UNCERTAIN = ["agis.growth.k=0.9:1.4", "containment.box_strength=0.5:4:log"]


def _bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*.parquet"))


def timed(kind: str, args: argparse.Namespace, overrides: dict) -> tuple[float, int]:
    """Seconds and data bytes of one experiment of the given kind."""
    with tempfile.TemporaryDirectory() as out:
        executor = make_executor(args.executor)
        start = time.perf_counter()
        try:
            common = {"out": out, "seed": 2026, "executor": executor, "plot": False}
            if kind == "explore":
                explore("foom", POLICIES, UNCERTAIN, samples=args.points,
                        replicates=args.replicates, **common, **overrides)  # fmt: skip
            else:
                points = 0 if kind == "compare, no trajectories" else args.trajectory_points
                compare("foom", POLICIES, replicates=args.points * args.replicates,
                        trajectory_points=points, **common, **overrides)  # fmt: skip
        finally:
            executor.close()
        return time.perf_counter() - start, _bytes(Path(out))


def run_and_thin(args: argparse.Namespace) -> tuple[float, float]:
    """Median seconds of one foom run and of thinning its trajectory, interleaved."""
    runs, thins = [], []
    for seed in range(args.runs):
        start = time.perf_counter()
        result = simulate("foom", seed=seed, steps=args.steps)
        runs.append(time.perf_counter() - start)
        meta = result.scenario.meta
        every = grid_spacing(meta.steps * meta.months_per_step / 12.0, args.trajectory_points)
        start = time.perf_counter()
        trajectory_of(result, every)
        thins.append(time.perf_counter() - start)
    return statistics.median(runs), statistics.median(thins)


def main() -> None:
    """Time the three experiments and print per-run times and the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=16)
    parser.add_argument("--replicates", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--executor", default="serial")
    parser.add_argument("--trajectory-points", type=int, default=DEFAULT_POINTS)
    parser.add_argument("--steps", type=int, default=None, help="steps per run (default: foom's)")
    parser.add_argument("--runs", type=int, default=15, help="runs of the per-run timing")
    args = parser.parse_args()
    overrides = {} if args.steps is None else {"meta__steps": args.steps}
    runs = (len(POLICIES) + 1) * args.points * args.replicates
    kinds = ("compare, no trajectories", "compare", "explore")
    print(f"each experiment: {runs} runs of foom on {args.executor}; repeat {args.repeat}")
    print(f"cores: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.2f}")
    seconds: dict[str, list[float]] = {k: [] for k in kinds}
    sizes: dict[str, int] = {}
    for _ in range(args.repeat):
        for kind in kinds:  # interleaved
            t, size = timed(kind, args, overrides)
            seconds[kind].append(t)
            sizes[kind] = size
    median = {k: statistics.median(v) for k, v in seconds.items()}
    for kind in kinds:
        per_run = 1000 * median[kind] / runs
        print(f"{kind:26s} {per_run:7.1f} ms/run (median)  {sizes[kind] / 1024:8.1f} KiB data")
    base, kept = "compare, no trajectories", "compare"
    print(f"trajectory time overhead: {median[kept] / median[base] - 1:+.1%} (target < +20%)")
    print(f"trajectory size ratio:    {sizes[kept] / sizes[base]:.2f}x (target < 2x)")
    print(f"explore / compare per run: {median['explore'] / median[kept]:.2f} (target <= 1)")
    load = os.getloadavg()[0]
    run_s, thin_s = run_and_thin(args)
    print(
        f"per run, in this process ({args.runs} runs, median): simulate {1000 * run_s:.1f} ms, "
        f"thin its trajectory {1000 * thin_s:.2f} ms = {thin_s / run_s:+.2%} of the run "
        f"(load average {load:.2f} -> {os.getloadavg()[0]:.2f})"
    )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
