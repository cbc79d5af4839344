"""Exploration folders written by hand, so analyses can be tested on known answers."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl


def write_exploration(folder: Path, runs: pl.DataFrame, uncertain: dict[str, tuple]) -> Path:
    """A folder holding ``runs`` as an exploration over ``uncertain`` (path: (low, high))."""
    folder.mkdir(parents=True, exist_ok=True)
    design = {
        "uncertain": [{"path": p, "low": lo, "high": hi} for p, (lo, hi) in uncertain.items()]
    }
    manifest = {"kind": "explore", "seed": 7, "design": design}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    policies = list(dict.fromkeys(runs["policy"].to_list()))
    arms = pl.DataFrame({"policy": policies, "arm": list(range(len(policies)))})
    runs = runs.join(arms, on="policy", how="left")
    defaults = {"status": pl.lit("ok"), "n_escapes": pl.lit(0)}
    runs = runs.with_columns(v.alias(k) for k, v in defaults.items() if k not in runs.columns)
    runs.write_parquet(folder / "runs.parquet")
    return folder
