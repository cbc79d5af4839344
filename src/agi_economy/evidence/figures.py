"""Figures of the evidence posterior (matplotlib, Agg): densities and data against the fit.

Two columns wide, one panel per mechanism, each x axis naming its parameter and unit;
colours and fonts are :mod:`agi_economy.palette`'s and :mod:`agi_economy.style`'s.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from agi_economy import palette, style  # noqa: E402
from agi_economy.evidence.mapping import MECHANISMS, PARAMETERS  # noqa: E402
from agi_economy.evidence.posterior import Posterior  # noqa: E402


def _used(posterior: Posterior) -> list:
    return [fp for fp in posterior.families.values() if fp.data]


def density_panels(families: list[tuple[str, np.ndarray, bool]], band: float) -> Figure:
    """One panel per ``(family, values in a new setting, is a k)``: its density, log axis.

    The live view's posterior panel draws this figure too, so a density looks the same
    in a written figure and on the page.
    """
    fig = style.figure(style.DOUBLE, 1.9 * len(families) + 0.2)
    axes = fig.subplots(len(families), 1, squeeze=False)
    for ax, (family, values, is_k) in zip(axes[:, 0], families, strict=True):
        bins = np.logspace(*np.log10(np.quantile(values, [0.001, 0.999])), 60)
        # Equal bins in log: weights give the probability per bin (density=True would
        # divide by linear bin widths and inflate the narrow bins on the left).
        weights = np.full(values.shape[0], 1.0 / values.shape[0])
        ax.hist(values, bins=bins, weights=weights, color=palette.NEW_SETTING, alpha=0.8)
        ax.set_ylabel("probability per bin")
        ax.set_xscale("log")
        ax.set_xlabel(f"{PARAMETERS[family]} in a new setting (log scale)")
        if is_k:
            ax.axvspan(
                1 - band, 1 + band, color=palette.COMBUSTION, alpha=0.4, label="combustion band"
            )
            ax.axvline(1.0, color=palette.INK, lw=1, label="k = 1")
            ax.legend(loc="upper right")
        ax.set_title(MECHANISMS[family])
    return style.finish(fig)


def densities_figure(posterior: Posterior, band: float) -> Figure:
    """Posterior density of each mechanism's parameter in a new setting (log axis)."""
    return density_panels([(fp.family, fp.value(), fp.is_k) for fp in _used(posterior)], band)


def data_fit_figure(posterior: Posterior) -> Figure:
    """Each source's estimate (95% interval) against its pooled posterior and the new setting."""
    fams = _used(posterior)
    fig = style.figure(style.DOUBLE, 1.7 * len(fams) + 0.4)
    axes = fig.subplots(len(fams), 1, squeeze=False)
    for ax, fp in zip(axes[:, 0], fams, strict=True):
        rows = [(d.source, d.y, d.se) for d in fp.data]
        for i, (name, y, se) in enumerate(rows):
            lo, hi = np.exp(y - 1.96 * se), np.exp(y + 1.96 * se)
            ax.plot([lo, hi], [i + 0.15] * 2, color=palette.INK, alpha=0.45)
            ax.plot(np.exp(y), i + 0.15, "o", color=palette.INK, ms=4)
            q = np.exp(np.quantile(fp.log_theta[name], [0.05, 0.5, 0.95]))
            ax.plot([q[0], q[2]], [i - 0.15] * 2, color=palette.POSTERIOR, lw=2)
            ax.plot(q[1], i - 0.15, "s", color=palette.POSTERIOR, ms=4)
        q = np.exp(np.quantile(fp.log_new, [0.05, 0.5, 0.95]))
        ax.plot([q[0], q[2]], [len(rows)] * 2, color=palette.NEW_SETTING, lw=2)
        ax.plot(q[1], len(rows), "D", color=palette.NEW_SETTING, ms=4)
        ax.set_yticks(range(len(rows) + 1), [r[0] for r in rows] + ["new setting"])
        ax.set_xscale("log")
        ax.set_xlabel(f"{PARAMETERS[fp.family]} (log scale)")
        ax.set_title(f"{MECHANISMS[fp.family]}: data (dark, 95%) and fit (blue, 90%)")
    return style.finish(fig)


def plot_densities(posterior: Posterior, band: float, path: Path) -> Path:
    """Write :func:`densities_figure` to ``path``."""
    densities_figure(posterior, band).savefig(path, dpi=style.DPI)
    return path


def plot_data_fit(posterior: Posterior, path: Path) -> Path:
    """Write :func:`data_fit_figure` to ``path``."""
    data_fit_figure(posterior).savefig(path, dpi=style.DPI)
    return path
