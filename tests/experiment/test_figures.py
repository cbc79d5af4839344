"""Experiment figures fit a paper: comparison grid, readable ticks, degenerate intervals, Sobol."""

from __future__ import annotations

import itertools

import numpy as np
import polars as pl
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection

from agi_economy.experiment.plots import comparison_figure, sobol_figure

ARMS = ["none", "pause:above=1.5", "rsi_gating"]


def _table(**measures: list[tuple[float | None, float | None, float | None]]) -> pl.DataFrame:
    """A comparison table: each measure given as (estimate, low, high) per arm."""
    base = {
        "takeover_probability": [(1.0, 0.89, 1.0), (0.5, 0.33, 0.67), (0.0, 0.0, 0.11)],
        "diff_takeover_probability": [(0.0, 0.0, 0.0), (-0.5, -0.7, -0.3), (-1.0, -1.0, -0.89)],
        "median_max_intelligence": [(1.3, 1.1, 1.6), (2.9, 2.5, 3.4), (8.0, 7.0, 9.0)],
        "mean_human_power_share": [(0.01, 0.005, 0.02), (0.02, 0.01, 0.03), (0.03, 0.02, 0.04)],
        "mean_output_growth": [(0.1, 0.05, 0.15), (0.2, 0.1, 0.3), (0.05, 0.0, 0.1)],
    } | measures
    columns: dict[str, list] = {"policy": ARMS}
    for name, rows in base.items():
        for i, suffix in enumerate(("", "_low", "_high")):
            columns[name + suffix] = pl.Series([r[i] for r in rows], dtype=pl.Float64)
    return pl.DataFrame(columns)


def _panels(fig):
    return [ax for ax in fig.axes if ax.axison]


def _texts(fig) -> str:
    texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    return " ".join(" ".join(texts).split())


def test_comparison_is_a_grid_for_a_double_column():
    """The figure is about 7 inches wide, its five panels in more than one row."""
    fig = comparison_figure(_table(), "foom")
    width, height = fig.get_size_inches()
    assert 6.5 <= width <= 7.2
    assert height <= 9.0
    panels = _panels(fig)
    assert len(panels) == 5
    assert len({round(ax.get_position().y0, 3) for ax in panels}) >= 2


@pytest.mark.parametrize(
    "intelligence",
    [
        [(1.3, 1.1, 1.6), (2.9, 2.5, 3.4), (8.0, 7.0, 9.0)],  # under a decade: minor labels
        [(1.2, 1.1, 1.4), (1.9, 1.5, 2.5), (3.5, 3.0, 4.0)],
        [(1e12, 1e12, 1e12), (2.0, 1.5, 3.0), (1e6, 1e3, 1e9)],  # twelve decades
        [(0.4, 0.3, 40.0), (0.5, 0.45, 0.55), (12.0, 10.0, 14.0)],
    ],
)
def test_tick_labels_never_overlap(intelligence):
    """No two visible tick labels of any panel overlap, on a log or a linear axis."""
    fig = comparison_figure(_table(median_max_intelligence=intelligence))
    FigureCanvasAgg(fig).draw()
    renderer = fig.canvas.get_renderer()
    for ax in _panels(fig):
        low, high = sorted(ax.get_xlim())
        labels = [
            label.get_window_extent(renderer)
            for label in ax.get_xticklabels() + ax.get_xticklabels(minor=True)
            if label.get_visible() and label.get_text() and low <= label.get_position()[0] <= high
        ]
        for a, b in itertools.combinations(labels, 2):
            assert not a.overlaps(b), ax.get_title()


def test_degenerate_interval_is_a_point_with_a_note():
    """An interval of one value is drawn as a marker at that value, and the figure says why."""
    fig = comparison_figure(_table(mean_human_power_share=[(0.0, 0.0, 0.0)] * 3))
    panel = next(ax for ax in _panels(fig) if "human power" in ax.get_title())
    drawn = np.concatenate(
        [line.get_xdata() for line in panel.get_lines() if len(line.get_xdata())]
    )
    assert drawn.size == 3
    assert np.all(drawn == 0.0)
    low, high = panel.get_xlim()
    assert low < 0.0 < high
    assert "the interval is a point" in _texts(fig)


def test_a_measure_without_values_says_so():
    """A measure no arm has a value for is a panel saying so, not an empty frame."""
    fig = comparison_figure(_table(mean_output_growth=[(None, None, None)] * 3))
    panel = next(ax for ax in _panels(fig) if "output growth" in ax.get_title())
    assert [t.get_text() for t in panel.texts] == ["no value"] * 3


def _indices(s1: list[float], conf: list[float | None]) -> pl.DataFrame:
    rows = []
    for i, (value, c) in enumerate(zip(s1, conf, strict=True)):
        row = {"output": "takeover_probability", "parameter": f"p{i}"}
        for key, v in (("S1", value), ("ST", min(value + 0.1, 1.0))):
            row |= {key: v, f"{key}_conf": c}
            row |= {f"{key}_low": None if c is None else v - c}
            row |= {f"{key}_high": None if c is None else v + c}
        rows.append(row)
    schema = {"output": pl.String, "parameter": pl.String} | {
        f"{k}{s}": pl.Float64 for k in ("S1", "ST") for s in ("", "_conf", "_low", "_high")
    }
    return pl.DataFrame(rows, schema=schema)


def test_sobol_figure_draws_salibs_intervals():
    """Each index bar carries its interval from low to high, as SALib gave it."""
    indices = _indices([0.6, 0.2], [0.05, 0.04])
    fig = sobol_figure(indices, base_samples=1024)
    ax = fig.axes[0]
    spans = sorted(
        (round(float(seg[0][1]), 6), round(float(seg[1][1]), 6))
        for collection in ax.collections
        if isinstance(collection, LineCollection)
        for seg in collection.get_segments()
    )
    expected = sorted(
        (round(lo, 6), round(hi, 6))
        for key in ("S1", "ST")
        for lo, hi in zip(indices[f"{key}_low"], indices[f"{key}_high"], strict=True)
    )
    assert spans == expected


@pytest.mark.parametrize(
    ("s1", "conf", "small"),
    [
        ([1.3, 0.1], [0.6, 0.2], True),  # an index above 1
        ([0.4, -0.2], [0.05, 0.05], True),  # below 0
        ([0.4, 0.3], [0.3, 0.05], True),  # a wide interval
        ([0.4, 0.3], [None, 0.05], True),  # no interval
        ([0.6, 0.2], [0.05, 0.04], False),
    ],
)
def test_sobol_figure_says_when_the_sample_is_too_small(s1, conf, small):
    """An index outside [0, 1] or a wide or missing interval: the figure calls N too small."""
    text = _texts(sobol_figure(_indices(s1, conf), base_samples=8))
    assert ("N = 8 base samples is too small" in text) == small
    assert "95% bootstrap intervals" in text
