"""A plotly chart in the page that follows a :class:`~agi_economy.viz.figures.Chart`.

``solara.FigurePlotly`` replaces every trace and the whole layout on each render,
which costs a full redraw and throws away the visitor's zoom. :func:`LiveFigure`
keeps one plotly ``FigureWidget`` per chart and, after the first render, sends only
the data of the traces (one restyle) and the layout entries that changed (one
relayout), so zoom and hover survive while the world steps.

Plotly's widget code (5 MB) comes to the page once, in a :class:`PlotlyLibrary` widget
the page (or a chart shown on its own) holds, and never from a CDN. Each chart's own
module is a few lines (``js/plotly_chart.js``) that draws with that code: anywidget
gives a model's module 2 s to initialise and otherwise drops every later message to
the model, and a chart carrying the whole bundle missed that on a loaded machine, so
it drew its first state and no later step. A machine starved for more than 2 s can
still make a chart miss it; such a chart learns that no answer reaches it and is
built anew (:func:`answer_hello`).
"""

from __future__ import annotations

import time
from copy import deepcopy
from functools import cache
from pathlib import Path
from typing import Any

import anywidget
import numpy as np
import plotly.basewidget
import plotly.graph_objects as go
import solara
import traitlets

from agi_economy.viz.figures import Chart

DATA_KEYS = ("x", "y", "customdata")
# Double-click (or "Autoscale") resets the axes; the modebar's own "Reset axes" button
# is left out so the page has one button called Reset.
CONFIG = {"displaylogo": False, "responsive": False,
          "modeBarButtonsToRemove": ["select2d", "lasso2d", "toImage", "resetScale2d"]}  # fmt: skip


class Retired:
    """Widgets whose charts have left the page, closed once their views are surely gone.

    Closing a widget while the browser is still taking its view off the page makes
    plotly's view write to a model that no longer has a channel: on a loaded machine
    the page raised "Syncing error: no comm channel defined" each time one world
    became two, in the middle of drawing the new charts, and no longer does once
    closing waits. So a chart that leaves is only put here; it is closed when a later
    chart leaves, at least :attr:`grace` seconds after it, and the rest when the page
    ends.
    """

    def __init__(self, grace: float = 10.0, clock=time.monotonic):
        self.grace, self.clock = grace, clock
        self.waiting: list[tuple[float, go.FigureWidget]] = []

    def retire(self, widget: go.FigureWidget) -> None:
        """``widget`` has left the page: close it later; close those that left long ago."""
        now = self.clock()
        due = [w for t, w in self.waiting if now - t >= self.grace]
        self.waiting = [(t, w) for t, w in self.waiting if now - t < self.grace]
        self.waiting.append((now, widget))
        for old in due:
            old.close()

    def close(self) -> None:
        """The page has ended: close every widget still waiting."""
        waiting, self.waiting = self.waiting, []
        for _, widget in waiting:
            widget.close()


JS = Path(__file__).resolve().parent / "js"
BUNDLE = Path(plotly.basewidget.__file__).resolve().parent / "package_data" / "widgetbundle.js"


@cache
def bundle_source() -> str:
    """Plotly's widget code (its ``FigureModel`` and ``FigureView``), read once."""
    return BUNDLE.read_text(encoding="utf-8")


class PlotlyLibrary(anywidget.AnyWidget):
    """Loads plotly's widget code into the page once, for every chart on it."""

    _esm = JS / "plotly_library.js"
    source = traitlets.Unicode("").tag(sync=True)

    def __init__(self) -> None:
        super().__init__(source=bundle_source())


PLOTLY = solara.create_context(None)
"""The page's :class:`PlotlyLibrary` (provided by the app's page; a chart without one
brings its own)."""


RETIRED = solara.create_context(None)
"""The page's :class:`Retired` (provided by the app's page; without one a chart's widget
is closed as soon as it leaves, as in a notebook cell)."""


def flat(layout: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A layout as plotly relayout paths: ``{"yaxis.range": [...], "shapes": [...]}``."""
    out: dict[str, Any] = {}
    for key, value in layout.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flat(value, f"{path}."))
        else:
            out[path] = value
    return out


def changed(new: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
    """The relayout paths whose values differ between two flat layouts."""
    return {k: v for k, v in new.items() if k not in old or old[k] != v}


def as_list(values: Any) -> list:
    """Trace data as a plain list (NaN and None become gaps)."""
    if isinstance(values, np.ndarray):
        return [None if not np.isfinite(v) else float(v) for v in values.astype(float)]
    return list(values)


def plain(chart: Chart) -> list[dict[str, Any]]:
    """The chart's traces with their data as plain lists (what the widget is built with)."""
    return [{**t, **{k: as_list(t[k]) for k in DATA_KEYS if k in t}} for t in chart.traces]


@solara.component
def LiveFigure(chart: Chart, key: Any, classes: list[str] | None = None):
    """Show ``chart``; a new ``key`` (another world) builds a new widget, else changes are sent.

    The widget is built with the chart's traces and layout in the state it opens with
    (:func:`build`), which the page reads whenever it draws it. Later changes are
    messages, and one sent before the page has loaded plotly's code would be lost.
    """
    rebuilt, set_rebuilt = solara.use_state(0)  # times the page said a chart was deaf
    widget = solara.use_memo(lambda: build(chart), [key, rebuilt])
    sent = solara.use_ref(None)  # (widget, trace names, flat layout) last sent

    def update() -> None:
        names = [t["name"] for t in chart.traces]
        layout = flat(chart.layout)
        last = sent.current
        if last is None or last[0] is not widget:
            # Just built from this chart: nothing to send (a message before the page has
            # loaded plotly's code is one more thing it has to replay).
            sent.current = (widget, names, layout)
            return
        if last[1] != names:  # never for the view's charts: their traces are fixed
            with widget.batch_update():
                widget.data = []
                widget.add_traces(plain(chart))
        else:
            data = {k: [as_list(t.get(k, [])) for t in chart.traces] for k in DATA_KEYS}
            widget.plotly_restyle(data, trace_indexes=list(range(len(names))))
        moved = changed(layout, last[2])
        if moved:
            widget.plotly_relayout(moved)
        keep_opening_state(widget)
        sent.current = (widget, names, layout)

    solara.use_effect(update, [chart, widget])

    def listen():  # a deaf chart (see js/plotly_chart.js) is built anew
        def rebuild(_widget, content, _buffers) -> None:
            if isinstance(content, dict) and content.get("kind") == "deaf":
                set_rebuilt(lambda times: times + 1)

        widget.on_msg(rebuild)
        return lambda: widget.on_msg(rebuild, remove=True)

    solara.use_effect(listen, [widget])
    retired = solara.use_context(RETIRED)

    def leave():  # a replaced world's widget goes, once the browser has let go of its view
        return (lambda: retired.retire(widget)) if retired is not None else widget.close

    solara.use_effect(leave, [widget])
    library = solara.use_context(PLOTLY)
    own = solara.use_memo(lambda: None if library is not None else PlotlyLibrary(), [])
    children = [widget] if own is None else [own, widget]
    solara.Div(classes=["live-figure", *(classes or [])], children=children)


def keep_opening_state(widget: go.FigureWidget) -> None:
    """Make the state a view of ``widget`` is drawn from the figure as it stands now.

    A view made later (the page draws the widget's element again) draws from the
    widget's ``_widget_data`` and ``_widget_layout``, which restyles and relayouts leave
    as they were when the widget was built: plotly's page code applies them to a copy
    of its state, and its Python side refreshes that state only when a notebook
    displays the figure (``_repr_mimebundle_``). Without this, a chart drawn again
    after a few steps showed the steps of its first drawing. Views already drawn do
    not listen to this state, so nothing is drawn twice.
    """
    widget._widget_data = deepcopy(widget._data)
    widget._widget_layout = deepcopy(widget._layout_obj._props)


class OpenedWhole(go.FigureWidget):
    """A ``FigureWidget`` that opens its link to the page only when :meth:`open_whole` says.

    ``FigureWidget`` opens it (ipywidgets' ``open``) before setting the traces and
    layout it draws from, so they follow as a change; plotly's page code draws from the
    state it has when the chart's view is made and ignores a later change of that
    state. On a loaded machine the view was made first and the chart stayed empty.
    Its module is ``js/plotly_chart.js``, which draws with the code the page's
    :class:`PlotlyLibrary` loaded, instead of plotly's whole bundle.
    """

    _esm = JS / "plotly_chart.js"
    _whole = False

    def open(self) -> None:
        """Open the link, once the widget is whole."""
        if self._whole:
            super().open()

    def open_whole(self) -> None:
        """The widget is whole: open the link with all of its state."""
        self._whole = True
        self.open()


def build(chart: Chart) -> go.FigureWidget:
    """A plotly widget holding ``chart`` from the start: its first message carries it."""
    widget = OpenedWhole(data=plain(chart), layout=chart.layout)
    widget._config = CONFIG  # plotly's own config trait: no logo, no lasso
    widget.on_msg(answer_hello)
    widget.open_whole()
    return widget


def answer_hello(widget: go.FigureWidget, content: Any, _buffers: Any) -> None:
    """Answer a chart's "hello": the page learns that messages to the chart arrive.

    anywidget drops every message to a model whose module took more than 2 s to
    initialise; such a chart hears no answer and says "deaf", and :func:`LiveFigure`
    builds it anew (``js/plotly_chart.js`` says more).
    """
    if isinstance(content, dict) and content.get("kind") == "hello":
        widget.send({"kind": "heard"})
