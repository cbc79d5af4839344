"""The live view's explore mode, driven in headless Chromium while runs come in."""

from __future__ import annotations

import shutil

import polars as pl
import pytest

from agi_economy.experiment.explore import explore

pytestmark = pytest.mark.browser

UNCERTAIN = ["agis.growth.k=0.9:1.4", "containment.box_strength=0.5:4:log"]


def test_explore_mode_redraws_the_points_as_runs_come_in(visit, tmp_path, artefacts):
    """Half the runs are drawn with their count; the rest arriving redraws the figure."""
    pytest.importorskip("ema_workbench")
    done = tmp_path / "done"
    explore("foom", ["rsi_gating"], UNCERTAIN, out=done, samples=8, replicates=2, seed=5,
            plot=False, humans__count=100, meta__steps=40)  # fmt: skip
    parts = [pl.read_parquet(p) for p in (done / "parts").glob("part-*.parquet")]
    runs = pl.concat(parts).unique(["cell", "replicate"]).sort("cell", "replicate")
    live = tmp_path / "live"
    (live / "parts").mkdir(parents=True)
    shutil.copy(done / "manifest.json", live)
    runs.head(12).write_parquet(live / "parts" / "part-0000000000000000.parquet")

    visitor = visit()
    page = visitor.page
    visitor.open("?mode=explore", wait_for="text=Exploration folder")
    progress = page.locator(".explore-progress")
    visitor.submit("Exploration folder", str(live), taken=".explore-progress")
    progress.get_by_text("12 of 32 runs finished so far").wait_for()
    first = page.locator("img.explore-figure").get_attribute("src")
    assert first  # the figure is on the page

    runs.slice(12).write_parquet(live / "parts" / "part-0000000000000001.parquet")
    shutil.copy(done / "runs.parquet", live)
    progress.get_by_text("32 of 32 runs finished").wait_for()
    page.wait_for_function(
        "src => document.querySelector('img.explore-figure').src !== src", arg=first
    )
    assert "Traceback" not in page.inner_text("body")
    page.screenshot(path=str(artefacts / "explore.png"), full_page=True)
