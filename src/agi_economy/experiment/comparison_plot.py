"""The comparison figure: each arm's measures with their 95% intervals, for a paper.

A grid of forest plots (three panels a row) the width of a double column
(:data:`agi_economy.style.DOUBLE`), each arm in its colour
(:func:`agi_economy.palette.policy_colours`). Every panel shows something: a
degenerate interval (every run gave the same value) is drawn as an open diamond with
a note, and a measure no arm has a value for says so in words. A log axis is used
only where the values span at least two orders of magnitude, with labelled ticks at
powers of ten only, so tick labels never overlap.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import polars as pl
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import LogLocator, MaxNLocator, NullFormatter

from agi_economy import style
from agi_economy.palette import INK, NEUTRAL, policy_colours

PANELS = (
    ("takeover_probability", "P(takeover)", False),
    ("diff_takeover_probability", "P(takeover) - baseline (paired)", False),
    ("median_max_intelligence", "median max intelligence [I]", True),
    ("mean_human_power_share", "mean final human power share", False),
    ("mean_output_growth", "mean output growth [ln / year]", False),
)
"""Measure, panel title (with its unit) and whether a wide span may use a log axis."""

COLUMNS = 3
DEGENERATE_NOTE = "◇ every run gave this value: the interval is a point"
LOG_SPAN = 100.0
"""Largest over smallest positive value from which a panel uses a log axis."""


def _values(table: pl.DataFrame, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Point estimates and bounds, NaN where missing (bounds default to the estimate)."""

    def column(key: str) -> np.ndarray:
        if key not in table.columns:
            return np.full(table.height, np.nan)
        return table[key].cast(pl.Float64).fill_null(np.nan).to_numpy()

    x = column(name)
    low, high = column(f"{name}_low"), column(f"{name}_high")
    return x, np.where(np.isnan(low), x, low), np.where(np.isnan(high), x, high)


def _scale(ax: Axes, values: np.ndarray, log: bool) -> None:
    """Log axis with ticks at powers of ten for a wide positive span, else a few linear ticks."""
    finite = values[np.isfinite(values)]
    if log and finite.size and finite.min() > 0 and finite.max() / finite.min() >= LOG_SPAN:
        ax.set_xscale("log")
        ax.xaxis.set_major_locator(LogLocator(base=10.0, numticks=5))
        ax.xaxis.set_minor_formatter(NullFormatter())
    else:
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]))
        if finite.size and np.ptp(finite) == 0.0:  # one value: centre it in a visible range
            pad = max(abs(float(finite[0])) * 0.1, 0.05)
            ax.set_xlim(float(finite[0]) - pad, float(finite[0]) + pad)


def _panel(ax: Axes, table: pl.DataFrame, name: str, label: str, log: bool, y: np.ndarray) -> bool:
    """Draw one measure; returns whether it drew a degenerate interval."""
    x, low, high = _values(table, name)
    shown = np.isfinite(x)
    point = shown & (low == high)
    spread = shown & ~point
    err = np.vstack([x - low, high - x])
    colours = policy_colours(table["policy"].to_list()).values()
    for row, colour in enumerate(colours):
        if spread[row]:
            bar = err[:, row : row + 1]
            ax.errorbar(x[row : row + 1], y[row : row + 1], xerr=bar, fmt="o", color=colour,
                        ms=4, capsize=2, lw=1)  # fmt: skip
        elif point[row]:
            ax.plot(x[row], y[row], "D", mfc="white", mec=colour, ms=5, ls="none")
    for row in np.flatnonzero(~shown):
        ax.text(
            0.5,
            y[row],
            "no value",
            transform=ax.get_yaxis_transform(),
            ha="center",
            va="center",
            fontsize=style.TICK,
            color=NEUTRAL,
        )
    if name.startswith("diff_") and shown.any():
        ax.axvline(0.0, color=INK, lw=0.8, ls="--")
    _scale(ax, np.concatenate([x, low, high]), log)
    if not shown.any():
        ax.set_xticks([])  # no value in any arm: no axis to read
    ax.set_title(textwrap.fill(label, 32))
    ax.grid(axis="x", alpha=0.3)
    return bool(point.any())


def comparison_figure(table: pl.DataFrame, title: str = "") -> Figure:
    """A grid of forest plots, one arm per line, one measure per panel, two columns wide."""
    labels = table["policy"].to_list()
    y = np.arange(len(labels), dtype=float)[::-1]
    rows = math.ceil(len(PANELS) / COLUMNS)
    height = rows * (0.75 + 0.22 * len(labels)) + (0.3 if title else 0.0) + 0.3
    fig = style.figure(style.DOUBLE, height)
    axes = fig.subplots(rows, COLUMNS, sharey=True, squeeze=False).ravel()
    degenerate = False
    for ax, (name, label, log) in zip(axes, PANELS, strict=False):
        degenerate |= _panel(ax, table, name, label, log, y)
        ax.set_ylim(-0.6, len(labels) - 0.4)
    for ax in axes[: len(PANELS)]:
        ax.set_yticks(y, labels)
    notes = ["● estimate with its 95% interval"]
    if degenerate:
        notes.append(DEGENERATE_NOTE)
    for ax in axes[len(PANELS) :]:
        ax.axis("off")
        text = "\n".join(textwrap.fill(note, 30, subsequent_indent="   ") for note in notes)
        ax.text(0.0, 0.5, text, fontsize=style.TICK, va="center", transform=ax.transAxes)
    if len(axes) == len(PANELS):
        fig.supxlabel("   ".join(notes))
    if title:
        fig.suptitle(title)
    return style.finish(fig)
