"""Cost of AGIs in a step against the cost of people, and the step's per-person ratios.

In one process, round after round (interleaved), the script times one step of each
of these worlds and reports each figure's median over the rounds:

- ``agis``: the default number of people with 2,000 AGIs (20 labs of 100, training
  off so that the count stays), against ``people``: 100,000 people with the default
  labs and AGIs (training off likewise). The target: the first costs less than the
  second (2,000 AGIs cost less than the 100,000 people they live among). ``base``,
  the default world, gives the cost per AGI, (agis - base) / (2,000 - its AGIs).
- ``step_cost.py``'s worlds (20 labs, 200 AGIs) at 100,000 and 1,000,000 people: the
  step over Mesa's ``shuffle_do`` of an empty method over the same agents (target at
  most 0.05 at 100,000, no worse at 1,000,000) and over the time to copy once the
  bytes the step reads (target at most 4). Each ratio is the best step over the best
  ``shuffle_do`` (or copy), as ``step_cost.py`` gives it: between the other worlds'
  steps the agents fall out of the caches, and a median ``shuffle_do`` here is up to
  twice its best, which would flatter the ratio.

Each figure is given as wall-clock time and as the process's CPU time: on a loaded
machine the first includes time spent waiting for a core. ``--phases`` then splits the
``agis`` world's step (a fresh copy, after the figures above) into its phases and the
recording, in CPU time per step, to show where the cost per AGI lies.

    python benchmarks/agi_cost.py [--repeat 15] [--large 1000000] [--phases]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np

import agi_economy.model as model_module
from _harness import load, median, spread
from agi_economy import AGIEconomy
from agi_economy.recorder import Recorder
from step_cost import _noop, build, touched_bytes

AGIS = 2_000


def world(people: int | None, labs: int | None, per_lab: int | None) -> AGIEconomy:
    """The default scenario with training off; other counts where given."""
    overrides = {"labs__training_threshold": 1e9, "meta__steps": 100_000}
    if people is not None:
        overrides["humans__count"] = people
    if labs is not None:
        overrides |= {
            "labs__count": labs,
            "labs__careless": 0,
            "agis__initial_per_lab": per_lab,
            "agis__max_agis": labs * per_lab,
        }
    return AGIEconomy("slow_takeoff", seed=7, **overrides)


def timed(fn: Callable[[], object], times: int = 1) -> tuple[float, float]:
    """Wall-clock and CPU seconds per call of ``fn``, over ``times`` calls in a row."""
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(times):
        fn()
    return (time.perf_counter() - wall) / times, (time.process_time() - cpu) / times


def active(model: AGIEconomy) -> int:
    """AGIs still running."""
    return sum(a.active for a in model.agis)


PHASES = ("choose_safety", "run_labs", "self_improve", "contain", "run_economy", "check_takeover")


def phases(repeat: int) -> dict[str, list[float]]:
    """CPU ms per step of each phase of the ``agis`` world's step, ``repeat`` rounds of 5.

    Each phase the step calls (and the recorder's ``collect``) is wrapped in a timer for
    the measurement and restored after it; ``rest`` is the step less those.
    """
    spent: dict[str, float] = {}

    def timer(name: str, fn: Callable) -> Callable:
        def timed_call(*args, **kwargs):
            start = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.process_time() - start

        return timed_call

    saved = {name: getattr(model_module, name) for name in PHASES}
    collect = Recorder.collect
    try:
        for name, fn in saved.items():
            setattr(model_module, name, timer(name, fn))
        Recorder.collect = timer("record", collect)
        model = world(None, 20, AGIS // 20)
        for _ in range(3):
            model.step()
        rounds: dict[str, list[float]] = {}
        for _ in range(repeat):
            spent.clear()
            step = timed(model.step, 5)[1] * 1e3
            per_step = {name: spent.get(name, 0.0) / 5 * 1e3 for name in (*PHASES, "record")}
            per_step["rest"] = step - sum(per_step.values())
            per_step["step"] = step
            for name, value in per_step.items():
                rounds.setdefault(name, []).append(value)
        return rounds
    finally:
        for name, fn in saved.items():
            setattr(model_module, name, fn)
        Recorder.collect = collect


def main() -> None:
    """Build the worlds, warm them up, time them in turn and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--large", type=int, default=1_000_000, help="the larger world")
    parser.add_argument("--phases", action="store_true", help="split the agis step by phase")
    args = parser.parse_args()
    print(f"start: {load()}", flush=True)
    small = {
        "base": world(None, None, None),
        "agis": world(None, 20, AGIS // 20),
        "people": world(100_000, None, None),
    }
    ratio_worlds = {n: build(n, 7) for n in (100_000, args.large)}
    copies = {}
    for n, model in ratio_worlds.items():
        model.people  # noqa: B018 (people's Mesa agents, for shuffle_do)
        for agent_type in model.agent_types:
            agent_type.noop = _noop
        source = np.ones(touched_bytes(model), dtype=np.uint8)
        copies[n] = (source, np.empty_like(source))
    for model in (*small.values(), *ratio_worlds.values()):
        for _ in range(3):
            model.step()
    start_agis = {name: active(m) for name, m in small.items()}
    seconds: dict[str, list[tuple[float, float]]] = {name: [] for name in small}
    ratios: dict[str, list[tuple[float, float]]] = {}
    for _ in range(args.repeat):
        for name, model in small.items():
            seconds[name].append(timed(model.step, 5 if name != "people" else 1))
        for n, model in ratio_worlds.items():
            source, target = copies[n]
            step = timed(model.step)
            shuffle = timed(lambda m=model: m.agents.shuffle_do("noop"))
            copy = timed(lambda s=source, t=target: np.copyto(t, s))
            for key, value in (("step", step), ("shuffle_do", shuffle), ("copy", copy)):
                ratios.setdefault(f"{key} ms {n}", []).append(tuple(v * 1e3 for v in value))
    print(f"median [min-max] of {args.repeat} interleaved rounds; wall clock | CPU time")
    for name, model in small.items():
        wall, cpu = ([s[i] * 1e3 for s in seconds[name]] for i in (0, 1))
        print(
            f"{name:7s} {model.population.n:>7} people, {start_agis[name]:>5}-{active(model)} "
            f"active AGIs: step ms {spread(wall)} | {spread(cpu)}"
        )
    for i, clock in enumerate(("wall clock", "CPU time")):
        agis, people, base = (
            median([s[i] for s in seconds[k]]) for k in ("agis", "people", "base")
        )
        per_agi = (agis - base) / max(start_agis["agis"] - start_agis["base"], 1)
        print(
            f"{clock}: step with {AGIS} AGIs / step at 100,000 people {agis / people:.3g} "
            f"(target < 1); cost per AGI {per_agi * 1e6:.3g} us"
        )
    for key, values in ratios.items():
        print(f"{key:>24}: {spread([v[0] for v in values])} | {spread([v[1] for v in values])}")
    for n in ratio_worlds:
        for key in ("shuffle_do", "copy"):
            steps, others = ratios[f"step ms {n}"], ratios[f"{key} ms {n}"]
            best = [min(v[i] for v in steps) / min(v[i] for v in others) for i in (0, 1)]
            label = f"step/{key} {n}"
            print(f"{label:>24}: {best[0]:.3g} | {best[1]:.3g} (best / best)")
    if args.phases:
        print(f"agis world's step by phase, CPU ms per step, median [min-max] of {args.repeat}:")
        for name, values in phases(args.repeat).items():
            print(f"{name:>24}: {spread(values)}")
    print(f"end: {load()}")


if __name__ == "__main__":
    main()
