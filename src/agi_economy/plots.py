"""Headless figures of a run (matplotlib, Agg): intelligence, power shares, output.

Colours come from :mod:`agi_economy.palette`, as in the live view: one meaning each;
widths and fonts from :mod:`agi_economy.style` (each figure two columns wide).
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import polars as pl  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from agi_economy import palette, style  # noqa: E402
from agi_economy.clock import Clock  # noqa: E402
from agi_economy.scenario.schema import DOMAIN_NAMES, Scenario  # noqa: E402

POWER_GROUPS = tuple((col, label, colour) for col, (label, colour) in palette.POWER.items())
"""Power-share columns bottom to top, with label and colour (the palette's order)."""
BAND_SHADES = palette.BAND_SHADES


def shade_domains(
    ax, bounds, low: float, high: float, *, inside: bool = False, fontsize: float | None = None
) -> list:
    """Shade the cognitive-domain bands between ``low`` and ``high`` (log axis) and name them.

    A band is named only when it is tall enough on the axis for its name not to overlap
    its neighbours; names sit right of the axes, or just inside them with ``inside``.
    Returns the artists drawn, so a live chart can remove them when its limits move.
    """
    artists = []
    edges = [0.0, *bounds, math.inf]
    span = math.log10(high / low)
    x, align, size = (0.995, "right", 6) if inside else (1.01, "left", 7)
    size = fontsize or size
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
                color=palette.BAND_TEXT,
                zorder=1,
            )
        )
    return artists


ALIGNED_COLOUR, MISALIGNED_COLOUR, MAXIMUM_COLOUR = palette.ALIGNED, palette.MISALIGNED, palette.INK
EVENT_MARKERS = {
    "escape": ("^", "escape"),
    "takeover": ("*", "takeover"),
    "shutdown": ("x", "shut down"),
}
"""How an event is marked on the intelligence chart: matplotlib marker and legend label."""


def _years(step: pl.Series | pl.Expr, scenario: Scenario):
    """Calendar time in years of a step column (the clock's one conversion)."""
    return step * Clock(scenario.meta.months_per_step).years_per_step


def _mark_events(ax, events: pl.DataFrame, scenario: Scenario) -> None:
    """Escapes and shutdowns as markers on their system's line; the takeover as a line."""
    for kind, (marker, label) in EVENT_MARKERS.items():
        rows = events.filter(pl.col("kind") == kind)
        placed = rows.filter(pl.col("intelligence").is_not_null())
        if placed.height:
            ax.scatter(
                _years(placed["step"], scenario),
                placed["intelligence"].clip(1e-3),
                marker=marker,
                s=60 if kind == "takeover" else 36,
                color=palette.INK,
                zorder=4,
                label=label,
                gid=kind,
            )
        elif rows.height:  # a takeover belongs to no one system
            ax.axvline(
                float(_years(rows["step"], scenario)[0]),
                color=palette.INK,
                lw=0.9,
                ls="-.",
                zorder=1,
                label=label,
                gid=kind,
            )


def intelligence_figure(
    agents: pl.DataFrame,
    steps: pl.DataFrame,
    scenario: Scenario,
    events: pl.DataFrame | None = None,
) -> Figure:
    """Each AGI's intelligence over calendar time on a log scale, with the domain bands.

    The maximum is a dashed line behind the systems, so the system it follows stays
    visible; a shut-down system's line ends where it was shut down; escapes, shutdowns
    and the takeover are marked; a note says when lines flatten at the cap.
    """
    fig = style.figure(style.DOUBLE, 4.0)
    ax = fig.subplots()
    agis = agents.filter(pl.col("kind") == "agi")
    top = max(float(steps["max_intelligence"].max() or 1.0), 1.0) * 3
    low = max(1e-3, float(agis["intelligence"].min() or 1.0) / 2)
    shade_domains(ax, scenario.agis.domain_bounds, low, top)
    live = agis.filter(pl.col("status") != "shutdown")
    for _, part in live.group_by("agent_id", maintain_order=True):
        aligned = bool(part["aligned"][0])
        ax.plot(
            _years(part["step"], scenario),
            part["intelligence"].clip(1e-3),
            lw=1.2,
            color=ALIGNED_COLOUR if aligned else MISALIGNED_COLOUR,
            alpha=0.9,
            zorder=3 if not aligned else 2,
            gid=f"agi-{int(part['agent_id'][0])}",
        )
    ax.plot(
        _years(steps["step"], scenario),
        steps["max_intelligence"].clip(1e-3),
        color=MAXIMUM_COLOUR,
        lw=1,
        ls=(0, (4, 3)),
        zorder=1.5,
        label="maximum",
        gid="maximum",
    )
    ax.plot([], [], color=ALIGNED_COLOUR, label="aligned AGI")
    ax.plot([], [], color=MISALIGNED_COLOUR, label="misaligned AGI")
    if events is not None and events.height:
        _mark_events(ax, events, scenario)
    cap = scenario.agis.growth.intelligence_cap
    if float(steps["max_intelligence"].max() or 0.0) >= cap * (1 - 1e-9):
        ax.axhline(cap, color=MAXIMUM_COLOUR, lw=0.6, ls=":", zorder=1)
        ax.text(
            0.01,
            0.98,
            f"lines flatten at the cap I = {cap:.3g} (numerical safeguard)",
            transform=ax.transAxes,
            ha="left",
            va="top",
            fontsize=style.TICK,
            gid="cap-note",
        )
    ax.set_yscale("log")
    ax.set_ylim(low, top)
    ax.set_xlabel(style.TIME_LABEL)
    ax.set_ylabel("intelligence (1 = par-human)")
    ax.set_title(f"{scenario.meta.name}: AGI intelligence")
    ax.legend(loc="lower right")
    return style.finish(fig)


def power_figure(steps: pl.DataFrame, scenario: Scenario) -> Figure:
    """Stacked power shares over calendar time, misaligned AGIs at the bottom.

    So the takeover threshold reads off the axis; then aligned AGIs, labs and people.
    """
    fig = style.figure(style.DOUBLE, 3.4)
    ax = fig.subplots()
    ax.stackplot(
        _years(steps["step"], scenario),
        *[steps[col] for col, _, _ in POWER_GROUPS],
        labels=[label for _, label, _ in POWER_GROUPS],
        colors=[colour for _, _, colour in POWER_GROUPS],
    )
    ax.axhline(
        scenario.economy.takeover_threshold,
        color=palette.INK,
        ls="--",
        lw=0.8,
        label="takeover threshold",
    )
    ax.set_ylim(0, 1)
    ax.set_xlabel(style.TIME_LABEL)
    ax.set_ylabel("share of power")
    ax.set_title(f"{scenario.meta.name}: power shares")
    by_label = dict(zip(*reversed(ax.get_legend_handles_labels()), strict=True))
    shown = [label for _, label, _ in reversed(POWER_GROUPS)] + ["takeover threshold"]
    ax.legend([by_label[x] for x in shown], shown, loc="upper left")  # as stacked
    return style.finish(fig)


def output_figure(steps: pl.DataFrame, scenario: Scenario) -> Figure:
    """Total output on a log scale over calendar time."""
    fig = style.figure(style.DOUBLE, 2.8)
    ax = fig.subplots()
    ax.plot(_years(steps["step"], scenario), steps["output"], color=palette.INK)
    ax.set_yscale("log")
    ax.set_xlabel(style.TIME_LABEL)
    months = scenario.meta.months_per_step
    ax.set_ylabel(f"output (wealth per step\nof {months:g} months)")
    ax.set_title(f"{scenario.meta.name}: output")
    return style.finish(fig)


def run_figures(result, out: Path) -> list[Path]:
    """Write the three figures of a run into ``out``; return their paths."""
    names = ("intelligence", "power", "output")
    paths = [out / f"{name}.png" for name in names]
    for name, path in zip(names, paths, strict=True):
        result.plot(name).savefig(path, dpi=style.DPI)
    return paths
