"""CPU and wall time of ``economy.gini`` against the rank-weighted BLAS dot it replaced.

The old form, ``2 dot(ranks, x) / (n sum x) - (n + 1) / n``, calls BLAS, whose
threads can spin on another core: CPU time (all threads of this process) then
exceeds wall time. The script times both forms in turn over people's wealth,
repeated, and prints medians, the CPU / wall ratio of each and new / old.

    python benchmarks/gini_cost.py [--people 20000 100000 1000000] [--repeat 21]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from _harness import interleaved, load, median
from agi_economy.economy import gini


def gini_dot(values: np.ndarray) -> float:
    """The previous implementation, kept here as the reference to beat."""
    x = np.sort(np.asarray(values, dtype=float))
    n = x.size
    total = x.sum()
    if n == 0 or total <= 0.0:
        return 0.0
    ranks = np.arange(1, n + 1)
    return float((2.0 * np.dot(ranks, x) / (n * total)) - (n + 1) / n)


def timing(fn, x: np.ndarray, calls: int):
    """Measure ``calls`` calls of ``fn(x)``: (wall, cpu) seconds per call."""

    def measure() -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(calls):
            fn(x)
        return (time.perf_counter() - wall) / calls, (time.process_time() - cpu) / calls

    return measure


def main() -> None:
    """Print the medians for each size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, nargs="+", default=[20_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    print(f"gini: median of {args.repeat} interleaved rounds; {load()}")
    print(f"{'people':>9} {'form':>5} {'wall ms':>9} {'cpu ms':>9} {'cpu/wall':>9}")
    for n in args.people:
        x = np.random.default_rng(1).lognormal(0.0, 1.0, n)
        assert abs(gini(x) - gini_dot(x)) < 1e-9
        calls = max(1, 2_000_000 // n)
        res = interleaved(
            {"dot": timing(gini_dot, x, calls), "new": timing(gini, x, calls)}, args.repeat
        )
        cpu = {}
        for form, rounds in res.items():
            wall, cpu[form] = median([r[0] for r in rounds]), median([r[1] for r in rounds])
            ms = f"{wall * 1e3:>9.3f} {cpu[form] * 1e3:>9.3f}"
            print(f"{n:>9} {form:>5} {ms} {cpu[form] / wall:>9.2f}")
        print(f"{n:>9} cpu new / dot: {cpu['new'] / cpu['dot']:.2f}")
    print(load())


if __name__ == "__main__":
    main()
