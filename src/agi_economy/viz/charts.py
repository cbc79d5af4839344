"""Axes of the live view's matplotlib pictures (the ensemble's fans).

A log axis that grows by decades, and one over the cognitive-domain bands of the
research post (bounds from ``agis.domain_bounds``), so a picture's background (axes,
ticks, bands) is redrawn only when a limit moves. The interactive charts of a world
are plotly charts (:mod:`agi_economy.viz.figures`).
"""

from __future__ import annotations

import math

from agi_economy import palette
from agi_economy.plots import shade_domains

FONT = 9  # pt: 11 px at the pictures' 90 dpi, shown at their own size
# Titles are placed with y=1.0: automatic placement costs a third of a full draw.


class LogAxis:
    """A log value axis that grows by decades when the data outgrow it."""

    def __init__(self, ax, low: float, high: float, ceiling: float = math.inf):
        self.ax, self.low, self.high, self.ceiling = ax, low, high, ceiling
        ax.set_yscale("log")
        ax.set_ylim(low, high)

    def fit(self, values) -> bool:
        """Widen the limits to hold ``values``; return whether they changed."""
        finite = [v for v in values if v > 0 and math.isfinite(v)]
        if not finite:
            return False
        top, bottom = max(finite), min(finite)
        changed = False
        # Grow by many decades at once (doubling the exponent): each change redraws the
        # whole background, and a foom crosses a decade every few steps.
        if top > self.high / 1.5:
            exponent = math.ceil(math.log10(top))
            high = min(10.0 ** max(exponent + 2, 2 * exponent), self.ceiling)
            changed = high != self.high
            self.high = high
        if bottom < self.low * 1.2:
            self.low = 10.0 ** (math.floor(math.log10(bottom)) - 1)
            changed = True
        if changed:
            self.ax.set_ylim(self.low, self.high)
        return changed


class IntelligenceAxis(LogAxis):
    """A log intelligence axis over the cognitive-domain bands, shaded again as it grows."""

    def __init__(self, ax, bounds, high: float = 100.0, ceiling: float = math.inf):
        super().__init__(ax, 0.05, high, ceiling)
        self.bounds = tuple(bounds)
        self._bands = shade_domains(
            ax, self.bounds, self.low, self.high, inside=True, fontsize=FONT
        )

    def fit(self, values) -> bool:
        """Widen to hold ``values``, re-shading the bands; return whether limits changed."""
        changed = super().fit(values)
        if changed:
            for artist in self._bands:
                artist.remove()
            self._bands = shade_domains(
                self.ax, self.bounds, self.low, self.high, inside=True, fontsize=FONT
            )
        return changed


def style_axes(ax, steps: int, title: str) -> None:
    """The common look: step axis 0..steps, small ticks, light grid, title at the left."""
    ax.set_xlim(0, max(steps, 1))
    ax.tick_params(labelsize=FONT, length=2.5, pad=1.5)
    ax.grid(axis="y", color=palette.GRID, lw=0.5)
    ax.set_title(title, fontsize=FONT + 0.5, loc="left", pad=3, y=1.0)
