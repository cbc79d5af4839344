"""Figures of the evidence posterior (matplotlib, Agg): densities and data against the fit."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from agi_economy.evidence.mapping import MECHANISMS  # noqa: E402
from agi_economy.evidence.posterior import Posterior  # noqa: E402


def _used(posterior: Posterior) -> list:
    return [fp for fp in posterior.families.values() if fp.data]


def plot_densities(posterior: Posterior, band: float, path: Path) -> Path:
    """Posterior density of each mechanism's parameter in a new setting (log axis)."""
    fams = _used(posterior)
    fig, axes = plt.subplots(len(fams), 1, figsize=(7, 2.2 * len(fams)), squeeze=False)
    for ax, fp in zip(axes[:, 0], fams, strict=True):
        values = fp.value()
        bins = np.logspace(*np.log10(np.quantile(values, [0.001, 0.999])), 60)
        # Equal bins in log: weights give the probability per bin (density=True would
        # divide by linear bin widths and inflate the narrow bins on the left).
        weights = np.full(values.shape[0], 1.0 / values.shape[0])
        ax.hist(values, bins=bins, weights=weights, color="#4C72B0", alpha=0.8)
        ax.set_ylabel("probability per bin", fontsize=7)
        ax.set_xscale("log")
        if fp.is_k:
            ax.axvspan(1 - band, 1 + band, color="#DD8452", alpha=0.3, label="combustion band")
            ax.axvline(1.0, color="#C44E52", lw=1)
            ax.legend(loc="upper right", fontsize=7)
        ax.set_title(MECHANISMS[fp.family], fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def plot_data_fit(posterior: Posterior, path: Path) -> Path:
    """Each source's estimate (95% interval) against its pooled posterior and the new setting."""
    fams = _used(posterior)
    fig, axes = plt.subplots(len(fams), 1, figsize=(7, 1.8 * len(fams) + 0.4), squeeze=False)
    for ax, fp in zip(axes[:, 0], fams, strict=True):
        rows = [(d.source, d.y, d.se) for d in fp.data]
        for i, (name, y, se) in enumerate(rows):
            lo, hi = np.exp(y - 1.96 * se), np.exp(y + 1.96 * se)
            ax.plot([lo, hi], [i + 0.15] * 2, color="#8C8C8C")
            ax.plot(np.exp(y), i + 0.15, "o", color="#333333", ms=4)
            q = np.exp(np.quantile(fp.log_theta[name], [0.05, 0.5, 0.95]))
            ax.plot([q[0], q[2]], [i - 0.15] * 2, color="#4C72B0", lw=2)
            ax.plot(q[1], i - 0.15, "s", color="#4C72B0", ms=4)
        q = np.exp(np.quantile(fp.log_new, [0.05, 0.5, 0.95]))
        ax.plot([q[0], q[2]], [len(rows)] * 2, color="#C44E52", lw=2)
        ax.plot(q[1], len(rows), "D", color="#C44E52", ms=4)
        ax.set_yticks(range(len(rows) + 1), [r[0] for r in rows] + ["new setting"], fontsize=7)
        ax.set_xscale("log")
        ax.set_title(f"{MECHANISMS[fp.family]}: data (grey, 95%) and fit (blue, 90%)", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
