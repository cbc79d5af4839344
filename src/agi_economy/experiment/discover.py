"""Scenario discovery over an exploration: which uncertain worlds make an outcome likely.

PRIM, the patient rule induction method (Friedman & Fisher 1999), peels thin slices
off a box over the uncertainties, keeping the slice whose removal most raises the
share of runs inside with the outcome (the box's *density*), until the box holds
``mass_min`` of the runs; each step of the peeling trajectory trades *coverage* (the
share of all runs with the outcome that fall inside) for density. As in scenario
discovery (Bryant & Lempert 2010), the box reported is the densest one on the
trajectory that keeps at least ``min_coverage``, with each restriction's quasi-p value
(Bryant & Lempert 2010): a one-sided binomial test of whether the box's density could
arise by chance in the box without that limit. CART (a classification tree) is
the alternative: its leaves are boxes. Feature scores rank the uncertainties by how
much they explain the outcome (extra-trees importances).

The algorithms are EMA Workbench's (``ema_workbench.analysis``, Kwakkel 2017), a
maintained implementation of what exploratory modelling practice uses, rather than a
new one; install it with ``pip install "agi-economy[explore]"``. Each run of the
chosen policy is one case: its uncertain values and whether the outcome happened.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from agi_economy.scenario import ScenarioError

OUTCOMES = {
    "takeover": "a takeover happened",
    "escape": "at least one AGI escaped",
}
"""Outcomes by name; any numeric column of runs.parquet works with a threshold."""


@dataclass(frozen=True)
class Exploration:
    """An exploration read back from its folder."""

    root: Path
    runs: pl.DataFrame
    uncertain: list[str]
    policies: list[str]
    seed: int
    manifest: dict[str, Any]


def load_exploration(folder: str | Path) -> Exploration:
    """Read an exploration's ``runs.parquet`` and manifest.

    Raises:
        ScenarioError: the folder holds no finished exploration.
    """
    root = Path(folder)
    manifest_path, runs_path = root / "manifest.json", root / "runs.parquet"
    if not manifest_path.is_file() or not runs_path.is_file():
        raise ScenarioError("DIR", [f"{root}: no finished exploration (run explore first)"])
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("kind") != "explore":
        kind = manifest.get("kind")
        raise ScenarioError("DIR", [f"{root} holds a {kind!r} experiment, not an exploration"])
    uncertain = [u["path"] for u in manifest["design"]["uncertain"]]
    runs = pl.read_parquet(runs_path)
    policies = list(dict.fromkeys(runs.sort("arm")["policy"].to_list()))
    return Exploration(root, runs, uncertain, policies, int(manifest["seed"]), manifest)


def outcome_column(
    runs: pl.DataFrame, outcome: str, threshold: float | None = None, below: bool = False
) -> pl.Series:
    """Whether each run had the outcome: a named one, or a numeric column past a threshold.

    Raises:
        ScenarioError: an unknown outcome, or a numeric one without a threshold.
    """
    if outcome == "takeover":
        return runs["takeover"].fill_null(False).alias(outcome)
    if outcome == "escape":
        return (runs["n_escapes"].fill_null(0) > 0).alias(outcome)
    if outcome not in runs.columns or not runs[outcome].dtype.is_numeric():
        known = ", ".join([*OUTCOMES, "or a numeric column of runs.parquet"])
        raise ScenarioError("--outcome", [f"unknown outcome {outcome!r}: expected {known}"])
    if threshold is None:
        raise ScenarioError("--threshold", [f"{outcome} is a number: give --threshold"])
    values = runs[outcome].cast(pl.Float64)
    flags = values < threshold if below else values > threshold
    return flags.fill_null(False).alias(outcome)


def cases(
    exploration: Exploration, outcome: str, policy: str, **how: Any
) -> tuple[pl.DataFrame, np.ndarray]:
    """The uncertain values (one row per finished run of ``policy``) and the outcome."""
    if policy not in exploration.policies:
        known = ", ".join(exploration.policies)
        raise ScenarioError("--policy", [f"{policy!r} was not explored: expected one of {known}"])
    runs = exploration.runs.filter((pl.col("policy") == policy) & (pl.col("status") == "ok"))
    if runs.height == 0:
        raise ScenarioError("--policy", [f"no finished runs of {policy!r}"])
    y = outcome_column(runs, outcome, **how).to_numpy().astype(bool)
    return runs.select(exploration.uncertain), y


def _ema():
    """EMA Workbench's analysis modules, or a clear message saying how to install them."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # optional parallel back ends it does not find
            from ema_workbench.analysis import cart, feature_scoring, prim
    except ImportError:
        raise ScenarioError(
            "discover", ['needs EMA Workbench: pip install "agi-economy[explore]"']
        ) from None
    return prim, cart, feature_scoring


def _pandas(x: pl.DataFrame):
    frame = x.to_pandas()
    for name in frame.columns:  # PRIM peels numbers; listed text levels are categories
        if frame[name].dtype == object:
            frame[name] = frame[name].astype("category")
    return frame


@dataclass(frozen=True)
class Discovery:
    """Boxes found over one policy's runs, their statistics, and the feature scores."""

    method: str
    outcome: str
    policy: str
    limits: pl.DataFrame  # box, uncertainty, low, high, full_low, full_high, restricted, qp_*
    stats: pl.DataFrame  # box, coverage, density, mass, res_dim, n, k
    peeling: pl.DataFrame  # box, step, coverage, density, mass, res_dim (PRIM only)
    features: pl.DataFrame  # uncertainty, score
    cases: int
    base_rate: float


def _limits_frame(box: int, lims, full, qp: dict[str, list[float]] | None) -> list[dict]:
    rows = []
    for name in full.columns:
        low, high = lims[name].iloc[0], lims[name].iloc[1]
        full_low, full_high = full[name].iloc[0], full[name].iloc[1]
        restricted = bool(low != full_low or high != full_high)
        q_low, q_high = (qp or {}).get(name, [-1.0, -1.0])
        rows.append(
            {
                "box": box,
                "uncertainty": name,
                "low": float(low),
                "high": float(high),
                "full_low": float(full_low),
                "full_high": float(full_high),
                "restricted": restricted,
                "qp_low": float(q_low) if q_low is not None and q_low >= 0 else None,
                "qp_high": float(q_high) if q_high is not None and q_high >= 0 else None,
            }
        )
    return rows


def _choose(peeling, min_coverage: float) -> int:
    """The densest step whose coverage is at least ``min_coverage`` (else the first)."""
    ok = peeling[peeling["coverage"] >= min_coverage]
    if ok.empty:
        return 0
    best = ok["density"].max()
    return int(ok[ok["density"] == best].index[-1])  # among ties, the smallest box


def prim_boxes(
    x: pl.DataFrame,
    y: np.ndarray,
    *,
    threshold: float = 0.5,
    peel_alpha: float = 0.05,
    mass_min: float = 0.05,
    min_coverage: float = 0.5,
    boxes: int = 1,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """PRIM's boxes: their limits, statistics and peeling trajectories.

    A box is kept only if its density reaches ``threshold``; after each box the runs
    inside are set aside and the next box is sought in the rest (covering).
    """
    prim, _, _ = _ema()
    frame = _pandas(x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        finder = prim.Prim(frame, y, threshold=threshold, peel_alpha=peel_alpha, mass_min=mass_min)
        limits, stats, peeling = [], [], []
        for number in range(1, boxes + 1):
            box = finder.find_box()
            if box is None or len(box.peeling_trajectory) < 2:
                break  # nothing left, or a dump box that restricts nothing
            chosen = _choose(box.peeling_trajectory, min_coverage)
            box.select(chosen)
            trajectory = box.peeling_trajectory
            if float(trajectory.loc[chosen, "density"]) < threshold:
                break
            for step, row in trajectory.iterrows():
                peeling.append({"box": number, "step": int(step), "chosen": step == chosen,
                                **{k: float(row[k]) for k in ("coverage", "density", "mass")},
                                "res_dim": int(row["res_dim"])})  # fmt: skip
            row = trajectory.loc[chosen]
            stats.append(
                {
                    "box": number,
                    "coverage": float(row["coverage"]),
                    "density": float(row["density"]),
                    "mass": float(row["mass"]),
                    "res_dim": int(row["res_dim"]),
                    "n": int(row["n"]),
                    "k": int(row["k"]),
                }
            )
            limits += _limits_frame(number, box.box_lims[chosen], box.box_lims[0], box.qp[chosen])
    return _frames(limits, stats, peeling)


LIMIT_SCHEMA = {
    "box": pl.Int64,
    "uncertainty": pl.String,
    "low": pl.Float64,
    "high": pl.Float64,
    "full_low": pl.Float64,
    "full_high": pl.Float64,
    "restricted": pl.Boolean,
    "qp_low": pl.Float64,
    "qp_high": pl.Float64,
}


def _frames(limits, stats, peeling) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    schema = {"box": pl.Int64, "coverage": pl.Float64, "density": pl.Float64}
    return (
        pl.DataFrame(limits, schema=LIMIT_SCHEMA),
        pl.DataFrame(stats) if stats else pl.DataFrame(schema=schema),
        pl.DataFrame(peeling) if peeling else pl.DataFrame(schema=schema),
    )


def cart_boxes(
    x: pl.DataFrame, y: np.ndarray, *, mass_min: float = 0.05, threshold: float = 0.5
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """CART's leaves whose density reaches ``threshold``, as boxes (densest first)."""
    _, cart, _ = _ema()
    frame = _pandas(x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tree = cart.CART(frame, y, mass_min=mass_min)
        tree.build_tree()
    full = _full_box(frame)
    leaves = sorted(
        zip(tree.boxes, tree.stats, strict=True), key=lambda bs: -float(bs[1]["density"])
    )
    limits, stats = [], []
    for number, (lims, stat) in enumerate(
        (leaf for leaf in leaves if float(leaf[1]["density"]) >= threshold), start=1
    ):
        inside = _inside(frame, lims)
        stats.append(
            {
                "box": number,
                "coverage": float(stat["coverage"]),
                "density": float(stat["density"]),
                "mass": float(stat["mass"]),
                "res_dim": int(stat["res dim"]),
                "n": int(inside.sum()),
                "k": int(y[inside].sum()),
            }
        )
        limits += _limits_frame(number, lims, full, None)
    return _frames(limits, stats, [])


def _full_box(frame):
    import pandas as pd

    return pd.DataFrame({c: [frame[c].min(), frame[c].max()] for c in frame.columns})


def _inside(frame, lims) -> np.ndarray:
    keep = np.ones(len(frame), dtype=bool)
    for name in lims.columns:
        keep &= (frame[name] >= lims[name].iloc[0]).to_numpy()
        keep &= (frame[name] <= lims[name].iloc[1]).to_numpy()
    return keep


def feature_scores(x: pl.DataFrame, y: np.ndarray, seed: int) -> pl.DataFrame:
    """Each uncertainty's extra-trees importance for the outcome (they sum to one)."""
    _, _, scoring = _ema()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scores, _ = scoring.get_ex_feature_scores(
            _pandas(x),
            y,
            mode=scoring.RuleInductionType.CLASSIFICATION,
            random_state=int(seed % 2**31),
        )
    column = scores.columns[0]
    return pl.DataFrame(
        {"uncertainty": [str(i) for i in scores.index], "score": scores[column].astype(float)}
    ).sort("score", descending=True)
