"""The robustness figure: each policy's four measures with their intervals."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure

from agi_economy.experiment.plots import _errors


def robust_figure(result: Any) -> Figure:
    """One forest plot per measure, a line per policy, best regret at the top."""
    table = result.table
    what = (
        "P(" + result.outcome + ")" if result.outcome in ("takeover", "escape") else result.outcome
    )
    good = ">" if result.maximize else "<"
    tail = 100 - result.percentile if result.maximize else result.percentile
    panels = (
        ("expected", f"expected {what}"),
        ("percentile", f"{tail:g}th percentile of {what}"),
        ("max_regret", "max regret (minimax)"),
        ("satisficing", f"share of points with {what} {good} {result.threshold:g}"),
    )
    labels = table["policy"].to_list()
    y = np.arange(len(labels))[::-1]
    fig = Figure(figsize=(3.3 * len(panels), 1.3 + 0.45 * len(labels)), layout="constrained")
    axes = fig.subplots(1, len(panels), sharey=True)
    for ax, (name, label) in zip(axes, panels, strict=True):
        x, err = _errors(table, name)
        ax.errorbar(x, y, xerr=err, fmt="o", color="C0", ecolor="C0", capsize=3)
        ax.set_title(label, fontsize=9)
        ax.grid(axis="x", alpha=0.3)
    axes[0].set_yticks(y, labels, fontsize=8)
    fig.suptitle(
        f"robustness over {result.values['point'].n_unique()} explored points (95% intervals; "
        "max regret: paired bootstrap over replicates)",
        fontsize=10,
    )
    return fig
