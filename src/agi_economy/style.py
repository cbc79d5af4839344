"""One look for every headless figure: column widths, font sizes and the time axis.

A figure is one column (:data:`SINGLE`, 3.5 inches) or two (:data:`DOUBLE`, 7.2
inches) of a two-column page wide, so a paper prints it at its own size and its text
stays the size set here. :func:`figure` makes one; :func:`finish` gives its titles,
axis labels, tick labels and legends the shared font sizes once its content is in, so no
module keeps sizes of its own. Colours are :mod:`agi_economy.palette`'s.

Nothing here imports matplotlib until a figure is made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

SINGLE = 3.5
"""Inches: one column."""
DOUBLE = 7.2
"""Inches: two columns (the full text width)."""
WIDTHS = (SINGLE, DOUBLE)
DPI = 200
"""Pixels per inch of a written figure: a column is 700 pixels wide, sharp in print."""

TITLE = 8.0
"""Points: a panel's title, an axis label and a colour bar's label."""
SUPTITLE = 9.0
"""Points: the figure's title."""
TICK = 7.0
"""Points: tick labels, legends and notes."""

TIME_LABEL = "time (years)"
"""The label of every calendar-time axis (a step is ``meta.months_per_step`` months)."""


def figure(width: float, height: float, **kwargs: Any) -> Figure:
    """A headless figure :data:`SINGLE` or :data:`DOUBLE` wide, ``height`` inches tall.

    Raises:
        ValueError: ``width`` is neither column width.
    """
    if width not in WIDTHS:
        raise ValueError(f"width: expected {SINGLE} or {DOUBLE} inches (got {width})")
    from matplotlib.figure import Figure

    kwargs.setdefault("layout", "constrained")
    return Figure(figsize=(width, height), **kwargs)


def finish(fig: Figure) -> Figure:
    """Give every title, axis label, tick label and legend of ``fig`` the shared size."""
    for ax in fig.axes:
        ax.tick_params(which="both", labelsize=TICK)
        titles = [ax.title, getattr(ax, "_left_title", None), getattr(ax, "_right_title", None)]
        for text in [*filter(None, titles), ax.xaxis.label, ax.yaxis.label]:
            text.set_fontsize(TITLE)
        for offset in (ax.xaxis.get_offset_text(), ax.yaxis.get_offset_text()):
            offset.set_fontsize(TICK)
    legends = [ax.get_legend() for ax in fig.axes] + list(fig.legends)
    for legend in filter(None, legends):
        for text in legend.get_texts():
            text.set_fontsize(TICK)
        legend.get_title().set_fontsize(TICK)
    for name, size in (("_suptitle", SUPTITLE), ("_supxlabel", TICK), ("_supylabel", TITLE)):
        text = getattr(fig, name, None)
        if text is not None:
            text.set_fontsize(size)
    return fig
