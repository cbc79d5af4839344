"""Runs per second of ``compare foom`` (4 arms x 32 replicates) on serial and process.

Target: the process executor at least 1.7x serial on 2 cores. Times are wall-clock
for the whole comparison, worker start-up included, so they are what a user waits.
Each comparison runs in a fresh interpreter, from Python (``compare(...)``) and, with
``--cli``, as the ``agi-economy compare`` command (which also draws its figure).
With ``--baseline SRC`` an older source tree runs in the same rounds and the script
prints after / before of the medians. Other work on the machine slows the process
executor most (it needs both cores): note the load average printed, and use
``--repeat`` on a shared machine.

    python benchmarks/compare_throughput.py [--replicates 32] [--repeat 3] [--cli]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time

from _harness import baselines, interleaved, load, median, python_in, spread, trees
from startup import command

ARMS = ["pause:above=1.5", "audit_mandate:rate=0.8,interpretability=0.5", "rsi_gating"]


def timed(executor_name: str, replicates: int, workers: int | None, overrides: dict) -> float:
    """Seconds for one comparison on the named executor, in this interpreter."""
    from agi_economy.experiment import compare, make_executor

    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        executor = make_executor(executor_name, workers)
        try:
            compare(
                "foom",
                ARMS,
                out=out,
                replicates=replicates,
                seed=2024,
                executor=executor,
                plot=False,
                **overrides,
            )
        finally:
            executor.close()
        return time.perf_counter() - start


def from_python(src, name: str, replicates: int, workers: int | None, steps: int | None):
    """A measurement: seconds of ``compare(...)`` in a fresh interpreter using ``src``."""
    code = (
        "import json, sys, compare_throughput as c; "
        "steps = None if sys.argv[4] == 'None' else int(sys.argv[4]); "
        "workers = None if sys.argv[3] == 'None' else int(sys.argv[3]); "
        "over = {} if steps is None else {'meta__steps': steps}; "
        "print(json.dumps(c.timed(sys.argv[1], int(sys.argv[2]), workers, over)))"
    )
    args = (name, str(replicates), str(workers), str(steps))
    return lambda: python_in(src, code, *args)


def from_cli(src, name: str, replicates: int, workers: int | None, steps: int | None):
    """A measurement: seconds of the ``agi-economy compare`` command using ``src``."""
    argv = [*command(), "compare", "foom", "-r", str(replicates), "--seed", "2024"]
    argv += ["--executor", name, *(f"--policy={arm}" for arm in ARMS)]
    argv += [] if workers is None else ["--workers", str(workers)]
    argv += [] if steps is None else ["--set", f"meta.steps={steps}"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src), str(src.parent)])}

    def measure() -> float:
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            subprocess.run([*argv, "--out", out], env=env, check=True, capture_output=True)
            return time.perf_counter() - start

    return measure


def main() -> None:
    """Time both executors and print runs per second and the speed-ups."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=32)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--steps", type=int, default=None, help="steps per run (default: foom's)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds; medians are reported")
    parser.add_argument("--cli", action="store_true", help="also time the command line")
    parser.add_argument(
        "--ways", nargs="+", choices=["python", "cli"], default=None, help="only these ways"
    )
    parser.add_argument(
        "--baseline", action="append", help="an older tree to compare: SRC or NAME=SRC (repeatable)"
    )
    args = parser.parse_args()
    runs = (len(ARMS) + 1) * args.replicates
    print(f"compare foom: none + {len(ARMS)} policies x {args.replicates} replicates = {runs} runs")
    print(f"median of {args.repeat} interleaved rounds; {load()}", flush=True)
    ways = {"python": from_python, **({"cli": from_cli} if args.cli else {})}
    if args.ways:
        ways = {way: {"python": from_python, "cli": from_cli}[way] for way in args.ways}
    variants = {
        (way, tree, name): make(src, name, args.replicates, args.workers, args.steps)
        for way, make in ways.items()
        for tree, src in trees(args.baseline).items()
        for name in ("serial", "process")  # interleaved: both see the same background load
    }
    results = interleaved(variants, args.repeat)
    rate = {key: runs / median(seconds) for key, seconds in results.items()}
    for (way, tree, name), seconds in results.items():
        per_second = rate[(way, tree, name)]
        print(f"{way:6s} {tree:6s} {name:8s} {spread(seconds)} s  {per_second:6.2f} runs/s")
    for way in ways:
        for tree in trees(args.baseline):
            speedup = rate[(way, tree, "process")] / rate[(way, tree, "serial")]
            print(f"{way:6s} {tree:6s} process / serial: {speedup:.2f}x (target >= 1.7)")
        for before in baselines(trees(args.baseline)):
            for name in ("serial", "process"):
                gain = rate[(way, "after", name)] / rate[(way, before, name)]
                print(f"{way:6s} {name:8s} runs/s after / {before}: {gain:.2f}x (target >= 2)")
    print(load())


if __name__ == "__main__":
    main()
