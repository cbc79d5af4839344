"""Cost of one full model step relative to Mesa's own ``AgentSet.shuffle_do``.

For each population size the script builds the model (200 AGIs, 20 labs), warms it
up, times full steps, then times ``model.agents.shuffle_do`` of an empty method over
the same agents in the same process (people's Mesa agents are built for it: a run
itself never builds them), and prints the ratio. The targets: 0.05 or less at 100,000
people, no worse at 1,000,000. It also prints the step over the time to copy, once,
the bytes of the arrays a step reads (people's wealth, productivity and ties, the
sharing matrix): at most 4.

    python benchmarks/step_cost.py [--humans 10000 100000] [--steps 20]
"""

from __future__ import annotations

import argparse
import os
import time

import mesa
import numpy as np

from agi_economy import AGIEconomy


def _noop(self) -> None:
    """An empty agent method for Mesa's activation loop."""


def build(humans: int, seed: int) -> AGIEconomy:
    """A world with ``humans`` people, 20 labs and 200 running AGIs."""
    return AGIEconomy(
        "slow_takeoff",
        seed=seed,
        humans__count=humans,
        labs__count=20,
        labs__careless=0,
        agis__initial_per_lab=10,
        agis__max_agis=200,
        labs__training_threshold=1e9,  # keep the 200 AGIs of the brief during the timing
        meta__steps=10_000,
    )


def best_of(fn, repeats: int) -> float:
    """Fastest of ``repeats`` timings of ``fn`` [s]."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def touched_bytes(model: AGIEconomy) -> int:
    """Bytes of the people's arrays one step reads."""
    pop = model.population
    spread = pop.ties.spread
    arrays = (pop.wealth, pop.productivity, pop.ties.has_ties)
    return sum(a.nbytes for a in arrays) + sum(
        a.nbytes for a in (spread.data, spread.indices, spread.indptr)
    )


def measure(humans: int, steps: int, seed: int) -> tuple[float, float, float, int]:
    """Seconds per model step, per shuffle_do, per copy of the touched bytes; agents."""
    model = build(humans, seed)
    for _ in range(3):
        model.step()
    source = np.ones(touched_bytes(model), dtype=np.uint8)
    target = np.empty_like(source)
    step = copy = shuffle = float("inf")
    model.people  # noqa: B018 (people's Mesa agents, for shuffle_do)
    for agent_type in model.agent_types:
        agent_type.noop = _noop
    for _ in range(steps):  # interleaved, best of each
        step = min(step, best_of(model.step, 1))
        copy = min(copy, best_of(lambda: np.copyto(target, source), 1))
        shuffle = min(shuffle, best_of(lambda: model.agents.shuffle_do("noop"), 1))
    return step, shuffle, copy, len(model.agents)


def main() -> None:
    """Print the figures for each population size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--humans", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"mesa {mesa.__version__}; best of {args.steps} steps; load average {load:.2f}")
    print(
        f"{'humans':>8} {'agents':>8} {'step ms':>9} {'shuffle_do ms':>14} {'ratio':>7} "
        f"{'copy ms':>8} {'step/copy':>9}"
    )
    for humans in args.humans:
        step, shuffle, copy, agents = measure(humans, args.steps, args.seed)
        print(
            f"{humans:>8} {agents:>8} {step * 1e3:>9.2f} {shuffle * 1e3:>14.2f} "
            f"{step / shuffle:>7.3f} {copy * 1e3:>8.3f} {step / copy:>9.2f}"
        )
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
