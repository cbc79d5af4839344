"""Cost of one full model step relative to Mesa's own ``AgentSet.shuffle_do``.

For each population size the script builds the model (200 AGIs, 20 labs), warms it
up, times full steps, then times ``model.agents.shuffle_do`` of an empty method over
the same agents in the same process (people's Mesa agents are built for it: a run
itself never builds them), and prints the ratio. The targets: 0.05 or less at 100,000
people, no worse at 1,000,000. It also prints the step over the time to copy, once,
the bytes of the arrays a step reads (people's wealth and productivity, the sharing
matrix, and the tie mask when someone has no tie: with ties for all the step does not
read it): at most 4. Each figure is the best of the steps in wall-clock time, as
before, and the median over the rounds of the process's CPU-time ratio (on a loaded
machine wall-clock time includes time spent waiting for a core).

    python benchmarks/step_cost.py [--humans 10000 100000] [--steps 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
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


def touched_bytes(model: AGIEconomy) -> int:
    """Bytes of the people's arrays one step reads.

    The tie mask is read only when someone has no tie (sharing multiplies what each
    gives by it); with ties for everyone the product by 1.0 is skipped.
    """
    pop = model.population
    spread = pop.ties.spread
    arrays = [pop.wealth, pop.productivity]
    if not pop.ties.has_ties.all():
        arrays.append(pop.ties.has_ties)
    return sum(a.nbytes for a in arrays) + sum(
        a.nbytes for a in (spread.data, spread.indices, spread.indptr)
    )


def timed(fn) -> tuple[float, float]:
    """Wall-clock and process CPU seconds of one call of ``fn``."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def measure(humans: int, steps: int, seed: int) -> dict[str, float]:
    """Best wall-clock seconds of a step, a shuffle_do and a copy; median CPU ratios."""
    model = build(humans, seed)
    for _ in range(3):
        model.step()
    source = np.ones(touched_bytes(model), dtype=np.uint8)
    target = np.empty_like(source)
    model.people  # noqa: B018 (people's Mesa agents, for shuffle_do)
    for agent_type in model.agent_types:
        agent_type.noop = _noop
    rounds = []
    for _ in range(steps):  # interleaved
        rounds.append(
            (
                timed(model.step),
                timed(lambda: model.agents.shuffle_do("noop")),
                timed(lambda: np.copyto(target, source)),
            )
        )
    step, shuffle, copy = (min(r[i][0] for r in rounds) for i in range(3))
    return {
        "agents": len(model.agents),
        "step": step,
        "shuffle": shuffle,
        "copy": copy,
        "cpu_shuffle": statistics.median(r[0][1] / max(r[1][1], 1e-9) for r in rounds),
        "cpu_copy": statistics.median(r[0][1] / max(r[2][1], 1e-9) for r in rounds),
    }


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
        f"{'copy ms':>8} {'step/copy':>9} {'CPU ratio':>9} {'CPU step/copy':>13}"
    )
    for humans in args.humans:
        m = measure(humans, args.steps, args.seed)
        print(
            f"{humans:>8} {m['agents']:>8} {m['step'] * 1e3:>9.2f} {m['shuffle'] * 1e3:>14.2f} "
            f"{m['step'] / m['shuffle']:>7.3f} {m['copy'] * 1e3:>8.3f} "
            f"{m['step'] / m['copy']:>9.2f} {m['cpu_shuffle']:>9.3f} {m['cpu_copy']:>13.2f}"
        )
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
