"""Shared by the benchmarks: interleaved repeats, medians, load average, other trees.

A shared machine's load changes from second to second, so a benchmark measures every
variant in turn, round after round, and reports each variant's median and the ratio
of medians. ``--baseline SRC`` runs the same measurement with another source tree's
``agi_economy`` first on the path (a checkout of an older commit), in a fresh
interpreter each time, so before and after are measured in the same session.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
CURRENT_SRC = HERE.parent / "src"


def load() -> str:
    """The 1, 5 and 15 minute load averages and the core count, for the printout."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def interleaved(variants: dict[str, Callable[[], float]], repeat: int) -> dict[str, list[float]]:
    """Each variant's measurements, taken in turn ``repeat`` rounds over."""
    results: dict[str, list[float]] = {name: [] for name in variants}
    for round_ in range(repeat):
        for name, measure in variants.items():
            results[name].append(measure())
            # each measurement as it is taken (stderr), so a long session shows progress
            print(f"  round {round_ + 1}: {name} {results[name][-1]}", file=sys.stderr, flush=True)
    return results


def tree_cpu() -> float:
    """CPU seconds of this process and of every live process it started, recursively.

    Call it before closing an executor, while its workers (and a pool's fork server,
    Dask's nannies) are still alive: the CPU of a process that has ended and was not
    waited for by this one is not counted.
    """
    import psutil

    def cpu(process: psutil.Process) -> float:
        times = process.cpu_times()
        return times.user + times.system + times.children_user + times.children_system

    me = psutil.Process()
    total = cpu(me)
    for process in me.children(recursive=True):
        try:
            total += cpu(process)
        except psutil.NoSuchProcess:
            continue
    return total


def median(values: Sequence[float]) -> float:
    """The median (the figure a noisy machine reports)."""
    return statistics.median(values)


def spread(values: Sequence[float]) -> str:
    """Median and range, as ``median [min-max]``."""
    return f"{median(values):.4g} [{min(values):.4g}-{max(values):.4g}]"


def python_in(src: Path | str, code: str, *args: str, timeout: float = 3600) -> dict:
    """Run ``code`` in a fresh interpreter with ``src`` first on the path; its JSON line.

    The code prints one JSON object as its last line of output.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(src), str(Path(src).parent), str(HERE)])
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"measurement failed in {src}:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def trees(baseline: str | Sequence[str] | None) -> dict[str, Path]:
    """The source trees to measure: each baseline, then ``after`` (this one).

    A baseline is ``SRC`` (called ``before``) or ``NAME=SRC``; ``--baseline`` may be
    given more than once (an older release and the current main line, say).
    """
    given = [baseline] if isinstance(baseline, str) else list(baseline or [])
    chosen: dict[str, Path] = {}
    for item in given:
        name, _, src = item.rpartition("=") if "=" in item else ("before", "", item)
        chosen[name or "before"] = Path(src).resolve()
    return {**chosen, "after": CURRENT_SRC}


def baselines(chosen: dict[str, Path]) -> list[str]:
    """The names of the baseline trees (every tree but ``after``)."""
    return [name for name in chosen if name != "after"]
