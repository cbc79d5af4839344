"""Live charts of one world, and the strip comparing two worlds.

One world: the intelligence of each AGI on a log scale over the cognitive-domain
bands of the research post (bounds from ``agis.domain_bounds``), power shares
stacked (misaligned AGIs at the bottom, so the takeover threshold reads off the
axis), and output. Escapes and takeover are marked as vertical lines. The step axis
spans the scenario's run length and the value axes grow by decades, so the
background (axes, ticks, bands) is redrawn only when a limit moves.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from agi_economy.plots import shade_domains
from agi_economy.viz.canvas import DPI, Canvas
from agi_economy.viz.network import STATUS_COLOURS

POWER_GROUPS = (  # bottom to top
    ("power_share_misaligned_agi", "misaligned AGIs", "#c44e52"),
    ("power_share_aligned_agi", "aligned AGIs", "#55a868"),
    ("power_share_labs", "labs", "#4c72b0"),
    ("power_share_humans", "people", "#b8c2cc"),
)
WORLD_COLOURS = ("#3b6fb6", "#e07b39")
MARK_KINDS = {"escape": "#d62728", "takeover": "#000000"}
FONT = 7.5  # titles are placed with y=1.0: automatic placement costs a third of a full draw
DRAW_ORDER = {"shutdown": 0, "deployed": 1, "boxed": 2, "escaped": 3}


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
        self._bands = shade_domains(ax, self.bounds, self.low, self.high, inside=True)

    def fit(self, values) -> bool:
        """Widen to hold ``values``, re-shading the bands; return whether limits changed."""
        changed = super().fit(values)
        if changed:
            for artist in self._bands:
                artist.remove()
            self._bands = shade_domains(self.ax, self.bounds, self.low, self.high, inside=True)
        return changed


def style_axes(ax, steps: int, title: str) -> None:
    """The common look: step axis 0..steps, small ticks, light grid, title at the left."""
    ax.set_xlim(0, max(steps, 1))
    ax.tick_params(labelsize=FONT - 0.5, length=2.5, pad=1.5)
    ax.grid(axis="y", color="#e3e7eb", lw=0.5)
    ax.set_title(title, fontsize=FONT + 0.5, loc="left", pad=3, y=1.0)


class WorldCharts:
    """Intelligence, power shares and output of one world, updated each step."""

    def __init__(self, model, width: float = 4.8, height: float = 5.0, dpi: int = DPI):
        self.steps = max(model.cfg.meta.steps, 1)
        self.bounds = tuple(model.cfg.agis.domain_bounds)
        self.threshold = model.cfg.economy.takeover_threshold
        self.canvas = Canvas(width, height, dpi)
        fig = self.canvas.figure
        fig.subplots_adjust(left=0.13, right=0.97, top=0.95, bottom=0.12, hspace=0.42)
        self.ax_i, self.ax_p, self.ax_o = fig.subplots(
            3, 1, sharex=True, height_ratios=(1.5, 1, 0.8)
        )
        style_axes(self.ax_i, self.steps, "intelligence of each AGI (1 = par-human)")
        style_axes(self.ax_p, self.steps, "power shares (dashed: takeover threshold)")
        style_axes(self.ax_o, self.steps, "output per step")
        self.ax_o.set_xlabel("step", fontsize=FONT, labelpad=1)
        cap = model.cfg.agis.growth.intelligence_cap
        self.y_i = IntelligenceAxis(
            self.ax_i, self.bounds, ceiling=10.0 ** math.ceil(math.log10(cap * 30))
        )
        self.y_o = LogAxis(self.ax_o, 100.0, 1e4)
        self.ax_p.set_ylim(0, 1)
        fig.legend(
            handles=[
                *(Patch(color=c, label=label) for _, label, c in reversed(POWER_GROUPS)),
                *(Line2D([], [], color=c, lw=0.9, ls="--", label=k) for k, c in MARK_KINDS.items()),
            ],
            loc="lower center",
            ncol=6,
            fontsize=6.2,
            frameon=False,
            handlelength=1.2,
            handletextpad=0.3,
            columnspacing=0.8,
            borderaxespad=0.1,
        )
        animate = self.canvas.animate
        self.lines = animate(self.ax_i.add_collection(LineCollection([], linewidths=1.1, zorder=3)))
        self.heads = animate(self.ax_i.scatter([], [], s=10, zorder=4, linewidths=0))
        self.areas = animate(self.ax_p.add_collection(PolyCollection([], linewidths=0, zorder=2)))
        self.areas.set_facecolors([c for _, _, c in POWER_GROUPS])
        # Drawn after the areas (animated too), so the threshold shows over them.
        animate(self.ax_p.axhline(self.threshold, color="#000000", lw=0.8, ls="--", zorder=4))
        (self.output,) = self.ax_o.plot([], [], color="#37474f", lw=1.2, zorder=3)
        animate(self.output)
        self.marks = [
            animate(
                ax.add_collection(
                    LineCollection(
                        [],
                        linewidths=0.9,
                        linestyles="--",
                        zorder=5,
                        transform=ax.get_xaxis_transform(),
                    )
                )
            )
            for ax in (self.ax_i, self.ax_p, self.ax_o)
        ]

    def update(self, world) -> None:
        """Redraw from the world's recorded history."""
        steps = np.asarray(world.series["step"], dtype=float)
        segments, colours, heads, head_colours = [], [], [], []
        # Shut-down systems first, escaped last, so the ones that matter are on top.
        order = sorted(world.agi_history, key=lambda uid: DRAW_ORDER.get(world.agi_status[uid], 0))
        for uid in order:
            xs, ys = world.agi_history[uid]
            colour = STATUS_COLOURS.get(world.agi_status[uid], "#000000")
            segments.append(np.column_stack([xs, ys]))
            colours.append(colour)
            if world.agi_status[uid] != "shutdown":
                heads.append((xs[-1], ys[-1]))
                head_colours.append(colour)
        self.lines.set_segments(segments)
        self.lines.set_colors(colours)
        heads_xy = np.array(heads).reshape(-1, 2)
        self.heads.set_offsets(heads_xy)
        self.heads.set_facecolors(head_colours)
        if self.y_i.fit(heads_xy[:, 1] if heads_xy.size else []):
            self.canvas.invalidate()
        stacked = np.cumsum(
            [np.asarray(world.series[col], dtype=float) for col, _, _ in POWER_GROUPS], axis=0
        )
        lower = np.vstack([np.zeros_like(steps), stacked[:-1]])
        polys = [
            np.concatenate([np.column_stack([steps, hi]), np.column_stack([steps[::-1], lo[::-1]])])
            for lo, hi in zip(lower, stacked, strict=True)
        ]
        self.areas.set_verts(polys)
        output = np.asarray(world.series["output"], dtype=float)
        self.output.set_data(steps, output)
        if self.y_o.fit(output):
            self.canvas.invalidate()
        marks = [(x, MARK_KINDS[kind]) for x, kind in world.marks]
        for lc in self.marks:
            lc.set_segments([[(x, 0), (x, 1)] for x, _ in marks])
            lc.set_colors([c for _, c in marks])

    def png(self) -> bytes:
        """The current frame as PNG bytes."""
        return self.canvas.png()


class CompareCharts:
    """Two worlds on shared axes: max intelligence and misaligned power share."""

    def __init__(self, worlds, width: float = 9.6, height: float = 2.3):
        self.steps = max(w.model.cfg.meta.steps for w in worlds)
        self.canvas = Canvas(width, height)
        fig = self.canvas.figure
        fig.subplots_adjust(left=0.07, right=0.99, top=0.86, bottom=0.2, wspace=0.18)
        self.ax_i, self.ax_m = fig.subplots(1, 2)
        style_axes(self.ax_i, self.steps, "max intelligence")
        style_axes(self.ax_m, self.steps, "misaligned power share")
        for ax in (self.ax_i, self.ax_m):
            ax.set_xlabel("step", fontsize=FONT, labelpad=1)
        self.y_i = IntelligenceAxis(self.ax_i, worlds[0].model.cfg.agis.domain_bounds)
        self.ax_m.set_ylim(0, 1)
        threshold = worlds[0].model.cfg.economy.takeover_threshold
        self.ax_m.axhline(threshold, color="#000000", lw=0.8, ls="--")
        self.lines_i, self.lines_m = [], []
        for w, colour in zip(worlds, WORLD_COLOURS, strict=False):
            label = f"{'AB'[len(self.lines_i)]}: {w.name}"
            self.lines_i.append(
                self.canvas.animate(self.ax_i.plot([], [], color=colour, lw=1.5, label=label)[0])
            )
            self.lines_m.append(
                self.canvas.animate(self.ax_m.plot([], [], color=colour, lw=1.5, label=label)[0])
            )
        self.ax_m.legend(fontsize=6.5, loc="upper left", frameon=False)

    def update(self, worlds) -> None:
        """Redraw both worlds' series."""
        tops = []
        for w, li, lm in zip(worlds, self.lines_i, self.lines_m, strict=False):
            li.set_data(w.series["step"], w.series["max_intelligence"])
            lm.set_data(w.series["step"], w.series["power_share_misaligned_agi"])
            tops.append(w.series["max_intelligence"][-1])
        if self.y_i.fit(tops):
            self.canvas.invalidate()

    def png(self) -> bytes:
        """The current frame as PNG bytes."""
        return self.canvas.png()
