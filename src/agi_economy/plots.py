"""Headless figures of a run (matplotlib, Agg): intelligence, power shares, output."""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import polars as pl  # noqa: E402

from agi_economy.scenario.schema import DOMAIN_NAMES, Scenario  # noqa: E402

POWER_GROUPS = (
    ("power_share_humans", "people", "#4C72B0"),
    ("power_share_labs", "labs", "#8C8C8C"),
    ("power_share_aligned_agi", "aligned AGIs", "#55A868"),
    ("power_share_misaligned_agi", "misaligned AGIs", "#C44E52"),
)
BAND_SHADES = ("#f4f6f8", "#e9edf1")


def shade_domains(ax, bounds, low: float, high: float, *, inside: bool = False) -> list:
    """Shade the cognitive-domain bands between ``low`` and ``high`` (log axis) and name them.

    A band is named only when it is tall enough on the axis for its name not to overlap
    its neighbours; names sit right of the axes, or just inside them with ``inside``.
    Returns the artists drawn, so a live chart can remove them when its limits move.
    """
    artists = []
    edges = [0.0, *bounds, math.inf]
    span = math.log10(high / low)
    x, align, size = (0.995, "right", 6) if inside else (1.01, "left", 7)
    for i, name in enumerate(DOMAIN_NAMES):
        lo, hi = max(edges[i], low), min(edges[i + 1], high)
        if hi <= lo:
            continue
        artists.append(ax.axhspan(lo, hi, color=BAND_SHADES[i % 2], zorder=0, lw=0))
        if math.log10(hi / lo) < 0.06 * span:
            continue
        artists.append(
            ax.text(
                x,
                math.sqrt(lo * hi),
                name.replace("_", " "),
                transform=ax.get_yaxis_transform(),
                ha=align,
                va="center",
                fontsize=size,
                color="#7b8794",
                zorder=1,
            )
        )
    return artists


def intelligence_figure(agents: pl.DataFrame, steps: pl.DataFrame, scenario: Scenario, path: Path):
    """Each AGI's intelligence over time on a log scale, with the domain bands."""
    fig, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
    agis = agents.filter(pl.col("kind") == "agi")
    top = max(float(steps["max_intelligence"].max() or 1.0), 1.0) * 3
    low = max(1e-3, float(agis["intelligence"].min() or 1.0) / 2)
    shade_domains(ax, scenario.agis.domain_bounds, low, top)
    for _, part in agis.group_by("agent_id", maintain_order=True):
        aligned = part["aligned"][0]
        ax.plot(
            part["step"],
            part["intelligence"].clip(1e-3),
            lw=1,
            color="#55A868" if aligned else "#C44E52",
            alpha=0.8,
        )
    ax.plot(
        steps["step"], steps["max_intelligence"].clip(1e-3), color="black", lw=1.5, label="maximum"
    )
    ax.set_yscale("log")
    ax.set_ylim(low, top)
    ax.set_xlabel("step")
    ax.set_ylabel("intelligence (1 = par-human)")
    ax.set_title(f"{scenario.meta.name}: AGI intelligence (green aligned, red misaligned)")
    ax.legend(loc="upper left", fontsize=8)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def power_figure(steps: pl.DataFrame, scenario: Scenario, path: Path) -> None:
    """Stacked power shares of people, labs, aligned and misaligned AGIs."""
    fig, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    ax.stackplot(
        steps["step"],
        *[steps[col] for col, _, _ in POWER_GROUPS],
        labels=[label for _, label, _ in POWER_GROUPS],
        colors=[colour for _, _, colour in POWER_GROUPS],
    )
    ax.axhline(scenario.economy.takeover_threshold, color="black", ls="--", lw=0.8)
    ax.set_ylim(0, 1)
    ax.set_xlabel("step")
    ax.set_ylabel("share of power")
    ax.set_title(f"{scenario.meta.name}: power shares (dashed: takeover threshold)")
    ax.legend(loc="upper left", fontsize=8)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def output_figure(steps: pl.DataFrame, scenario: Scenario, path: Path) -> None:
    """Total output per step on a log scale."""
    fig, ax = plt.subplots(figsize=(8, 3.5), layout="constrained")
    ax.plot(steps["step"], steps["output"], color="#4C72B0")
    ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel("output per step")
    ax.set_title(f"{scenario.meta.name}: output")
    fig.savefig(path, dpi=110)
    plt.close(fig)


def run_figures(result, out: Path) -> list[Path]:
    """Write the three figures of a run into ``out``; return their paths."""
    paths = [out / "intelligence.png", out / "power.png", out / "output.png"]
    intelligence_figure(result.agents, result.steps, result.scenario, paths[0])
    power_figure(result.steps, result.scenario, paths[1])
    output_figure(result.steps, result.scenario, paths[2])
    return paths
