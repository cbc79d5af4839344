"""An experiment's figures are drawn on its executor, and come out as this process draws them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from agi_economy.experiment import compare, explore
from agi_economy.experiment.executors import SerialExecutor
from agi_economy.experiment.trajectory_plots import png_of

FIGURES = {"comparison.png", "fan.png", "paired_trajectories.png", "takeover_by_time.png"}


class Recording(SerialExecutor):
    """Runs in this process and keeps the figure jobs it was given."""

    def __init__(self) -> None:
        self.figures: list[str] = []

    def map_unordered(self, fn, items):
        """Note each figure's file name, then run the items here."""
        items = list(items)
        if fn is png_of:
            self.figures.extend(name for name, _maker, _args in items)
        return super().map_unordered(fn, items)


def _pngs(root) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in root.iterdir() if p.suffix == ".png"}


@pytest.mark.parametrize("points", [9, 0])
def test_every_figure_of_a_comparison_goes_through_its_executor(tmp_path, tiny, points):
    """Each PNG written is one the executor drew, once; without trajectories, the forest plot."""
    executor = Recording()
    compare(
        "foom",
        ["pause:above=2"],
        out=tmp_path,
        replicates=3,
        seed=5,
        executor=executor,
        trajectory_points=points,
        **tiny,
    )
    written = set(_pngs(tmp_path))
    assert written == (FIGURES if points else {"comparison.png"})
    assert sorted(executor.figures) == sorted(written)


def test_an_exploration_draws_its_figures_on_its_executor(tmp_path, tiny):
    """explore's forest plot and trajectory figures go through its executor as well."""
    executor = Recording()
    explore(
        "foom",
        ["pause:above=2"],
        ["labs.count=1,2"],
        out=tmp_path,
        samples=2,
        replicates=2,
        seed=3,
        executor=executor,
        trajectory_points=5,
        **tiny,
    )
    assert set(executor.figures) == set(_pngs(tmp_path)) >= {"comparison.png", "fan.png"}


_POOL_FIGURES = """
import json, sys
from pathlib import Path
from agi_economy.experiment import compare
from agi_economy.experiment.executors import ProcessExecutor
out, tiny = Path(sys.argv[1]), json.loads(sys.argv[2])
pool = ProcessExecutor(2)
try:
    compare("foom", ["rsi_gating"], out=out, replicates=4, seed=9, executor=pool, **tiny)
finally:
    pool.close()
print(json.dumps({"matplotlib": "matplotlib" in sys.modules}))
"""


def test_a_process_pool_draws_the_figures_in_its_workers_as_this_process_would(tmp_path, tiny):
    """Byte for byte the serial figures, and the process that asked never imports matplotlib."""
    pool_out, here_out = tmp_path / "pool", tmp_path / "here"
    done = subprocess.run(
        [sys.executable, "-c", _POOL_FIGURES, str(pool_out), json.dumps(tiny)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"matplotlib": False}
    compare("foom", ["rsi_gating"], out=here_out, replicates=4, seed=9, **tiny)
    drawn = _pngs(pool_out)
    assert set(drawn) == FIGURES
    assert drawn == _pngs(here_out)
