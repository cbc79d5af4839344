"""The robustness figure: each policy's four measures with their intervals."""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from agi_economy import style
from agi_economy.experiment.plots import _errors
from agi_economy.palette import policy_colours


def robust_figure(result: Any) -> Figure:
    """One forest plot per measure (two by two), a line per policy, best regret at the top.

    Each policy has its colour of the exploration's other figures
    (:func:`agi_economy.palette.policy_colours`); the figure is two columns wide.
    """
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
    colours = policy_colours(labels)
    y = np.arange(len(labels))[::-1]
    fig = style.figure(style.DOUBLE, 1.6 + 0.5 * len(labels))
    axes = fig.subplots(2, 2, sharey=True).ravel()
    for ax, (name, label) in zip(axes, panels, strict=True):
        x, err = _errors(table, name)
        for row, policy in enumerate(labels):
            ax.errorbar(x[row : row + 1], y[row : row + 1], xerr=err[:, row : row + 1], fmt="o",
                        color=colours[policy], ms=4, capsize=3, label=policy)  # fmt: skip
        ax.set_title(textwrap.fill(label, 60))
        ax.grid(axis="x", alpha=0.3)
        ax.set_yticks(y, labels)
    fig.suptitle(
        textwrap.fill(
            f"robustness over {result.values['point'].n_unique()} explored points (95% "
            "intervals; max regret: paired bootstrap over replicates)",
            110,
        )
    )
    return style.finish(fig)
