"""Figures of trajectories over calendar time (matplotlib, headless).

- :func:`fan_figure`: each measure's median per arm with its 50% and 90% bands.
- :func:`takeover_figure`: P(takeover by t) per arm with its 95% interval.
- :func:`paired_figure`: each arm's paired difference from the baseline over time.

Each arm takes its colour from :func:`agi_economy.palette.policy_colours`, the same
in every figure of an experiment; the figures have the shared look of
:mod:`agi_economy.style`.
"""

from __future__ import annotations

import importlib
import io
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from agi_economy import style
from agi_economy.experiment.trajectory import MEASURE_LABELS
from agi_economy.experiment.trajectory_stats import (
    LOG_MEASURES,
    bands,
    paired_differences,
    takeover_by_time,
)
from agi_economy.palette import INK, policy_colours

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_LOG_SCALE = ("max_intelligence", "output")


def _column(frame: pl.DataFrame, name: str) -> np.ndarray:
    return frame[name].cast(pl.Float64).fill_null(np.nan).to_numpy()


def _panels(count: int) -> tuple[Figure, list]:
    cols = min(3, count)
    rows = -(-count // cols)
    fig = style.figure(style.DOUBLE, 2.2 * rows + 0.5)
    axes = np.atleast_1d(fig.subplots(rows, cols, squeeze=False)).ravel().tolist()
    for ax in axes[count:]:
        ax.set_visible(False)
    return fig, axes[:count]


def fan_figure(table: pl.DataFrame, by: str = "policy", title: str = "") -> Figure:
    """Fan charts from :func:`~agi_economy.experiment.trajectory_stats.bands`.

    The takeover is left out (a band of a yes-or-no says little): see
    :func:`takeover_figure`. Each band is over the runs whose measure is known then.
    """
    shown = set(table["measure"].to_list()) - {"takeover"}
    measures = [m for m in MEASURE_LABELS if m in shown]
    fig, axes = _panels(len(measures))
    colours = policy_colours(table[by].to_list())
    for ax, m in zip(axes, measures, strict=True):
        for arm, colour in colours.items():
            rows = table.filter((pl.col("measure") == m) & (pl.col(by) == arm))
            t = _column(rows, "year")
            ax.fill_between(t, _column(rows, "q05"), _column(rows, "q95"), color=colour, alpha=0.12)
            ax.fill_between(t, _column(rows, "q25"), _column(rows, "q75"), color=colour, alpha=0.25)
            ax.plot(t, _column(rows, "q50"), color=colour, lw=1.5, label=str(arm))
        if m in _LOG_SCALE and np.nanmax(_column(table.filter(pl.col("measure") == m), "q95")) > 0:
            ax.set_yscale("log")
        ax.set_title(MEASURE_LABELS[m])
        ax.set_xlabel(style.TIME_LABEL)
        ax.grid(alpha=0.3)
    axes[0].legend(title="median, 50% and 90% bands")
    if title:
        fig.suptitle(title)
    return style.finish(fig)


def takeover_figure(table: pl.DataFrame, by: str = "policy", title: str = "") -> Figure:
    """P(takeover by t) from :func:`~agi_economy.experiment.trajectory_stats.takeover_by_time`."""
    fig = style.figure(style.SINGLE, 2.8)
    ax = fig.subplots()
    for arm, colour in policy_colours(table[by].to_list()).items():
        rows = table.filter(pl.col(by) == arm)
        t = _column(rows, "year")
        ax.fill_between(t, _column(rows, "low"), _column(rows, "high"), color=colour, alpha=0.2)
        ax.step(t, _column(rows, "p"), where="post", color=colour, lw=1.5, label=str(arm))
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel(style.TIME_LABEL)
    ax.set_ylabel("P(takeover by t), 95% Wilson interval")
    ax.grid(alpha=0.3)
    ax.legend()
    if title:
        ax.set_title(textwrap.fill(title, 48))
    return style.finish(fig)


def paired_figure(table: pl.DataFrame, by: str = "policy", title: str = "") -> Figure:
    """Paired differences, from :func:`.trajectory_stats.paired_differences`."""
    measures = [m for m in MEASURE_LABELS if m in set(table["measure"].to_list())]
    fig, axes = _panels(max(1, len(measures)))
    colours = policy_colours(table[by].to_list())  # the baseline's is left unused
    for ax, m in zip(axes, measures, strict=False):
        for arm, colour in colours.items():
            rows = table.filter((pl.col("measure") == m) & (pl.col(by) == arm))
            t = _column(rows, "year")
            ax.fill_between(t, _column(rows, "low"), _column(rows, "high"), color=colour, alpha=0.2)
            ax.plot(t, _column(rows, "estimate"), color=colour, lw=1.5, label=str(arm))
        ax.axhline(0.0, color=INK, lw=0.6, ls="--")
        unit = " [log10 ratio]" if m in LOG_MEASURES else ""
        what = "P difference, 95% CI" if m == "takeover" else "median, 50% band"
        ax.set_title(textwrap.fill(f"{MEASURE_LABELS[m]}{unit}: {what}", 30))
        ax.set_xlabel(style.TIME_LABEL)
        ax.grid(alpha=0.3)
    if measures:
        axes[0].legend(title="minus baseline, paired")
    if title:
        fig.suptitle(title)
    return style.finish(fig)


FigureJob = tuple[str, str, tuple]
"""A figure to draw: its file name, ``"module:function"`` of the function that makes it
(imported where it is drawn, so this process need not import matplotlib) and that
function's arguments."""


def png_of(job: FigureJob) -> tuple[str, bytes]:
    """Draw one :data:`FigureJob`: its file name and the PNG's bytes.

    A module-level function of picklable arguments, so any executor's worker can draw
    it; the bytes come back to be written here (a Dask worker may see another disk).
    """
    name, maker, args = job
    module, function = maker.split(":")
    make: Callable[..., Figure] = getattr(importlib.import_module(module), function)
    buffer = io.BytesIO()
    make(*args).savefig(buffer, format="png", dpi=style.DPI)
    return name, buffer.getvalue()


def draw_figures(root: Path, jobs: Sequence[FigureJob], executor: Any = None) -> None:
    """Write each job's PNG to ``root``, drawn on ``executor`` (default: this process).

    A figure costs about a second of matplotlib, and the runs are over by now: on a
    process pool or Dask the figures are drawn side by side on the idle workers.
    """
    if executor is None:
        from agi_economy.experiment.executors import SerialExecutor

        executor = SerialExecutor()
    for name, png in executor.map_unordered(png_of, jobs):
        (root / name).write_bytes(png)


def write_trajectory_outputs(
    root: Path,
    by: str,
    baseline: str | None,
    pair_on: Sequence[str],
    title: str,
    *,
    plot: bool = True,
    also: Sequence[FigureJob] = (),
    executor: Any = None,
) -> dict[str, pl.DataFrame]:
    """From ``root/trajectories.parquet``: the band, takeover and paired tables and figures.

    Writes ``trajectory_bands.parquet``, ``takeover_by_time.parquet``,
    ``paired_trajectories.parquet`` (with a baseline) and, with ``plot``, ``fan.png``,
    ``takeover_by_time.png`` and ``paired_trajectories.png``, drawn with the figures
    ``also`` lists on ``executor`` (:func:`draw_figures`). Returns the tables.
    """
    path = root / "trajectories.parquet"
    if not path.exists():
        if plot:
            draw_figures(root, also, executor)
        return {}
    lazy = pl.scan_parquet(path)
    tables = {"bands": bands(lazy, by), "takeover_by_time": takeover_by_time(lazy, by)}
    if baseline is not None:
        tables["paired"] = paired_differences(lazy, baseline, by, pair_on)
    names = {"bands": "trajectory_bands", "takeover_by_time": "takeover_by_time"}
    names["paired"] = "paired_trajectories"
    for key, table in tables.items():
        table.write_parquet(root / f"{names[key]}.parquet")
    if plot:
        # the slowest first, so two workers finish about together
        fan = (tables["bands"], by, title)
        jobs: list[FigureJob] = [("fan.png", f"{__name__}:fan_figure", fan)]
        if "paired" in tables and tables["paired"].height:
            paired = (tables["paired"], by, title)
            jobs.append(("paired_trajectories.png", f"{__name__}:paired_figure", paired))
        jobs.extend(also)
        takeover = (tables["takeover_by_time"], by, title)
        jobs.append(("takeover_by_time.png", f"{__name__}:takeover_figure", takeover))
        draw_figures(root, jobs, executor)
    return tables
