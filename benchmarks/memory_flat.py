"""Memory of a long ``compare`` over a short one, per executor (target: at most 1.2).

Each comparison runs in a fresh interpreter: ``compare foom`` with the baseline and
one policy arm, ``--small`` and ``--large`` runs in all. The script reports the peak
resident memory of the parent process and of the largest worker, and the ratio of
the large comparison's peak to the small one's. With ``--baseline SRC`` it measures
an older source tree too, interleaved with this one. Memory does not depend on the
machine's load, but the rounds are interleaved and repeated like every benchmark.

    python benchmarks/memory_flat.py [--large 1000] [--small 10] [--executors serial process]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from _harness import interleaved, load, median, python_in, trees

ARMS = ["pause:above=1.5"]


def _peak_kb(pid: int | str = "self") -> int:
    """Peak resident memory of a process [KiB] (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _worker_peak_kb() -> int:
    """This Dask worker's peak resident memory [KiB]."""
    return _peak_kb()


def child(executor_name: str, runs: int, steps: int | None) -> dict:
    """Run one comparison here; the parent's and the largest worker's peak [MiB]."""
    from agi_economy.experiment import compare, make_executor

    overrides = {} if steps is None else {"meta__steps": steps}
    executor = make_executor(executor_name, None)
    # Start the pool first: a new pool's parent runs items itself until its workers are
    # up, and in a short comparison the workers would otherwise run nothing at all.
    list(executor.map_unordered(abs, [0] * 2))
    try:
        with tempfile.TemporaryDirectory() as out:
            compare(
                "foom",
                ARMS,
                out=out,
                replicates=runs // (len(ARMS) + 1),
                seed=2024,
                executor=executor,
                plot=False,
                **overrides,
            )
        workers = [0]
        if executor_name == "process":
            workers = [_peak_kb(pid) for pid in executor._pool._processes]
        elif executor_name == "dask":
            workers = list(executor.client.run(_worker_peak_kb).values())
    finally:
        executor.close()
    parent = _peak_kb()
    return {"parent": parent / 1024, "worker": max(workers) / 1024}


def measure(src: Path, executor_name: str, runs: int, steps: int | None) -> dict:
    """One comparison in a fresh interpreter using the tree ``src``."""
    code = (
        "import json, sys, memory_flat; "
        "print(json.dumps(memory_flat.child(sys.argv[1], int(sys.argv[2]), "
        "None if sys.argv[3] == 'None' else int(sys.argv[3]))))"
    )
    return python_in(src, code, executor_name, str(runs), str(steps))


def main() -> None:
    """Print peaks and ratios for each executor and tree."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=int, default=1000)
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--executors", nargs="+", default=["serial", "process", "dask"])
    parser.add_argument("--steps", type=int, default=None, help="steps per run (default: foom's)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--baseline", action="append", help="an older tree to compare: SRC or NAME=SRC (repeatable)"
    )
    args = parser.parse_args()
    print(f"compare foom, {args.large} runs / {args.small} runs; {load()}", flush=True)
    for executor_name in args.executors:
        variants = {}
        for tree, src in trees(args.baseline).items():
            for runs in (args.small, args.large):
                variants[(tree, runs)] = lambda s=src, r=runs, e=executor_name: measure(
                    s, e, r, args.steps
                )
        results = interleaved(variants, args.repeat)
        for tree in trees(args.baseline):
            small, large = results[(tree, args.small)], results[(tree, args.large)]
            for who in ("parent", "worker"):
                if executor_name == "serial" and who == "worker":
                    continue
                s = median([r[who] for r in small])
                big = median([r[who] for r in large])
                print(
                    f"{executor_name:8s} {tree:6s} {who:6s} {s:8.0f} MiB -> {big:8.0f} MiB"
                    f"  ratio {big / s:5.2f} (target <= 1.2)",
                    flush=True,
                )
    print(load())


if __name__ == "__main__":
    main()
