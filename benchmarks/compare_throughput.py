"""Runs per second of ``compare foom`` (4 arms x 32 replicates) on serial and process.

Target: the process executor at least 1.7x serial on 2 cores. Times are wall-clock
for the whole comparison, worker start-up included, so they are what a user waits.
Other work on the machine slows the process executor most (it needs both cores):
note the load average printed, and use ``--repeat`` on a shared machine.

    python benchmarks/compare_throughput.py [--replicates 32] [--workers N] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

from agi_economy.experiment import compare, make_executor

ARMS = ["pause:above=1.5", "audit_mandate:rate=0.8,interpretability=0.5", "rsi_gating"]


def timed(executor_name: str, replicates: int, workers: int | None, overrides: dict) -> float:
    """Seconds for one comparison on the named executor."""
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


def main() -> None:
    """Time both executors and print runs per second and the speed-up."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=32)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--steps", type=int, default=None, help="steps per run (default: foom's)")
    parser.add_argument(
        "--repeat", type=int, default=1, help="time each executor this often; report the best"
    )
    args = parser.parse_args()
    overrides = {} if args.steps is None else {"meta__steps": args.steps}
    runs = (len(ARMS) + 1) * args.replicates
    print(f"compare foom: none + {len(ARMS)} policies x {args.replicates} replicates = {runs} runs")
    print(f"cores: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.2f}")
    rates = {}
    for _ in range(args.repeat):
        for name in ("serial", "process"):  # interleaved, so both see the same background load
            seconds = timed(name, args.replicates, args.workers, overrides)
            rates[name] = max(rates.get(name, 0.0), runs / seconds)
            print(f"{name:8s} {seconds:7.1f} s  {runs / seconds:6.2f} runs/s", flush=True)
    if args.repeat > 1:
        best = ", ".join(f"{k} {v:.2f} runs/s" for k, v in rates.items())
        print(f"best of {args.repeat} (later process rounds reuse the warm fork server): {best}")
    print(f"speed-up process / serial: {rates['process'] / rates['serial']:.2f}x (target >= 1.7)")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
