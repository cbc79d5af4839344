"""Wall time of ``agi-economy --help``, ``scenarios`` and ``compare --help`` until they exit.

Each command runs as a fresh process (the installed console script, with the tree
to measure first on the path), round after round in turn, and the script prints the
median of each. With ``--baseline SRC`` an older tree runs in the same rounds and
the script prints after / before. ``python -X importtime -c "import agi_economy.cli"``
shows where the rest goes.

    python benchmarks/startup.py [--repeat 7] [--baseline SRC]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from _harness import baselines, interleaved, load, median, spread, trees

COMMANDS = (["--help"], ["scenarios"], ["compare", "--help"])


def command() -> list[str]:
    """The console script beside this interpreter, else ``python -m agi_economy``."""
    script = Path(sys.executable).with_name("agi-economy")
    if script.is_file():
        return [sys.executable, str(script)]
    found = shutil.which("agi-economy")
    return [found] if found else [sys.executable, "-m", "agi_economy"]


def timed(src: Path, args: list[str]):
    """A measurement: seconds for one run of the command with ``src`` first on the path."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src), str(src.parent)])}

    def measure() -> float:
        start = time.perf_counter()
        subprocess.run([*command(), *args], env=env, check=True, capture_output=True)
        return time.perf_counter() - start

    return measure


def main() -> None:
    """Print medians per command and tree."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--baseline", action="append", help="an older tree to compare: SRC or NAME=SRC (repeatable)"
    )
    args = parser.parse_args()
    print(f"startup, median of {args.repeat} interleaved rounds; {load()}", flush=True)
    chosen = trees(args.baseline)
    variants = {
        (" ".join(cmd), tree): timed(src, cmd) for cmd in COMMANDS for tree, src in chosen.items()
    }
    results = interleaved(variants, args.repeat)
    for (cmd, tree), seconds in results.items():
        print(f"agi-economy {cmd:14s} {tree:6s} {spread(seconds)} s")
    for before in baselines(chosen):
        for cmd in COMMANDS:
            name = " ".join(cmd)
            ratio = median(results[(name, "after")]) / median(results[(name, before)])
            print(f"agi-economy {name:14s} after / {before}: {ratio:.2f}")
    print(load())


if __name__ == "__main__":
    main()
