"""Build time of a world and peak memory per person, at 100,000 and 1,000,000 people.

Each build runs in a fresh interpreter (so its peak memory is its own): the
``slow_takeoff`` scenario with ``--people`` people, timed from the call to
``AGIEconomy`` to its return. Peak memory per person is the interpreter's peak
resident memory minus what it held just before the build, over the people. With
``--baseline SRC`` an older source tree is measured in turn with this one, and the
script prints after / before of the medians.

    python benchmarks/build_time.py [--people 100000 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse

from _harness import interleaved, load, median, python_in, spread, trees

CHILD = """
import json, sys, time
from pathlib import Path

def peak_kb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])

def rss_kb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])

from agi_economy import AGIEconomy
AGIEconomy("slow_takeoff", seed=1, humans__count=10)
n = int(sys.argv[1])
before = rss_kb()
start = time.perf_counter()
model = AGIEconomy("slow_takeoff", seed=1, humans__count=n)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "bytes_per_person": (peak_kb() - before) * 1024 / n}))
"""


def main() -> None:
    """Print build seconds and bytes per person for each size and tree."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", default=None, help="an older source tree to compare")
    args = parser.parse_args()
    print(f"build slow_takeoff, median of {args.repeat} interleaved rounds; {load()}", flush=True)
    chosen = trees(args.baseline)
    for n in args.people:
        variants = {
            tree: (lambda s=src, k=n: python_in(s, CHILD, str(k))) for tree, src in chosen.items()
        }
        results = interleaved(variants, args.repeat)
        medians = {}
        for tree, rounds in results.items():
            seconds = [r["seconds"] for r in rounds]
            per_person = median([r["bytes_per_person"] for r in rounds])
            medians[tree] = (median(seconds), per_person)
            print(
                f"{n:>9} people {tree:6s} build {spread(seconds)} s, "
                f"peak {per_person / 1024:.2f} KiB per person",
                flush=True,
            )
        if "before" in medians:
            (t0, m0), (t1, m1) = medians["before"], medians["after"]
            print(f"{n:>9} people after / before: time {t1 / t0:.2f}, memory {m1 / m0:.2f}")
    print(load())


if __name__ == "__main__":
    main()
