"""The network of one world: labs, AGIs and a sample of people, on a steady layout.

Shape tells the kind (square lab, triangle AGI, dot person), colour an AGI's status,
size its intelligence (log scale), a red outline (the palette's misaligned) a
misaligned AGI (hidden from the labs, shown to the researcher). People are many: a
connected sample is drawn, found by random walks on the social graph, with the count
shown. The layout is computed once (a spring layout of the sample inside a disc, labs
on a ring around it); an AGI trained during the run takes the next free slot beside
its lab, so nothing moves.
The view draws from its own generator seeded by the run's seed and never touches the
model's, so watching a run does not change it.
"""

from __future__ import annotations

import html
import math

import networkx as nx
import numpy as np
from matplotlib.collections import LineCollection

from agi_economy import palette
from agi_economy.viz.canvas import DPI, Canvas

STATUS_COLOURS = palette.STATUS
ROLE_COLOURS = np.array(palette.ROLES)  # worker, auditor, regulator
LAB_COLOUR, CARELESS_LAB_COLOUR = palette.LABS, palette.CARELESS_LAB
PEOPLE_SAMPLE = 120
LAB_RADIUS, AGI_RADIUS, AGI_ROW_GAP = 1.62, 1.36, 0.085
AGI_COLUMNS, AGI_ROWS = 9, 4
LIMIT = 1.85
PEOPLE_RADIUS = 1.05


def sample_people(graph: nx.Graph, n_people: int, k: int, rng: np.random.Generator) -> np.ndarray:
    """Up to ``k`` people found by short random walks, so the sample keeps some ties."""
    if n_people <= k:
        return np.arange(n_people)
    chosen: dict[int, None] = {}
    while len(chosen) < k:
        node = int(rng.integers(n_people))
        for _ in range(8):
            chosen[node] = None
            if len(chosen) >= k:
                break
            neighbours = [v for v in graph.neighbors(node) if v < n_people]
            if not neighbours:
                break
            node = int(neighbours[rng.integers(len(neighbours))])
    return np.array(sorted(chosen))


def people_layout(graph: nx.Graph, sample: np.ndarray, seed: int) -> np.ndarray:
    """Positions of the sampled people inside the unit disc (spring layout, seeded)."""
    if sample.size == 0:
        return np.zeros((0, 2))
    sub = graph.subgraph(int(i) for i in sample)
    pos = nx.spring_layout(sub, seed=seed, iterations=60)
    xy = np.array([pos[int(i)] for i in sample], dtype=float)
    xy -= np.median(xy, axis=0)
    radius = np.sqrt((xy**2).sum(axis=1))
    if sample.size < 2 or radius.max() <= 0:
        return xy
    # Spread by rank of distance from the centre: a spring layout of a sampled graph
    # packs its core tight and flings its leaves far; this fills the disc evenly.
    rank = np.empty(sample.size)
    rank[np.argsort(radius)] = np.arange(sample.size)
    spread = np.sqrt((rank + 0.5) / sample.size) * PEOPLE_RADIUS
    return xy * (spread / np.maximum(radius, 1e-12))[:, None]


def agi_slot(lab_angle: float, slot: int, n_labs: int) -> tuple[float, float]:
    """Where the ``slot``-th AGI of a lab sits: arcs between the lab and the people."""
    spread = min(2 * math.pi / max(n_labs, 1) * 0.8, 1.1)
    col, row = slot % AGI_COLUMNS, (slot // AGI_COLUMNS) % AGI_ROWS
    # A lab with very many AGIs fills the arcs again, each pass shifted by a fraction of
    # a column and of a row that never repeats (golden-ratio steps), so no two coincide.
    layer = slot // (AGI_COLUMNS * AGI_ROWS)
    shift = (layer * 0.6180339887) % 1.0
    angle = lab_angle + (col - (AGI_COLUMNS - 1) / 2 + shift) * spread / AGI_COLUMNS
    radius = AGI_RADIUS - (row + (layer * 0.3819660113) % 1.0) * AGI_ROW_GAP
    return radius * math.cos(angle), radius * math.sin(angle)


def agi_size(intelligence: np.ndarray) -> np.ndarray:
    """Marker area growing with log intelligence: 0.1 -> 40, 1 -> 70, 1e9 -> 340."""
    logs = np.log10(np.maximum(intelligence, 1e-3) / 0.1)
    return np.clip(40.0 + 30.0 * logs, 14.0, 380.0)


class NetworkView:
    """The network figure of one model, updated in place each step."""

    def __init__(self, model, sample_size: int = PEOPLE_SAMPLE, width: float = 4.6, dpi: int = DPI):
        rng = np.random.default_rng(model.seed)  # the view's own: the model's stays untouched
        pop = model.population
        self.n_people = pop.n
        self.sample = sample_people(model.grid.G, pop.n, sample_size, rng)
        self.index_of = {int(p): i for i, p in enumerate(self.sample)}
        self.lookup = np.full(pop.n, -1, dtype=np.int64)  # person -> row in the sample, or -1
        self.lookup[self.sample] = np.arange(self.sample.size)
        self.people_xy = people_layout(model.grid.G, self.sample, int(rng.integers(2**31)))
        self.roles = np.asarray(pop.role)[self.sample]
        self.wealth_scale = float(np.median(pop.wealth)) if pop.n else 1.0
        n_labs = len(model.labs)
        self.lab_xy = {}
        for j, lab in enumerate(model.labs):
            angle = math.pi / 2 + 2 * math.pi * j / max(n_labs, 1)
            self.lab_xy[lab.unique_id] = (
                angle,
                LAB_RADIUS * math.cos(angle),
                LAB_RADIUS * math.sin(angle),
            )
        self.agi_xy: dict[int, tuple[float, float]] = {}
        self.slots: dict[int, int] = {}
        self.canvas = Canvas(width, width * 0.9, dpi)
        self._build(model)
        self.update(model)

    def _build(self, model) -> None:
        fig = self.canvas.figure
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_xlim(-LIMIT, LIMIT)
        ax.set_ylim(-LIMIT, LIMIT)
        ax.set_aspect("equal", adjustable="box")
        ax.set_axis_off()
        ties = [
            (self.people_xy[self.index_of[u]], self.people_xy[self.index_of[v]])
            for u, v in model.grid.G.subgraph(int(i) for i in self.sample).edges()
        ]
        ax.add_collection(LineCollection(ties, colors="#c9ced6", linewidths=0.5, zorder=1))
        animate = self.canvas.animate
        self.contact_lines = animate(
            ax.add_collection(LineCollection([], linewidths=0.45, zorder=2))
        )
        self.lab_lines = animate(ax.add_collection(LineCollection([], linewidths=1.0, zorder=2)))
        self.people = animate(
            ax.scatter(
                self.people_xy[:, 0] if self.sample.size else [],
                self.people_xy[:, 1] if self.sample.size else [],
                s=10,
                c=ROLE_COLOURS[self.roles] if self.sample.size else None,
                marker="o",
                linewidths=0,
                zorder=3,
            )
        )
        self.labs = animate(ax.scatter([], [], marker="s", s=150, zorder=4, edgecolors="white"))
        self.agis = animate(ax.scatter([], [], marker="^", zorder=5))

    def _place(self, agi) -> tuple[float, float]:
        uid = agi.unique_id
        if uid not in self.agi_xy:
            lab_id = agi.lab.unique_id
            slot = self.slots.get(lab_id, 0)
            self.slots[lab_id] = slot + 1
            angle = self.lab_xy[lab_id][0]
            self.agi_xy[uid] = agi_slot(angle, slot, len(self.lab_xy))
        return self.agi_xy[uid]

    def update(self, model) -> None:
        """Move the artists to the model's current state (positions stay put)."""
        if self.sample.size:
            wealth = np.asarray(model.population.wealth)[self.sample]
            self.people.set_sizes(
                np.clip(3.0 + 7.0 * np.sqrt(wealth / max(self.wealth_scale, 1e-12)), 2, 70)
            )
        labs = model.labs
        self.labs.set_offsets(
            np.array([self.lab_xy[lab.unique_id][1:] for lab in labs]).reshape(-1, 2)
        )
        self.labs.set_facecolors(
            [CARELESS_LAB_COLOUR if lab.careless else LAB_COLOUR for lab in labs]
        )
        agis = model.agis
        xy = np.array([self._place(a) for a in agis]).reshape(-1, 2)
        colours = [STATUS_COLOURS.get(a.status, palette.INK) for a in agis]
        self.agis.set_offsets(xy)
        self.agis.set_sizes(agi_size(np.array([a.intelligence for a in agis])))
        self.agis.set_facecolors(colours)
        self.agis.set_edgecolors([palette.MISALIGNED if not a.aligned else "white" for a in agis])
        self.agis.set_linewidths([1.6 if not a.aligned else 0.6 for a in agis])
        self.agis.set_alpha(None)
        lab_segments, lab_colours, contact_segments, contact_colours = [], [], [], []
        for a, p, c in zip(agis, xy, colours, strict=True):
            lab_segments.append((p, self.lab_xy[a.lab.unique_id][1:]))
            lab_colours.append(c)
            if a.status == "shutdown":
                continue
            reach = np.asarray(a.reach if a.status == "escaped" else a.contacts, dtype=np.int64)
            rows = self.lookup[reach]
            for i in rows[rows >= 0]:
                contact_segments.append((p, self.people_xy[i]))
            contact_colours += [c] * int((rows >= 0).sum())
        self.lab_lines.set_segments(lab_segments)
        self.lab_lines.set_colors(lab_colours)
        self.contact_lines.set_segments(contact_segments)
        self.contact_lines.set_colors(contact_colours)
        self.contact_lines.set_alpha(0.35)

    def caption(self, model) -> str:
        """What the figure shows, in words: counts by kind and status, and the sample."""
        counts = dict.fromkeys(STATUS_COLOURS, 0)
        for a in model.agis:
            counts[a.status] = counts.get(a.status, 0) + 1
        status = ", ".join(
            f"{n} {s.replace('shutdown', 'shut down')}" for s, n in counts.items() if n
        )
        return (
            f"{len(model.labs)} labs · {len(model.agis)} AGIs ({status or 'none'}) · "
            f"people: {self.sample.size:,} of {self.n_people:,} shown"
        )

    def png(self) -> bytes:
        """The current frame as PNG bytes."""
        return self.canvas.png()


def legend_html() -> str:
    """The network's legend as page text (legible at any size), in the palette's colours."""
    entries = [
        ("&#9632;", LAB_COLOUR, "", "lab"),
        ("&#9632;", CARELESS_LAB_COLOUR, "", "careless lab"),
        *(
            ("&#9650;", c, "", f"AGI {s.replace('shutdown', 'shut down')}")
            for s, c in STATUS_COLOURS.items()
        ),  # fmt: skip
        ("&#9651;", palette.MISALIGNED, "font-weight:700;", "misaligned (outline)"),
        ("&#9679;", ROLE_COLOURS[0], "", "person"),
        ("&#9679;", ROLE_COLOURS[1], "", "auditor"),
        ("&#9679;", ROLE_COLOURS[2], "", "regulator"),
    ]
    return "".join(
        f'<span class="key" data-colour="{colour}"><span style="color:{colour};{extra}">'
        f"{mark}</span> {html.escape(label)}</span>"
        for mark, colour, extra, label in entries
    )
