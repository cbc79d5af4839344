"""An exploration read while it runs: the runs finished so far, labelled, and PRIM's box."""

from __future__ import annotations

import shutil

import polars as pl
import pytest

from agi_economy.experiment.discovery import discover
from agi_economy.experiment.explore import explore
from agi_economy.experiment.live import runs_so_far, snapshot

UNCERTAIN = ["agis.growth.k=0.9:1.4", "containment.box_strength=0.5:4:log"]
KEYS = ["policy", "arm", "point", "replicate", "agis.growth.k", "containment.box_strength"]


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    """A small exploration run to the end, a batch of runs per part."""
    out = tmp_path_factory.mktemp("live") / "done"
    explore("foom", ["rsi_gating"], UNCERTAIN, out=out, samples=8, replicates=2, seed=5,
            checkpoint=0, chunk_size=1, plot=False, humans__count=100,
            meta__steps=40)  # fmt: skip
    return out


def _half_way(finished, tmp_path):
    """The folder as it stood with half its parts written and no runs.parquet yet."""
    partial = tmp_path / "partial"
    (partial / "parts").mkdir(parents=True)
    shutil.copy(finished / "manifest.json", partial)
    parts = sorted((finished / "parts").glob("part-*.parquet"))
    return partial, parts


def test_runs_so_far_are_the_finished_runs_labelled_as_in_the_end(finished, tmp_path):
    """With only some parts written, the runs read are exactly theirs, with final labels."""
    pytest.importorskip("ema_workbench")
    final = pl.read_parquet(finished / "runs.parquet")
    partial, parts = _half_way(finished, tmp_path)
    assert runs_so_far(partial) is None  # the manifest alone: nothing finished yet
    raw = pl.concat([pl.read_parquet(p) for p in parts])
    half = raw.sample(raw.height // 2, seed=1)
    half.write_parquet(partial / "parts" / "part-0000000000000000.parquet")
    exploration, total = runs_so_far(partial)
    assert total == final.height == 2 * 8 * 2
    assert exploration.runs.height == half.height
    got = exploration.runs.select(*KEYS, "seed", "takeover").sort("point", "arm", "replicate")
    expected = final.join(got.select("policy", "point", "replicate"),
                          on=["policy", "point", "replicate"], how="semi")  # fmt: skip
    assert got.equals(expected.select(*KEYS, "seed", "takeover"))
    assert exploration.policies == ["none", "rsi_gating"]


def test_a_part_repeated_by_compaction_is_counted_once(finished, tmp_path):
    """Runs in both a merged part and the part it replaces are one run each."""
    partial, parts = _half_way(finished, tmp_path)
    frame = pl.concat([pl.read_parquet(p) for p in parts])
    frame.write_parquet(partial / "parts" / "part-0000000000000001.parquet")
    frame.head(3).write_parquet(partial / "parts" / "part-0000000000000000.parquet")
    exploration, _ = runs_so_far(partial)
    assert exploration.runs.height == frame.height


def test_the_snapshot_of_a_finished_exploration_has_discovers_box(finished):
    """Once every run is in, the live box is the one ``discover`` reports."""
    pytest.importorskip("ema_workbench")
    snap = snapshot(finished, "none", "takeover")
    assert snap.done == snap.total == 32
    found = discover(finished, "takeover", policy="none", plot=False)
    assert snap.cases.height == found.cases
    assert snap.cases["y"].mean() == pytest.approx(found.base_rate)
    if found.limits.height:
        columns = ["box", "uncertainty", "low", "high", "restricted"]
        assert snap.limits.select(columns).equals(found.limits.select(columns))
    else:
        assert snap.limits.height == 0
