"""Cost of one full model step relative to Mesa's own ``AgentSet.shuffle_do``.

For each population size the script builds the model (200 AGIs, 20 labs), warms it
up, times full steps, then times ``model.agents.shuffle_do`` of an empty method over
the same agents in the same process, and prints the ratio. The target: 0.25 or less at
100,000 people, and no worse at 100,000 than at 10,000.

    python benchmarks/step_cost.py [--humans 10000 100000] [--steps 20]
"""

from __future__ import annotations

import argparse
import os
import time

import mesa

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
        meta__steps=10**6,
    )


def best_of(fn, repeats: int) -> float:
    """Fastest of ``repeats`` timings of ``fn`` [s]."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(humans: int, steps: int, seed: int) -> tuple[float, float, int]:
    """Seconds per model step, per shuffle_do, and the number of agents."""
    model = build(humans, seed)
    for agent_type in model.agent_types:
        agent_type.noop = _noop
    for _ in range(3):
        model.step()
    step = best_of(model.step, steps)
    shuffle = best_of(lambda: model.agents.shuffle_do("noop"), steps)
    return step, shuffle, len(model.agents)


def main() -> None:
    """Print the figures for each population size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--humans", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"mesa {mesa.__version__}; best of {args.steps} steps; load average {load:.2f}")
    print(f"{'humans':>8} {'agents':>8} {'step ms':>9} {'shuffle_do ms':>14} {'ratio':>7}")
    for humans in args.humans:
        step, shuffle, agents = measure(humans, args.steps, args.seed)
        ratio = step / shuffle
        print(f"{humans:>8} {agents:>8} {step * 1e3:>9.2f} {shuffle * 1e3:>14.2f} {ratio:>7.3f}")


if __name__ == "__main__":
    main()
