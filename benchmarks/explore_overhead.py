"""explore against compare per run, and what trajectories add to explore's time and size.

Targets: ``explore foom`` with 4 policies x 256 points x 4 replicates on the process
executor is as fast per run as ``compare``; its trajectories add under 20% to its time
and under 2x to its output size.

Three experiments of the same number of runs are run in this one process, in turn,
round after round (``--repeat`` rounds, so each sees about the same load; the order
turns from round to round, so that no kind always runs first):

- ``explore``: the policies at ``--points`` points x ``--replicates``, with trajectories
  (``--trajectory-points``, the default 17);
- ``explore, no trajectories``: the same design and seed with ``--trajectory-points 0``;
- ``compare``: the same policies, ``points x replicates`` replicates each, with
  trajectories.

Printed: each one's seconds per run (median and range over the rounds), and the two time
ratios, explore / compare and explore / explore without trajectories, each the median
over the rounds of the ratio within a round; the load average before every round and at
the end. On the serial executor the ratios of this process's CPU time are printed too:
on a loaded machine they are far steadier than wall time, which counts the time the
process waited for a core.

The size ratio is the bytes of every file in the explore folder over those of the same
exploration without trajectories (``--trajectory-points 0``): same design,
seed and runs, figures not drawn (``--plot`` draws them; they are a fixed size).
Results are byte-identical from round to round, so the sizes are the same each round.

``--full`` is the issue's scale: 256 points x 4 replicates (4,096 runs per experiment)
on the process executor. ``--sizes 16,64`` also prints the size ratio at those numbers
of points (one exploration of each kind each), to show it does not grow with the runs.
``--steps N`` shortens every run (the trajectories keep as many points, so what they
cost is a larger share of a shorter run: the time ratio is then an upper bound, for
the issue's run count when whole runs would take too long on a loaded machine).
``--per-run N`` times, in this process and interleaved run by run, N foom simulations
and the thinning of each one's trajectory (what a run pays for keeping it).

    python benchmarks/explore_overhead.py [--points 16] [--replicates 4] [--repeat 3]
        [--executor serial|process] [--full] [--sizes 16,64] [--steps N] [--per-run 15]
        [--plot]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from _harness import load, median, spread
from agi_economy import simulate
from agi_economy.experiment import compare, explore, make_executor
from agi_economy.experiment.trajectory import DEFAULT_POINTS, grid_spacing, trajectory_of

POLICIES = ["pause:above=1.5", "audit_mandate:rate=0.8,interpretability=0.5", "rsi_gating"]
UNCERTAIN = ["agis.growth.k=0.9:1.4", "containment.box_strength=0.5:4:log"]
KINDS = ("explore", "explore, no trajectories", "compare")
SEED = 2026


def folder_bytes(folder: Path) -> int:
    """The bytes of every file in the folder (its data, manifest and any figures)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def experiment(kind: str, points: int, args: argparse.Namespace) -> tuple[float, float, int]:
    """Wall and CPU seconds (this process's) and folder bytes of one experiment."""
    with tempfile.TemporaryDirectory(prefix="explore-overhead-") as out:
        executor = make_executor(args.executor)
        common = {"out": out, "seed": SEED, "executor": executor, "plot": args.plot}
        if args.steps is not None:
            common["meta__steps"] = args.steps
        start, cpu = time.perf_counter(), time.process_time()
        try:
            if kind == "compare":
                compare("foom", POLICIES, replicates=points * args.replicates,
                        trajectory_points=args.trajectory_points, **common)  # fmt: skip
            else:
                kept = args.trajectory_points if kind == "explore" else 0
                explore("foom", POLICIES, UNCERTAIN, samples=points, replicates=args.replicates,
                        trajectory_points=kept, **common)  # fmt: skip
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        finally:
            executor.close()
        return seconds, cpu, folder_bytes(Path(out))


def runs_of(points: int, args: argparse.Namespace) -> int:
    """Runs of each experiment: every policy and ``none`` at every point and replicate."""
    return (len(POLICIES) + 1) * points * args.replicates


def timing(args: argparse.Namespace) -> dict[str, int]:
    """The interleaved rounds: print per-run times and both time ratios; return the sizes."""
    runs = runs_of(args.points, args)
    design = f"{len(POLICIES) + 1} policies x {args.points} points x {args.replicates} replicates"
    steps = "" if args.steps is None else f", {args.steps} steps each"
    print(f"each experiment: {runs} runs of foom{steps} ({design}) on {args.executor}, "
          f"{args.repeat} rounds")  # fmt: skip
    seconds: dict[str, list[float]] = {k: [] for k in KINDS}
    cpu: dict[str, list[float]] = {k: [] for k in KINDS}
    sizes: dict[str, int] = {}
    for round_ in range(args.repeat):
        print(f"round {round_ + 1}: {load()}", flush=True)
        shift = round_ % len(KINDS)  # each kind goes first in turn: no place in a round favoured
        for kind in KINDS[shift:] + KINDS[:shift]:
            t, c, sizes[kind] = experiment(kind, args.points, args)
            seconds[kind].append(t)
            cpu[kind].append(c)
            print(f"  {kind:26s} {t:9.1f} s  {1000 * t / runs:8.1f} ms/run  "
                  f"(CPU {1000 * c / runs:8.1f} ms/run)", flush=True)  # fmt: skip
    print(f"after: {load()}")
    for kind in KINDS:
        per_run = [1000 * t / runs for t in seconds[kind]]
        print(f"{kind:26s} ms/run {spread(per_run):>24s}  {sizes[kind] / 1024:10.1f} KiB")
    clocks = {"wall": seconds}
    if args.executor == "serial":  # the runs' CPU is this process's only on the serial executor
        clocks["CPU"] = cpu
    ratios = {
        "explore / compare, per run (target <= 1)": ("explore", "compare"),
        "explore with / without trajectories, time (target < 1.2)": (
            "explore",
            "explore, no trajectories",
        ),
    }
    for clock, times in clocks.items():
        for label, (a, b) in ratios.items():
            within = [x / y for x, y in zip(times[a], times[b], strict=True)]
            print(f"{label}, {clock} time: {median(within):.3f} (median of {len(within)} rounds;"
                  f" rounds {', '.join(f'{r:.3f}' for r in within)})")  # fmt: skip
    return sizes


def size_ratio(sizes: dict[str, int], runs: int) -> str:
    """The size ratio, with both sizes and the bytes per run."""
    kept, bare = sizes["explore"], sizes["explore, no trajectories"]
    return (
        f"{kept / bare:.3f}x ({kept / 1024:.1f} / {bare / 1024:.1f} KiB; "
        f"{kept / runs:.0f} / {bare / runs:.0f} bytes per run)"
    )


def per_run(args: argparse.Namespace) -> None:
    """Simulate and thin, run by run, in this process: the medians and their ratio."""
    simulated, thinned = [], []
    before = load()
    for seed in range(args.per_run):
        start = time.perf_counter()
        result = simulate("foom", seed=seed, steps=args.steps)
        simulated.append(time.perf_counter() - start)
        meta = result.scenario.meta
        every = grid_spacing(meta.steps * meta.months_per_step / 12.0, args.trajectory_points)
        start = time.perf_counter()
        trajectory_of(result, every)
        thinned.append(time.perf_counter() - start)
    run_s, thin_s = statistics.median(simulated), statistics.median(thinned)
    print(f"per run, in this process ({args.per_run} runs, median): simulate {1000 * run_s:.1f} "
          f"ms, thin its trajectory {1000 * thin_s:.2f} ms = {thin_s / run_s:+.2%} of the run "
          f"({before} -> {load()})")  # fmt: skip


def main() -> None:
    """Time the three experiments in turn and print the ratios and sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=16)
    parser.add_argument("--replicates", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--executor", default="serial")
    parser.add_argument("--trajectory-points", type=int, default=DEFAULT_POINTS)
    parser.add_argument("--full", action="store_true", help="256 points x 4, process executor")
    parser.add_argument("--sizes", default="", help="also the size ratio at these points")
    parser.add_argument("--per-run", type=int, default=0, help="runs of the per-run timing")
    parser.add_argument("--plot", action="store_true", help="draw the figures too")
    parser.add_argument("--steps", type=int, default=None, help="steps per run (default: foom's)")
    args = parser.parse_args()
    if args.full:
        args.points, args.replicates, args.executor = 256, 4, "process"
    sizes = timing(args) if args.repeat > 0 else {}
    if sizes:
        print(f"size ratio, {runs_of(args.points, args)} runs: "
              f"{size_ratio(sizes, runs_of(args.points, args))} (target < 2x)")  # fmt: skip
    for points in (int(p) for p in args.sizes.split(",") if p.strip()):
        at = {k: experiment(k, points, args)[2] for k in KINDS[:2]}
        print(f"size ratio, {runs_of(points, args)} runs: {size_ratio(at, runs_of(points, args))}")
    if args.per_run:
        per_run(args)
    print(f"end: {load()}")


if __name__ == "__main__":
    main()
