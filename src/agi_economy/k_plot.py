"""The figure of successive gains: G_{n+1} against G_n on log axes, per AGI (matplotlib, Agg).

Under the criticality model the points of one AGI fall on the line G_{n+1} = k^m G_n
(m iterations per gain); the diagonal is k = 1 (combustion). Points below it fizzle,
above it explode. Time runs in calendar years; widths and fonts are
:mod:`agi_economy.style`'s.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import polars as pl  # noqa: E402
from matplotlib import colormaps  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from agi_economy import palette, style  # noqa: E402
from agi_economy.analysis import KEstimate  # noqa: E402
from agi_economy.clock import Clock  # noqa: E402

MAX_LABELLED = 10  # AGIs named in the legend; the rest are drawn unlabelled


def successive_gains_figure(
    pairs: pl.DataFrame,
    per_agent: pl.DataFrame,
    pooled: KEstimate,
    path: Path,
    title: str = "",
    months_per_step: float = 1.0,
) -> Path:
    """Successive gains per AGI with the lines of their estimated k; write ``path``.

    Left: G_{n+1} against G_n on log axes, each AGI's line G_{n+1} = k^m G_n and the
    diagonal k = 1. Right: the per-iteration ratio (G_{n+1} / G_n)^(1/m) over the run,
    where a k near 1 is easier to tell from 1.

    Args:
        pairs: from :func:`agi_economy.analysis.successive_gains`.
        per_agent: from :func:`agi_economy.analysis.k_by_agent`.
        pooled: the estimate over every AGI, drawn in black.
        path: PNG file to write.
        title: first line of the title.
        months_per_step: the run's step length (``meta.months_per_step``), for the
            calendar axis.
    """
    fig = gains_figure(pairs, per_agent, pooled, title, months_per_step)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=style.DPI)
    return path


def gains_figure(
    pairs: pl.DataFrame,
    per_agent: pl.DataFrame,
    pooled: KEstimate,
    title: str = "",
    months_per_step: float = 1.0,
) -> Figure:
    """The figure :func:`successive_gains_figure` writes (two columns wide)."""
    fig = style.figure(style.DOUBLE, 3.8)
    ax, bx = fig.subplots(1, 2)
    colours = colormaps["tab10"]  # one hue per AGI, to match its points to its line
    years = Clock(months_per_step).years_per_step
    k_of = {row["agent_id"]: row for row in per_agent.iter_rows(named=True)}
    lo, hi = np.inf, 0.0
    for j, (key, part) in enumerate(pairs.group_by("agent_id", maintain_order=True)):
        agent = key[0]
        x, y = part["gain"].to_numpy(), part["next_gain"].to_numpy()
        m = part["iterations"].to_numpy()
        lo, hi = min(lo, x.min(), y.min()), max(hi, x.max(), y.max())
        row = k_of.get(agent, {})
        k = row.get("k_hat")
        aligned = row.get("aligned")
        who = "" if aligned is None else (" aligned" if aligned else " misaligned")
        label = f"AGI {agent}{who}: k = {k:.4g}" if k is not None else f"AGI {agent}"
        colour = colours(j % 10)
        label = label if j < MAX_LABELLED else None
        ax.scatter(x, y, s=14, alpha=0.7, color=colour, label=label)
        t = part["step"].to_numpy() * years
        bx.scatter(t, (y / x) ** (1.0 / m), s=10, alpha=0.7, color=colour)
        if k is not None:
            mode = int(part["iterations"].mode().min())
            xs = np.array([x.min(), x.max()])
            ax.plot(xs, xs * k**mode, color=colour, lw=1)
            bx.hlines(k, t.min(), t.max(), color=colour, lw=1)
    if hi > 0.0:
        xs = np.array([lo / 1.5, hi * 1.5])
        ax.plot(xs, xs, color="#999999", ls="--", lw=1, label="k = 1 (combustion)")
        bx.axhline(1.0, color="#999999", ls="--", lw=1)
        if pooled.k is not None:
            m = int(pairs["iterations"].mode().min())
            ax.plot(xs, xs * pooled.k**m, color=palette.INK, lw=1.5, label=_pooled_label(pooled))
            bx.axhline(pooled.k, color=palette.INK, lw=1.5, label="pooled k")
            if pooled.low is not None:
                bx.axhspan(pooled.low, pooled.high, color=palette.INK, alpha=0.08, lw=0,
                           label="its interval")  # fmt: skip
            bx.legend(loc="best")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.legend(loc="upper left")
    else:
        for axis in (ax, bx):
            axis.text(
                0.5, 0.5, "no successive positive gains", ha="center", transform=axis.transAxes
            )
    n_agis = pairs["agent_id"].n_unique()
    if n_agis > MAX_LABELLED:
        ax.text(
            0.99,
            0.01,
            f"{n_agis - MAX_LABELLED} more AGIs unlabelled",
            fontsize=style.TICK,
            ha="right",
            transform=ax.transAxes,
        )
    ax.set_xlabel("gain of a step, G_n [I]")
    ax.set_ylabel("gain of the next step, G_n+1 [I]")
    ax.set_title("G_n+1 against G_n; lines: G_n+1 = k^m G_n")
    bx.set_xlabel(style.TIME_LABEL)
    bx.set_ylabel("(G_n+1 / G_n)^(1/m): k per iteration")
    bx.set_title("ratio per iteration, with the pooled k")
    fig.suptitle(f"{title}: successive gains of each AGI".strip(": "))
    return style.finish(fig)


def _pooled_label(est: KEstimate) -> str:
    interval = f" [{est.low:.3g}, {est.high:.3g}]" if est.low is not None else ""
    return f"all AGIs: k = {est.k:.3g}{interval}, {est.regime}"
