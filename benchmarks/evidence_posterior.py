"""Time of the evidence posterior for the whole library (target: under a minute on 2 cores).

Runs ``agi-economy evidence posterior`` in fresh processes (so each includes the import of
JAX and the compilation of the sampler, as a user sees it), then times repeated in-process
fits (compiled once per fit). Prints wall and CPU seconds, the median over repeats, and
the load average, since a shared machine's wall time says more about the load than the
code.

    python benchmarks/evidence_posterior.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def cold_run(out: str) -> tuple[float, float]:
    """Wall and CPU seconds of one ``evidence posterior`` command in a fresh process."""
    start = time.perf_counter()
    before = os.times()
    subprocess.run(
        [sys.executable, "-m", "agi_economy", "evidence", "posterior", "--out", out],
        check=True,
        capture_output=True,
    )
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return time.perf_counter() - start, cpu


def warm_fit(data) -> tuple[float, float]:
    """Wall and CPU seconds of one in-process fit of the library."""
    from agi_economy.evidence.posterior import fit

    start, cpu0 = time.perf_counter(), time.process_time()
    fit(data, seed=0)
    return time.perf_counter() - start, time.process_time() - cpu0


def main() -> None:
    """Print the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    from agi_economy.evidence import builtin_sources
    from agi_economy.evidence.mapping import to_datum

    data = [to_datum(s) for s in builtin_sources()]
    print(f"load average before: {os.getloadavg()[0]:.2f} (cores: {os.cpu_count()})")
    with tempfile.TemporaryDirectory() as out:
        cold = [cold_run(out) for _ in range(args.repeats)]
    warm = [warm_fit(data) for _ in range(args.repeats)]
    for name, runs in (("command (fresh process)", cold), ("fit (in process)", warm)):
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        print(f"{name:24s} median wall {wall:6.1f} s, median CPU {cpu:6.1f} s ({len(runs)} runs)")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
