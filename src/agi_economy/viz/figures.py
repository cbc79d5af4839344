"""The live view's interactive charts (plotly), described as plain data.

A chart is a :class:`Chart`: a list of traces and a layout, both plain dicts, built
from the history a :class:`~agi_economy.viz.world.World` records. Tests read what is
drawn from these dicts; :func:`~agi_economy.viz.live.LiveFigure` shows them in the
page and sends only what changed from one step to the next.

One world: each AGI's intelligence on a log scale over the cognitive-domain bands,
coloured by alignment as in the headless ``intelligence.png``, with escapes and
shutdowns marked on the system's line and a takeover as a vertical line; the power
shares stacked with misaligned AGIs at the bottom (the takeover threshold reads off
the axis); and output. Two worlds: their maximum intelligence and misaligned power
share on shared axes. Time is calendar years; colours come from
:mod:`agi_economy.palette`, the ones the headless figures use.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from agi_economy import palette
from agi_economy.scenario.schema import DOMAIN_NAMES

FONT = 12  # px: text of the charts (ticks and legend 11)
SMALL = 11
MARKS = {"escape": ("triangle-up", "escape"), "shutdown": ("x", "shut down")}


@dataclass
class Chart:
    """A plotly figure as data: ``traces`` (always the same names, in order) and ``layout``."""

    traces: list[dict[str, Any]]
    layout: dict[str, Any] = field(default_factory=dict)

    def trace(self, name: str) -> dict[str, Any]:
        """The trace called ``name``."""
        return next(t for t in self.traces if t["name"] == name)


def decades(values, low: float, high: float, ceiling: float = math.inf) -> tuple[float, float]:
    """Log-axis limits holding ``values``, grown by whole decades (a steady axis)."""
    finite = [v for v in values if v is not None and v > 0 and math.isfinite(v)]
    if finite:
        top, bottom = max(finite), min(finite)
        if top > high / 1.5:
            exponent = math.ceil(math.log10(top))
            high = max(high, min(10.0 ** max(exponent + 2, 2 * exponent), ceiling))
        if bottom < low * 1.2:
            low = 10.0 ** (math.floor(math.log10(bottom)) - 1)
    return low, high


def band_shapes(bounds, low: float, high: float, yref: str) -> tuple[list, list]:
    """Shaded cognitive-domain bands between ``low`` and ``high``, and their names."""
    shapes, notes = [], []
    edges = [0.0, *bounds, math.inf]
    span = math.log10(high / low)
    for i, name in enumerate(DOMAIN_NAMES):
        lo, hi = max(edges[i], low), min(edges[i + 1], high)
        if hi <= lo:
            continue
        shapes.append(
            {"type": "rect", "xref": "x domain", "x0": 0, "x1": 1, "yref": yref, "y0": lo,
             "y1": hi, "fillcolor": palette.BAND_SHADES[i % 2], "line": {"width": 0},
             "layer": "below"}
        )  # fmt: skip
        if math.log10(hi / lo) >= 0.08 * span:
            notes.append(
                {"xref": "x domain", "x": 0.995, "yref": yref, "y": math.log10(lo * hi) / 2,
                 "text": name.replace("_", " "), "showarrow": False, "xanchor": "right",
                 "font": {"size": SMALL, "color": palette.BAND_TEXT}}
            )  # fmt: skip
    return shapes, notes


SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def decade_label(exponent: int) -> str:
    """``10⁴``, written with superscript digits at the label's own size (not 70% of it)."""
    return {0: "1", 1: "10"}.get(exponent, "10" + str(exponent).translate(SUPERSCRIPT))


def log_ticks(low: float, high: float) -> dict[str, Any]:
    """A log axis's range and ticks: labels on whole decades only, at most about six."""
    lo, hi = math.log10(low), math.log10(high)
    every = max(1, math.ceil((hi - lo) / 6))
    exponents = range(math.ceil(lo / every) * every, math.floor(hi) + 1, every)
    return {"type": "log", "range": [lo, hi], "tickmode": "array",
            "tickvals": [10.0**e for e in exponents],
            "ticktext": [decade_label(e) for e in exponents]}  # fmt: skip


def _axis(**extra: Any) -> dict[str, Any]:
    return {"showgrid": True, "gridcolor": palette.GRID, "zeroline": False,
            "tickfont": {"size": SMALL}, "automargin": True, **extra}  # fmt: skip


def _title(text: str, yref: str) -> dict[str, Any]:
    return {"xref": "paper", "x": 0, "yref": f"{yref} domain", "y": 1.0, "yanchor": "bottom",
            "xanchor": "left", "text": text, "showarrow": False,
            "font": {"size": FONT}}  # fmt: skip


def _lines(world, aligned: bool, years: float) -> dict[str, np.ndarray | list]:
    """Every AGI of one alignment as one line trace, systems separated by gaps."""
    xs: list = []
    ys: list = []
    ids: list = []
    for uid, (steps, values) in world.agi_history.items():
        if world.agi_aligned[uid] != aligned:
            continue
        xs += [s * years for s in steps] + [None]
        ys += list(values) + [None]
        ids += [uid] * len(steps) + [None]
    return {"x": xs, "y": ys, "customdata": ids}


def base_layout(height: int, width: int | None) -> dict[str, Any]:
    """What every chart of the view shares: font, margins, hover, legend at the bottom."""
    layout = {
        "height": height,
        "margin": {"l": 8, "r": 8, "t": 22, "b": 8},
        "font": {"size": FONT, "family": "Roboto, Arial, sans-serif"},
        "hovermode": "closest",
        "hoverlabel": {"font": {"size": FONT}},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "showlegend": True,
        "legend": {
            "orientation": "h",
            "yanchor": "top",
            "y": -0.07,
            "x": 0,
            "font": {"size": SMALL},
            "itemwidth": 30,
        },  # fmt: skip
        "uirevision": "keep",  # the visitor's zoom outlives the updates
        "dragmode": "zoom",
    }
    if width is not None:
        layout["width"] = width
    return layout


def world_chart(world, height: int = 480, width: int | None = None) -> Chart:
    """Intelligence, power shares and output of one world, as recorded so far."""
    cfg = world.model.cfg
    years = world.years_per_step
    t = np.asarray(world.series["step"], dtype=float) * years
    cap = cfg.agis.growth.intelligence_cap
    tops = [v for _, ys in world.agi_history.values() for v in ys[-1:]]
    low, high = decades([*tops, *world.series["max_intelligence"]], 0.05, 100.0,
                        10.0 ** math.ceil(math.log10(cap * 30)))  # fmt: skip
    out_low, out_high = decades(world.series["output"], 100.0, 1e4)
    hover_i = (
        "AGI %{customdata} (%{fullData.name})<br>%{x:.2f} years<br>I = %{y:.3g}<extra></extra>"
    )
    traces: list[dict[str, Any]] = [
        {"name": "maximum", "x": t, "y": world.series["max_intelligence"], "mode": "lines",
         "line": {"color": palette.INK, "width": 1, "dash": "dash"}, "yaxis": "y",
         "hovertemplate": "maximum<br>%{x:.2f} years<br>I = %{y:.3g}<extra></extra>"},
    ]  # fmt: skip
    for aligned, name in ((True, "aligned AGI"), (False, "misaligned AGI")):
        traces.append(
            {"name": name, "mode": "lines", "yaxis": "y", "connectgaps": False,
             "line": {"color": palette.ALIGNMENT[aligned], "width": 1.6},
             "hovertemplate": hover_i, **_lines(world, aligned, years)}
        )  # fmt: skip
    for kind, (symbol, label) in MARKS.items():
        marks = [m for m in world.marks if m[1] == kind and m[3] is not None]
        traces.append(
            {"name": label, "mode": "markers", "yaxis": "y",
             "x": [m[0] * years for m in marks], "y": [max(m[3], 1e-6) for m in marks],
             "customdata": [m[2] for m in marks],
             "marker": {"symbol": symbol, "size": 9, "color": palette.INK,
                        "line": {"width": 1.5, "color": palette.INK}},
             "hovertemplate": f"{label}: AGI %{{customdata}}<br>%{{x:.2f}} years<extra></extra>"}
        )  # fmt: skip
    for col, (label, colour) in palette.POWER.items():
        traces.append(
            {"name": label, "x": t, "y": world.series[col], "mode": "lines", "yaxis": "y2",
             "stackgroup": "power", "fillcolor": colour, "line": {"color": colour, "width": 0.5},
             "showlegend": col in ("power_share_labs", "power_share_humans"),
             "hovertemplate": f"{label}: %{{y:.1%}}<br>%{{x:.2f}} years<extra></extra>"}
        )  # fmt: skip
    traces.append(
        {"name": "output", "x": t, "y": world.series["output"], "mode": "lines", "yaxis": "y3",
         "line": {"color": palette.INK, "width": 1.4}, "showlegend": False,
         "hovertemplate": "output %{y:.4g}<br>%{x:.2f} years<extra></extra>"}
    )  # fmt: skip
    shapes, notes = band_shapes(cfg.agis.domain_bounds, low, high, "y")
    shapes.append(
        {"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y2",
         "y0": cfg.economy.takeover_threshold, "y1": cfg.economy.takeover_threshold,
         "line": {"color": palette.INK, "width": 1, "dash": "dash"}}
    )  # fmt: skip
    for step, kind, _, _ in world.marks:
        if kind == "takeover":
            shapes.append(
                {"type": "line", "xref": "x", "x0": step * years, "x1": step * years,
                 "yref": "paper", "y0": 0, "y1": 1,
                 "line": {"color": palette.INK, "width": 1.2, "dash": "dashdot"}}
            )  # fmt: skip
    months = cfg.meta.months_per_step
    layout = base_layout(height, width)
    layout.update(
        xaxis=_axis(range=[0, max(cfg.meta.steps, 1) * years], anchor="y3",
                    title={"text": "time (years)", "font": {"size": SMALL}, "standoff": 2}),
        yaxis=_axis(**log_ticks(low, high), domain=[0.47, 1.0]),
        yaxis2=_axis(range=[0, 1], domain=[0.2, 0.4], tickformat=".0%", dtick=0.5),
        yaxis3=_axis(**log_ticks(out_low, out_high), domain=[0.0, 0.13]),
        shapes=shapes,
        annotations=[
            *notes,
            _title("intelligence of each AGI (1 = par-human)", "y"),
            _title("power shares (dashed: takeover threshold)", "y2"),
            _title(f"output per step of {months:g} month{'' if months == 1 else 's'}", "y3"),
        ],
    )  # fmt: skip
    return Chart(traces, layout)


def compare_chart(worlds, height: int = 250, width: int | None = None) -> Chart:
    """Two (or more) worlds on shared axes: maximum intelligence, misaligned power share."""
    traces: list[dict[str, Any]] = []
    tops: list[float] = []
    for i, w in enumerate(worlds):
        t = np.asarray(w.series["step"], dtype=float) * w.years_per_step
        name = f"{'AB'[i] if i < 2 else i + 1}: {w.name}"
        colour = palette.arm_colour(i)
        tops += w.series["max_intelligence"][-1:]
        for axis, col, fmt in (("y", "max_intelligence", ".3g"),
                               ("y2", "power_share_misaligned_agi", ".1%")):  # fmt: skip
            traces.append(
                {"name": name, "x": t, "y": w.series[col], "mode": "lines", "yaxis": axis,
                 "xaxis": "x" if axis == "y" else "x2", "legendgroup": name,
                 "showlegend": axis == "y", "line": {"color": colour, "width": 1.8},
                 "hovertemplate": f"{name}<br>%{{x:.2f}} years<br>%{{y:{fmt}}}<extra></extra>"}
            )  # fmt: skip
    first = worlds[0].model.cfg
    low, high = decades(tops, 0.05, 100.0)
    shapes, notes = band_shapes(first.agis.domain_bounds, low, high, "y")
    threshold = first.economy.takeover_threshold
    shapes.append(
        {"type": "line", "xref": "x2 domain", "x0": 0, "x1": 1, "yref": "y2", "y0": threshold,
         "y1": threshold, "line": {"color": palette.INK, "width": 1, "dash": "dash"}}
    )  # fmt: skip
    span = max(w.model.cfg.meta.steps * w.years_per_step for w in worlds)
    title = {"text": "time (years)", "font": {"size": SMALL}, "standoff": 2}
    layout = base_layout(height, width)
    layout.update(
        xaxis=_axis(range=[0, span], domain=[0, 0.47], anchor="y", title=title),
        xaxis2=_axis(range=[0, span], domain=[0.55, 1], anchor="y2", title=title),
        yaxis=_axis(**log_ticks(low, high), anchor="x"),
        yaxis2=_axis(range=[0, 1], anchor="x2", tickformat=".0%"),
        shapes=shapes,
        legend={**layout["legend"], "y": -0.25},
        annotations=[
            *notes,
            {**_title("maximum intelligence", "y"), "xref": "x domain"},
            {**_title("misaligned power share (dashed: threshold)", "y2"), "xref": "x2 domain"},
        ],
    )  # fmt: skip
    return Chart(traces, layout)
