"""CPU per run of one ``compare foom`` on Dask over the same on the process pool.

Target: Dask / process at most 1.15. Each comparison runs in a fresh interpreter,
which starts its executor, runs ``compare foom`` (baseline and three policy arms)
and, before closing the executor, adds up the CPU time of itself and of every
process it started (pool workers and their fork server, Dask's nannies and workers;
the Dask scheduler and the nannies run in the interpreter itself). Executors
alternate round by round; the script prints medians, the ratio, and how the CPU
splits between the parent and the workers.

Part of each executor's cost is fixed: starting it (importing Dask, the scheduler,
TLS credentials, the fork server's import of the model, workers registering).
Each round also starts each executor in a fresh interpreter, waits until every
worker has run a trivial task, and counts the CPU that took; the script prints it
and the ratio of CPU per run without it, which is what a long experiment tends to.

    python benchmarks/dask_cost.py [--replicates 32] [--repeat 3] [--baseline SRC]
"""

from __future__ import annotations

import argparse
import tempfile

from _harness import interleaved, load, median, python_in, spread, tree_cpu, trees

ARMS = ["pause:above=1.5", "audit_mandate:rate=0.8,interpretability=0.5", "rsi_gating"]


def _cpu(process) -> float:
    times = process.cpu_times()
    return times.user + times.system + times.children_user + times.children_system


def child(executor_name: str, replicates: int) -> dict:
    """Run one comparison here; CPU seconds of this process and of its descendants."""
    import psutil

    from agi_economy.experiment import compare, make_executor

    executor = make_executor(executor_name, None)
    try:
        with tempfile.TemporaryDirectory() as out:
            compare(
                "foom", ARMS, out=out, replicates=replicates, seed=2024,
                executor=executor, plot=False,
            )  # fmt: skip
        me = psutil.Process()
        parent = _cpu(me)
        others = tree_cpu() - parent
    finally:
        executor.close()
    return {"parent": parent, "others": others, "runs": replicates * (len(ARMS) + 1)}


def started(executor_name: str) -> dict:
    """Start an executor here until every worker has run a task; CPU seconds it took."""
    import psutil

    from agi_economy.experiment import make_executor
    from agi_economy.experiment.executors import _ready

    me = psutil.Process()
    before = _cpu(me)
    executor = make_executor(executor_name, None)
    try:
        list(executor.map_unordered(_ready, range(executor.workers)))
        now = _cpu(me)
        others, parent = tree_cpu() - now, now - before
    finally:
        executor.close()
    return {"parent": parent, "others": others}


def measure(src, executor_name: str, replicates: int) -> dict:
    """One comparison in a fresh interpreter using the tree ``src``."""
    code = (
        "import json, sys, dask_cost; "
        "print(json.dumps(dask_cost.child(sys.argv[1], int(sys.argv[2]))))"
    )
    run = python_in(src, code, executor_name, str(replicates))
    code = "import json, sys, dask_cost; print(json.dumps(dask_cost.started(sys.argv[1])))"
    start = python_in(src, code, executor_name)
    return {**run, "start": start["parent"] + start["others"]}


def main() -> None:
    """Print CPU per run for each executor and tree, and Dask / process."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--baseline", action="append", help="an older tree to compare: SRC or NAME=SRC (repeatable)"
    )
    args = parser.parse_args()
    runs = args.replicates * (len(ARMS) + 1)
    print(f"compare foom, {runs} runs, median of {args.repeat} rounds; {load()}", flush=True)
    for tree, src in trees(args.baseline).items():
        variants = {
            name: (lambda s=src, e=name: measure(s, e, args.replicates))
            for name in ("process", "dask")
        }
        results = interleaved(variants, args.repeat)
        per_run, steady = {}, {}
        for name, rounds in results.items():
            totals = [(r["parent"] + r["others"]) / r["runs"] for r in rounds]
            per_run[name] = median(totals)
            parent = median([r["parent"] / r["runs"] for r in rounds])
            start = median([r["start"] for r in rounds])
            steady[name] = median(
                [(r["parent"] + r["others"] - r["start"]) / r["runs"] for r in rounds]
            )
            print(
                f"{tree:6s} {name:8s} CPU per run {spread(totals)} s "
                f"(parent {parent:.3f} s, started processes {per_run[name] - parent:.3f} s); "
                f"start-up {start:.2f} s, CPU per run without it {steady[name]:.4f} s",
                flush=True,
            )
        print(f"{tree:6s} dask / process CPU per run: {per_run['dask'] / per_run['process']:.2f}")
        print(
            f"{tree:6s} dask / process CPU per run without start-up: "
            f"{steady['dask'] / steady['process']:.2f}"
        )
    print(load())


if __name__ == "__main__":
    main()
