"""Cost of a late step of an explosive run: the last step of a ``foom`` run over its first.

A 120-step ``foom`` run at 100,000 people, takeover disabled (threshold 1), timing
every step. Escaped systems' reach grows to the whole population; the target is that
the last step costs at most twice the first (median of the last five over the median
of steps 2-6, so that one slow moment of a shared machine does not decide it). Each
run is a fresh interpreter; with ``--baseline SRC`` an older source tree runs in the
same rounds and the script prints after / before.

    python benchmarks/foom_late_step.py [--people 100000] [--steps 120] [--repeat 3]
"""

from __future__ import annotations

import argparse

from _harness import interleaved, load, median, python_in, spread, trees

CHILD = """
import json, statistics, sys, time
from agi_economy import AGIEconomy

n, steps = int(sys.argv[1]), int(sys.argv[2])
model = AGIEconomy(
    "foom", seed=1, humans__count=n, meta__steps=steps, economy__takeover_threshold=1.0
)
times = []
while model.running:
    start = time.perf_counter()
    model.step()
    times.append(time.perf_counter() - start)
escaped = [a for a in model.agis if a.status == "escaped"]
print(json.dumps({
    "first": statistics.median(times[1:6]),
    "last": statistics.median(times[-5:]),
    "escaped": len(escaped),
    "reach": max((a.reach.size for a in escaped), default=0) / n,
}))
"""


def main() -> None:
    """Print first and last step times, their ratio, for each tree."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--steps", type=int, default=120)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", default=None, help="an older source tree to compare")
    args = parser.parse_args()
    print(f"foom, {args.people} people, {args.steps} steps, takeover off; {load()}", flush=True)
    chosen = trees(args.baseline)
    variants = {
        tree: (lambda s=src: python_in(s, CHILD, str(args.people), str(args.steps)))
        for tree, src in chosen.items()
    }
    ratios = {}
    for tree, rounds in interleaved(variants, args.repeat).items():
        first = [r["first"] * 1e3 for r in rounds]
        last = [r["last"] * 1e3 for r in rounds]
        ratio = [r["last"] / r["first"] for r in rounds]
        ratios[tree] = median(ratio)
        print(
            f"{tree:6s} first {spread(first)} ms, last {spread(last)} ms, "
            f"last / first {spread(ratio)} (target <= 2); escaped {rounds[0]['escaped']}, "
            f"largest reach {rounds[0]['reach']:.0%}",
            flush=True,
        )
    if "before" in ratios:
        print(f"last / first, after / before: {ratios['after'] / ratios['before']:.3g}")
    print(load())


if __name__ == "__main__":
    main()
