"""``discover``: scenario discovery over an exploration's folder, with its files and figures.

Writes to ``DIR/discover/OUTCOME-POLICY-METHOD/``: ``limits.parquet`` (each box's
limit on each uncertainty, whether it restricts it, and the quasi-p values),
``boxes.parquet`` (coverage, density, mass, restricted dimensions, runs inside),
``peeling.parquet`` (PRIM's trajectory), ``features.parquet`` (feature scores),
``peeling.png`` (coverage against density), ``box_limits.png`` and ``points.png``
(each explored point over the two highest-scoring uncertainties, coloured by the
share of its runs with the outcome, the first box drawn on top).
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from agi_economy import palette, style
from agi_economy.experiment.discover import (
    Discovery,
    cart_boxes,
    cases,
    feature_scores,
    load_exploration,
    prim_boxes,
)
from agi_economy.scenario import ScenarioError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

METHODS = ("prim", "cart")


def discover(
    folder: str | Path,
    outcome: str = "takeover",
    *,
    policy: str = "none",
    method: str = "prim",
    threshold: float | None = None,
    below: bool = False,
    density: float = 0.5,
    mass_min: float = 0.05,
    peel_alpha: float = 0.05,
    min_coverage: float = 0.5,
    boxes: int = 1,
    out: str | Path | None = None,
    plot: bool = True,
) -> Discovery:
    """Find the boxes of uncertain values where ``outcome`` is likely under ``policy``.

    Args:
        folder: an exploration's results folder.
        outcome: ``takeover``, ``escape`` or a numeric column of ``runs.parquet``.
        policy: the explored policy arm whose runs are the cases.
        method: ``prim`` or ``cart``.
        threshold: for a numeric outcome, the value it must exceed (or fall below).
        below: a numeric outcome happens below ``threshold``.
        density: the least density a box must reach to be reported.
        mass_min: the least share of runs a box keeps.
        peel_alpha: the share of runs PRIM peels at each step.
        min_coverage: PRIM reports the densest box keeping at least this coverage.
        boxes: most boxes to find (each in the runs the earlier ones left).
        out: where to write (default ``folder/discover/OUTCOME-POLICY-METHOD``).
        plot: write the figures.
    """
    if method not in METHODS:
        raise ScenarioError("--method", [f"unknown method {method!r}: expected prim or cart"])
    fractions = {"--density": density, "--mass-min": mass_min, "--peel-alpha": peel_alpha}
    for name, value in {**fractions, "--min-coverage": min_coverage}.items():
        if not 0.0 < value <= 1.0:
            raise ScenarioError(name, [f"expected a number in (0, 1] (got {value})"])
    exploration = load_exploration(folder)
    x, y = cases(exploration, outcome, policy, threshold=threshold, below=below)
    if method == "prim":
        limits, stats, peeling = prim_boxes(
            x, y, threshold=density, peel_alpha=peel_alpha, mass_min=mass_min,
            min_coverage=min_coverage, boxes=boxes,
        )  # fmt: skip
    else:
        limits, stats, peeling = cart_boxes(x, y, mass_min=mass_min, threshold=density)
        limits = limits.filter(pl.col("box") <= boxes) if limits.height else limits
        stats = stats.filter(pl.col("box") <= boxes)
    limits = _with_ranges(limits, exploration.manifest["design"]["uncertain"])
    features = feature_scores(x, y, exploration.seed) if y.any() and not y.all() else None
    if features is None:
        features = pl.DataFrame(schema={"uncertainty": pl.String, "score": pl.Float64})
    result = Discovery(
        method, outcome, policy, limits, stats, peeling, features, len(y), float(y.mean())
    )
    where = Path(out) if out is not None else _default_out(exploration.root, result)
    _write(where, result, plot)
    if plot and len(exploration.uncertain) >= 2:
        axes = (result.features["uncertainty"].to_list() + exploration.uncertain)[:4]
        axes = list(dict.fromkeys(axes))[:2]
        shares = pl.DataFrame(
            {
                "point": exploration.runs.filter(
                    (pl.col("policy") == policy) & (pl.col("status") == "ok")
                )["point"],
                "y": y,
            }
        )
        figure = points_figure(x.with_columns(shares), axes[0], axes[1], limits, outcome)
        figure.savefig(where / "points.png", dpi=style.DPI)
    return result


def _with_ranges(limits: pl.DataFrame, uncertain: list[dict[str, Any]]) -> pl.DataFrame:
    """Limits with each uncertainty's declared range (``range_low``, ``range_high``)."""
    ranges = pl.DataFrame(
        {
            "uncertainty": [u["path"] for u in uncertain],
            "range_low": [None if u.get("levels") else u.get("low") for u in uncertain],
            "range_high": [None if u.get("levels") else u.get("high") for u in uncertain],
        },
        schema={"uncertainty": pl.String, "range_low": pl.Float64, "range_high": pl.Float64},
    )
    return limits.join(ranges, on="uncertainty", how="left", maintain_order="left")


def _default_out(root: Path, result: Discovery) -> Path:
    slug = re.sub(r"[^A-Za-z0-9_.=-]+", "_", f"{result.outcome}-{result.policy}-{result.method}")
    return root / "discover" / slug


def _write(where: Path, result: Discovery, plot: bool) -> None:
    where.mkdir(parents=True, exist_ok=True)
    for name in ("limits", "stats", "peeling", "features"):
        frame: pl.DataFrame = getattr(result, name)
        frame.write_parquet(where / f"{'boxes' if name == 'stats' else name}.parquet")
    if not plot:
        return
    title = f"{result.outcome} under {result.policy} ({result.method}, {result.cases} runs)"
    if result.peeling.height:
        peeling_figure(result.peeling, title).savefig(where / "peeling.png", dpi=style.DPI)
    if result.limits.height:
        figure = limits_figure(result.limits, result.stats, title)
        figure.savefig(where / "box_limits.png", dpi=style.DPI)


def peeling_figure(peeling: pl.DataFrame, title: str = "") -> Figure:
    """PRIM's trade-off: coverage against density, coloured by restricted dimensions."""
    fig = style.figure(style.SINGLE, 3.0)
    ax = fig.subplots()
    dots = ax.scatter(
        peeling["coverage"], peeling["density"], c=peeling["res_dim"], cmap="viridis", s=18
    )
    fig.colorbar(dots, ax=ax, label="restricted dimensions")
    chosen = peeling.filter(pl.col("chosen"))
    ax.scatter(chosen["coverage"], chosen["density"], s=120, facecolors="none",
               edgecolors=palette.INK, lw=1.5, label="box reported")  # fmt: skip
    ax.set_xlabel("coverage (share of the outcome's runs inside)")
    ax.set_ylabel("density (share of runs inside\nwith the outcome)")
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.grid(alpha=0.3)
    ax.legend()
    ax.set_title(textwrap.fill(title or "peeling trajectory", 48))
    return style.finish(fig)


def limits_figure(limits: pl.DataFrame, stats: pl.DataFrame, title: str = "") -> Figure:
    """Each box's limits on its restricted uncertainties, as a share of each full range."""
    shown = limits.filter(pl.col("restricted"))
    if shown.height == 0:
        shown = limits
    labels = [f"box {b}: {u}" for b, u in zip(shown["box"], shown["uncertainty"], strict=True)]
    fig = style.figure(style.DOUBLE, 1.2 + 0.45 * len(labels))
    ax = fig.subplots()
    for i, row in enumerate(shown.iter_rows(named=True)):
        span = (row["full_high"] - row["full_low"]) or 1.0
        lo = (row["low"] - row["full_low"]) / span
        hi = (row["high"] - row["full_low"]) / span
        y = len(labels) - 1 - i
        ax.plot([0, 1], [y, y], color=palette.GRID, lw=6, solid_capstyle="butt")
        colour = palette.arm_colour(row["box"] - 1)  # boxes, like arms, have no fixed meaning
        ax.plot([lo, hi], [y, y], color=colour, lw=6, solid_capstyle="butt")
        ax.text(lo, y + 0.25, _limit(row["low"], row["qp_low"]), ha="left", fontsize=style.TICK)
        ax.text(hi, y - 0.45, _limit(row["high"], row["qp_high"]), ha="right", fontsize=style.TICK)
    ax.set_yticks(np.arange(len(labels))[::-1], labels)
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(-0.8, len(labels) - 0.2)
    ax.set_xlabel("position in the explored range (0 = low end, 1 = high end)")
    notes = [
        f"box {r['box']}: coverage {r['coverage']:.2f}, density {r['density']:.2f}"
        for r in stats.iter_rows(named=True)
    ]
    ax.set_title("\n".join(filter(None, [title, "; ".join(notes)])))
    return style.finish(fig)


def _limit(value: float, qp: Any) -> str:
    return f"{value:.3g}" + (f" (qp {qp:.1g})" if qp is not None else "")


def points_figure(
    cases: pl.DataFrame, x: str, y: str, limits: pl.DataFrame, outcome: str = ""
) -> Figure:
    """Each explored point over uncertainties ``x`` and ``y``, coloured by its outcome share.

    ``cases`` holds one row per run (``point``, the uncertainties, ``y`` the outcome);
    the first box of ``limits`` is drawn as a rectangle.
    """
    from matplotlib.patches import Rectangle

    per_point = cases.group_by("point").agg(pl.col(x).first(), pl.col(y).first(),
                                            share=pl.col("y").cast(pl.Float64).mean())  # fmt: skip
    fig = style.figure(style.SINGLE, 3.0)
    ax = fig.subplots()
    dots = ax.scatter(per_point[x], per_point[y], c=per_point["share"], vmin=0.0, vmax=1.0,
                      cmap=palette.PROBABILITY_MAP, s=24, edgecolors=palette.INK,
                      linewidths=0.3)  # fmt: skip
    fig.colorbar(dots, ax=ax, label=f"share of runs: {outcome}" if outcome else "share of runs")
    box = limits.filter(pl.col("box") == 1) if limits.height else limits
    if box.height:
        lims = {r["uncertainty"]: r for r in box.iter_rows(named=True)}
        if x in lims and y in lims:
            lx, ly = lims[x], lims[y]
            ax.add_patch(Rectangle((lx["low"], ly["low"]), lx["high"] - lx["low"],
                                   ly["high"] - ly["low"], fill=False, ec=palette.INK,
                                   lw=1.5, ls="--", label="box 1"))  # fmt: skip
            ax.legend(loc="upper left")
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    ax.grid(alpha=0.3)
    return style.finish(fig)
