"""Seconds per run of ``forecast`` against ``compare`` (target: a forecast as fast per run).

A forecast is a comparison whose runs each take a draw of the posterior, so per run it
should cost what ``compare`` costs; the posterior's own fit is timed apart, by
``benchmarks/evidence_posterior.py``. The library's posterior is fitted once, then in
each round three experiments (same arms, replicates, seed and executor) run in fresh
interpreters, one after the other, so all see the same background load:

- ``compare``: ``compare foom``, every run with foom's own parameters;
- ``same worlds``: ``compare foom`` with ``draws=`` the forecast's pool, so each run is
  the world the forecast runs (same seed, same drawn parameters, same results);
- ``forecast``: ``forecast foom --posterior``.

``forecast / same worlds`` is what the forecast adds per run (the target: at most 1,
within noise); ``same worlds / compare`` is what the drawn worlds themselves cost
against foom's own (worlds whose compute grows as the evidence says train more AGIs).
Prints the median seconds per run of each, wall-clock and CPU (this process's and its
workers'), their ratios, and the load average. The machine is shared: read the ratios,
not the seconds, and on a loaded machine the CPU ratio (which waiting for a core does
not inflate) before the wall-clock one.

    python benchmarks/forecast_throughput.py [--runs 1000] [--repeat 3] [--executor process]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from _harness import CURRENT_SRC, interleaved, load, median, python_in, spread, tree_cpu

ARMS = ["pause:above=1.5"]


def timed(kind: str, runs: int, executor_name: str, posterior: str, steps: int) -> dict:
    """Wall-clock and CPU seconds of one compare or forecast of ``runs`` replicates per arm.

    CPU is this process's and its workers', counted before the executor closes.
    """
    from agi_economy.evidence.forecast import forecast
    from agi_economy.experiment import compare, make_executor

    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        executor = make_executor(executor_name, None)
        common = {"out": out, "replicates": runs, "seed": 2024, "executor": executor}
        common.update(plot=False, meta__steps=steps)
        try:
            if kind == "compare":
                compare("foom", ARMS, **common)
            elif kind == "same worlds":
                compare("foom", ARMS, draws=forecast_pool(Path(posterior)), **common)
            else:
                forecast("foom", ARMS, posterior_from=Path(posterior), **common)
            cpu = tree_cpu()
        finally:
            executor.close()
        return {"wall": time.perf_counter() - start, "cpu": cpu}


def forecast_pool(posterior: Path):
    """The draws a forecast of ``foom`` takes from the posterior saved in ``posterior``."""
    from agi_economy.evidence.drawn import compute_targets, pool_from, saved_families
    from agi_economy.evidence.forecast import targets_for
    from agi_economy.scenario import load_scenario

    cfg = load_scenario("foom")
    families = saved_families(posterior)
    return pool_from(posterior, {**targets_for(cfg), **compute_targets(cfg, "spending", families)})


def measurement(kind: str, runs: int, executor: str, posterior: str, steps: int):
    """Seconds of one ``kind`` experiment in a fresh interpreter."""
    code = (
        "import json, sys, forecast_throughput as f; "
        "print(json.dumps(f.timed(sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], "
        "int(sys.argv[5]))))"
    )
    args = (kind, str(runs), executor, posterior, str(steps))
    return lambda: python_in(CURRENT_SRC, code, *args)


def main() -> None:
    """Fit the posterior once, then time compare and forecast in interleaved rounds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000, help="replicates per arm")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; medians are reported")
    parser.add_argument("--executor", default="process")
    parser.add_argument("--steps", type=int, default=120, help="steps per run (foom's: 120)")
    args = parser.parse_args()
    total = (len(ARMS) + 1) * args.runs
    print(f"foom, none + {ARMS[0]}, {args.runs} runs per arm = {total} runs, {args.executor}")
    print(f"{load()} (before)", flush=True)
    from agi_economy.evidence.drawn import save_posterior

    with tempfile.TemporaryDirectory() as posterior:
        save_posterior(Path(posterior))
        variants = {
            kind: measurement(kind, args.runs, args.executor, posterior, args.steps)
            for kind in ("compare", "same worlds", "forecast")
        }
        results = interleaved(variants, args.repeat)
    for clock in ("wall", "cpu"):
        per_run = {}
        for kind, rounds in results.items():
            seconds = [r[clock] for r in rounds]
            per_run[kind] = median(seconds) / total
            print(
                f"{kind:11s} {clock:4s} {spread(seconds)} s, "
                f"median {1000 * per_run[kind]:.2f} ms per run"
            )
        same = per_run["forecast"] / per_run["same worlds"]
        worlds = per_run["same worlds"] / per_run["compare"]
        print(
            f"{clock}: forecast / compare of the same worlds {same:.3f} (target <= 1); "
            f"those worlds / foom's own {worlds:.3f}; "
            f"forecast / compare of foom's own {per_run['forecast'] / per_run['compare']:.3f}"
        )
    print(f"{load()} (after)")


if __name__ == "__main__":
    main()
