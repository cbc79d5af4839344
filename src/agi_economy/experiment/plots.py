"""Figures of comparisons and sweeps (matplotlib, headless: no pyplot, no display).

- :func:`comparison_figure` (:mod:`~agi_economy.experiment.comparison_plot`): each arm's
  measures with 95% intervals, and the paired difference in takeover probability.
- :func:`phase_figure`: takeover probability over two parameters, the picture the
  research post asks for (e.g. ``agis.growth.k`` against ``containment.box_strength``).
- :func:`curve_figure`: takeover probability against one parameter.
- :func:`sobol_figure`: first- and total-order Sobol indices with their intervals.

Widths, fonts and colours are :mod:`agi_economy.style`'s and
:mod:`agi_economy.palette`'s.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import polars as pl
from matplotlib.figure import Figure

from agi_economy import palette, style
from agi_economy.experiment.comparison_plot import comparison_figure

__all__ = ["comparison_figure", "curve_figure", "phase_figure", "sobol_figure"]


def _errors(table: pl.DataFrame, name: str) -> tuple[np.ndarray, np.ndarray]:
    """Point estimates and asymmetric error bars (NaN where a bound is missing)."""
    x = table[name].cast(pl.Float64).fill_null(np.nan).to_numpy()
    lo = table[f"{name}_low"].cast(pl.Float64).fill_null(np.nan).to_numpy()
    hi = table[f"{name}_high"].cast(pl.Float64).fill_null(np.nan).to_numpy()
    err = np.vstack([np.nan_to_num(x - lo, nan=0.0), np.nan_to_num(hi - x, nan=0.0)])
    return x, np.clip(err, 0.0, None)


def phase_figure(table: pl.DataFrame, x: str, y: str, *, grid: bool, title: str = "") -> Figure:
    """Takeover probability over parameters ``x`` and ``y`` (averaged over any others).

    A grid design is drawn cell by cell; other designs are binned into squares with
    their points on top.
    """
    fig = style.figure(style.SINGLE, 3.0)
    ax = fig.subplots()
    data = table.select(x, y, "takeover_probability").drop_nulls()
    cmap = palette.PROBABILITY_MAP
    if grid:
        mean = data.group_by(x, y).agg(pl.col("takeover_probability").mean())
        xs = np.sort(np.unique(mean[x].to_numpy()))
        ys = np.sort(np.unique(mean[y].to_numpy()))
        z = np.full((ys.size, xs.size), np.nan)
        for a, b, p in mean.iter_rows():
            z[np.searchsorted(ys, b), np.searchsorted(xs, a)] = p
        mesh = ax.pcolormesh(_edges(xs), _edges(ys), z, cmap=cmap, vmin=0.0, vmax=1.0)
    else:
        px, py, pz = (data[c].to_numpy().astype(float) for c in (x, y, "takeover_probability"))
        bins = int(np.clip(math.sqrt(max(len(pz), 1) / 3), 3, 20))
        total, xe, ye = np.histogram2d(px, py, bins=bins, weights=pz)
        count, _, _ = np.histogram2d(px, py, bins=[xe, ye])
        with np.errstate(invalid="ignore", divide="ignore"):
            z = np.where(count > 0, total / np.maximum(count, 1), np.nan)
        mesh = ax.pcolormesh(xe, ye, z.T, cmap=cmap, vmin=0.0, vmax=1.0)
        ax.scatter(px, py, c=pz, cmap=cmap, vmin=0.0, vmax=1.0, s=12, edgecolors="white", lw=0.4)
    fig.colorbar(mesh, ax=ax, label="P(takeover)")
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    ax.set_title(textwrap.fill(title or "takeover probability", 44))
    return style.finish(fig)


def curve_figure(table: pl.DataFrame, x: str, title: str = "") -> Figure:
    """Takeover probability (with its Wilson interval) against one parameter."""
    fig = style.figure(style.SINGLE, 2.6)
    ax = fig.subplots()
    data = table.sort(x)
    p, err = _errors(data, "takeover_probability")
    ax.errorbar(data[x].to_numpy(), p, yerr=err, fmt="o-", color=palette.INK, ms=4, capsize=3)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel(x)
    ax.set_ylabel("P(takeover), 95% Wilson interval")
    ax.set_title(textwrap.fill(title or "takeover probability", 48))
    ax.grid(alpha=0.3)
    return style.finish(fig)


def _edges(centres: np.ndarray) -> np.ndarray:
    """Cell edges around sorted centres (a single centre gets a unit-wide cell)."""
    if centres.size == 1:
        return np.array([centres[0] - 0.5, centres[0] + 0.5])
    mids = (centres[1:] + centres[:-1]) / 2.0
    return np.concatenate([[2 * centres[0] - mids[0]], mids, [2 * centres[-1] - mids[-1]]])


ROUGH_INTERVAL = 0.1
"""Half-width of a Sobol index's interval above which the sample is too small to read it."""


def sobol_figure(indices: pl.DataFrame, title: str = "", base_samples: int | None = None) -> Figure:
    """Bars of first- (S1) and total-order (ST) indices per parameter, one panel per output.

    Each bar carries SALib's bootstrap interval. Indices lie in [0, 1]; an estimate
    outside it, an interval wider than +-:data:`ROUGH_INTERVAL` or a missing interval
    means the sample is too small for the indices, and the figure says so with the
    number of base samples (``base_samples``, the N of Saltelli's design).
    """
    outputs = indices["output"].unique(maintain_order=True).to_list()
    fig = style.figure(style.DOUBLE, 3.0)
    axes = np.atleast_1d(fig.subplots(1, len(outputs), sharey=True))
    bars = (
        (-0.2, "S1", "S1 (first order)", palette.FIRST_ORDER),
        (0.2, "ST", "ST (total order)", palette.TOTAL_ORDER),
    )
    for ax, output in zip(axes, outputs, strict=True):
        rows = indices.filter(pl.col("output") == output)
        names = rows["parameter"].to_list()
        pos = np.arange(len(names))
        for shift, key, label, colour in bars:
            v = rows[key].cast(pl.Float64).fill_null(np.nan).to_numpy()
            low = rows[f"{key}_low"].cast(pl.Float64).fill_null(np.nan).to_numpy()
            high = rows[f"{key}_high"].cast(pl.Float64).fill_null(np.nan).to_numpy()
            ax.bar(pos + shift, v, width=0.4, color=colour, label=label)
            err = np.vstack([v - low, high - v])
            ax.errorbar(pos + shift, v, yerr=err, fmt="none", ecolor=palette.INK, capsize=2, lw=0.8)
        ax.set_xticks(pos, names, rotation=20, ha="right")
        ax.set_title(output)
        ax.axhline(0.0, color=palette.INK, lw=0.8)
        ax.axhline(1.0, color=palette.INK, lw=0.6, ls=":")
    axes[0].set_ylabel("Sobol index")
    axes[0].legend()
    fig.supxlabel(textwrap.fill(sample_note(indices, base_samples), 120))
    if title:
        fig.suptitle(title)
    return style.finish(fig)


def sample_note(indices: pl.DataFrame, base_samples: int | None = None) -> str:
    """What the intervals are, and whether the sample is too small for the indices."""
    n = f"N = {base_samples} base samples" if base_samples else "the sample"
    values = np.concatenate(
        [indices[k].cast(pl.Float64).fill_null(np.nan).to_numpy() for k in ("S1", "ST")]
    )
    conf = np.concatenate(
        [indices[f"{k}_conf"].cast(pl.Float64).fill_null(np.nan).to_numpy() for k in ("S1", "ST")]
    )
    reasons = []
    if (np.isfinite(values) & ((values < 0.0) | (values > 1.0))).any():
        reasons.append("indices outside [0, 1]")
    if (~np.isfinite(conf)).any():
        reasons.append("intervals missing")
    if (np.isfinite(conf) & (conf > ROUGH_INTERVAL)).any():
        reasons.append(f"intervals wider than +-{ROUGH_INTERVAL:g}")
    note = "bars: 95% bootstrap intervals (SALib)"
    if reasons:
        note += (
            f". {n[0].upper()}{n[1:]} is too small for these indices ({', '.join(reasons)}: "
            "sampling error); more --samples narrow the intervals."
        )
    elif base_samples:
        note += f"; {n}."
    return note
