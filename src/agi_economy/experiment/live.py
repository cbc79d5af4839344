"""An exploration as far as it has got, for a view that redraws while runs come in.

``explore`` writes each batch of finished runs to ``parts/`` atomically and the
sorted ``runs.parquet`` only at the end; :func:`runs_so_far` reads whichever is
there and labels the runs with their policy, point and uncertain values from the
manifest, which is written before the first run. :func:`snapshot` is what the live
view's explore mode draws: every point over two chosen uncertainties, coloured by
the share of its finished runs with the outcome, and PRIM's first box over the runs
so far (:mod:`~agi_economy.experiment.discover`, the same search as ``discover``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from agi_economy.experiment.discover import Exploration, cases, load_exploration, prim_boxes

LEAST_CASES = 8
"""Finished runs of the policy below which no box is sought (PRIM needs some to peel)."""


def _manifest(root: Path) -> dict | None:
    try:
        manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if manifest.get("kind") == "explore" else None


def _parts(root: Path) -> pl.DataFrame | None:
    """The runs the parts hold; a part compacted away while being listed is skipped."""
    frames = []
    for path in sorted((root / "parts").glob("part-*.parquet")):
        try:
            frames.append(pl.read_parquet(path))
        except (OSError, pl.exceptions.ComputeError):
            continue  # merged into a newer part, which the next read finds
    if not frames:
        return None
    runs = pl.concat(frames, how="diagonal_relaxed")
    return runs.unique(["cell", "replicate"], keep="last")  # a merged part repeats others


def runs_so_far(folder: str | Path) -> tuple[Exploration, int] | None:
    """The exploration's finished runs and its total number of runs (None: nothing yet)."""
    root = Path(folder)
    manifest = _manifest(root)
    if manifest is None:
        return None
    total = len(manifest["cells"]) * int(manifest["replicates"])
    if (root / "runs.parquet").is_file():
        return load_exploration(root), total
    raw = _parts(root)
    if raw is None:
        return None
    points = len(manifest["design"]["points"])
    arms = len(manifest["cells"]) // points
    uncertain = [u["path"] for u in manifest["design"]["uncertain"]]
    labels = pl.DataFrame(
        [
            {
                "cell": i,
                "policy": c["label"].rsplit(" @ point ", 1)[0],
                "arm": i % arms,
                "point": i // arms,
                **{u: c["params"][u] for u in uncertain},
            }  # fmt: skip
            for i, c in enumerate(manifest["cells"])
        ],
        infer_schema_length=None,
        strict=False,
    )
    runs = raw.join(labels, on="cell", how="inner").drop("cell")
    policies = labels["policy"].head(arms).to_list()
    exploration = Exploration(root, runs, uncertain, policies, int(manifest["seed"]), manifest)
    return exploration, total


@dataclass(frozen=True)
class Snapshot:
    """What the explore mode draws: one row per finished run, and PRIM's box so far."""

    cases: pl.DataFrame  # point, the uncertainties, y (the outcome)
    limits: pl.DataFrame  # PRIM's limits (empty: no box yet)
    stats: pl.DataFrame  # the box's coverage, density, ...
    done: int  # finished runs of every policy
    total: int  # runs the exploration will have


def snapshot(
    folder: str | Path,
    policy: str = "none",
    outcome: str = "takeover",
    *,
    density: float = 0.5,
    min_coverage: float = 0.5,
) -> Snapshot | None:
    """The points coloured by outcome and PRIM's first box, over the runs finished so far."""
    found = runs_so_far(folder)
    if found is None:
        return None
    exploration, total = found
    ok = exploration.runs.filter((pl.col("policy") == policy) & (pl.col("status") == "ok"))
    if ok.height == 0:
        return None
    x, y = cases(exploration, outcome, policy)
    frame = x.with_columns(point=ok["point"], y=pl.Series(y))
    limits = pl.DataFrame(schema={"box": pl.Int64, "uncertainty": pl.String})
    stats = pl.DataFrame()
    if len(y) >= LEAST_CASES and 0 < y.sum() < len(y):
        limits, stats, _ = prim_boxes(x, y, threshold=density, min_coverage=min_coverage)
    return Snapshot(frame, limits, stats, exploration.runs.height, total)
