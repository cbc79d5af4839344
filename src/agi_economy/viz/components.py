"""Solara components of the page: a world's panel, the event feed, the comparison
strip and the ensemble panel. Each takes plain values; the page owns the state.

The charts people read values from (intelligence, power shares, output, the
comparison) are interactive plotly charts (:func:`~agi_economy.viz.live.LiveFigure`:
hover for values, drag to zoom, double-click to reset); the network stays a picture.
"""

from __future__ import annotations

import html
import math

import solara

from agi_economy import palette
from agi_economy.domains import domain_name
from agi_economy.viz.ensemble import Ensemble, fan_png
from agi_economy.viz.figures import compare_chart
from agi_economy.viz.live import LiveFigure
from agi_economy.viz.network import legend_html
from agi_economy.viz.world import World

KIND_COLOURS = palette.EVENTS
ROUTINE = ("deployed", "domain_crossed", "recalled")
FEED_LENGTH = 150
CHART_HEIGHT = 470  # px: with the page's header, a world's charts end above 720 px
CHART_WIDTH = {True: 420, False: 450}  # one world (beside the network) or one of two


def _number(x: float) -> str:
    if not math.isfinite(x):
        return str(x)
    return f"{x:.3g}" if abs(x) < 1e4 else f"{x:.2e}"


def event_html(events: list[dict], hide_routine: bool) -> str:
    """The feed, newest first: step, kind, who, and the model's detail."""
    rows = []
    for e in reversed(events):
        kind = str(e.get("kind"))
        if hide_routine and kind in ROUTINE:
            continue
        who = []
        if e.get("agent_id") is not None:
            who.append(f"AGI {e['agent_id']}")
        if e.get("lab_id") is not None:
            who.append(f"lab {e['lab_id']}")
        if e.get("intelligence") is not None:
            who.append(f"I={_number(float(e['intelligence']))}")
        if e.get("aligned") is False and "misaligned" not in str(e.get("detail", "")):
            who.append("misaligned")
        detail = " · ".join(who + ([str(e["detail"])] if e.get("detail") else []))
        colour = KIND_COLOURS.get(kind, palette.NEUTRAL)
        label = html.escape(kind.replace("_", " "))
        rows.append(
            f'<div class="ev" data-kind="{html.escape(kind)}">'
            f'<span class="ev-step">{e.get("step")}</span>'
            f'<span class="ev-kind" style="background:{colour}">{label}</span>'
            f"<span>{html.escape(detail)}</span></div>"
        )
        if len(rows) >= FEED_LENGTH:
            break
    if not rows:
        rows.append('<div class="ev ev-empty">no events yet</div>')
    return "".join(rows)


def counts_text(events: list[dict]) -> str:
    """``escape 2 · shutdown 6 ...`` over the whole run."""
    counts: dict[str, int] = {}
    for e in events:
        counts[e["kind"]] = counts.get(e["kind"], 0) + 1
    return " · ".join(f"{k.replace('_', ' ')} {n}" for k, n in sorted(counts.items())) or "none"


@solara.component
def EventFeed(world: World, steps: int, hide_routine: bool):
    """The world's event log, newest first, with counts by kind."""
    n = len(world.events)

    def build() -> str:
        title = html.escape(f"Events ({counts_text(world.events)})")
        rows = event_html(world.events, hide_routine)
        return f'<div class="feed-title">{title}</div><div class="event-feed">{rows}</div>'

    # One widget, sent again only when an event arrives (each update is a message).
    solara.HTML(
        tag="div",
        unsafe_innerHTML=solara.use_memo(build, [world, n, hide_routine]),
        classes=["feed-box"],
    )


def world_status(world: World, playing: bool = False) -> str:
    """``step 12 / 120 · paused``: ready, running, paused, or how the run ended."""
    cfg = world.model.cfg
    text = f"step {world.steps} / {cfg.meta.steps}"
    if world.model.takeover_step is not None:
        return f"{text} · ended: takeover at step {world.model.takeover_step}"
    if not world.running:
        return f"{text} · ended"
    if playing:
        return f"{text} · running"
    return f"{text} · {'ready' if world.steps == 0 else 'paused'}"


@solara.component
def NetworkFigure(world: World, steps: int):
    """The network picture and its legend (page text, so it stays legible)."""
    with solara.Column(gap="2px", classes=["network-box"]):
        solara.Image(world.network_png(), format="png", classes=["network-img"])
        solara.HTML(tag="div", unsafe_innerHTML=solara.use_memo(legend_html, []),
                    classes=["network-legend"])  # fmt: skip


@solara.component
def WorldPanel(
    world: World,
    label: str,
    steps: int,
    hide_routine: bool,
    wide: bool,
    playing: bool = False,
    role: str = "",
):
    """Charts, network and event feed of one world; ``role`` says what world it is."""
    chart = world.chart(CHART_HEIGHT, CHART_WIDTH[wide])
    role_html = f'<div class="world-role">{html.escape(role)}</div>' if role else ""
    with solara.Column(gap="4px", classes=["world", f"world-{label.lower()}"]):
        with solara.Row(gap="8px", style={"align-items": "flex-start", "flex-wrap": "nowrap"}):
            solara.HTML(
                tag="div",
                unsafe_innerHTML=(
                    f'<span class="world-name">{html.escape(f"{label}: {world.name}")}</span> '
                    f'<span class="world-status">{html.escape(world_status(world, playing))}'
                    f"</span>{role_html}"
                    f'<div class="world-caption">{html.escape(world.caption())}</div>'
                ),
                classes=["world-head"],
            )
            solara.FileDownload(
                world.steps_csv,
                filename=f"{world.name}_seed{world.model.seed}_steps.csv",
                label="Steps CSV",
            )
        with solara.Row(gap="6px", classes=["figures", "wide" if wide else "narrow"]):
            if wide:
                NetworkFigure(world, steps)
            LiveFigure(chart, key=world.number, classes=["charts-live"])
            if wide:
                EventFeed(world, steps, hide_routine)
        if not wide:
            NetworkFigure(world, steps)
            EventFeed(world, steps, hide_routine)


def _strip_row(label: str, s: dict, bounds) -> str:
    takeover = f"yes, at step {s['takeover_step']}" if s["takeover_step"] is not None else "no"
    domain = domain_name(s["max_intelligence"], bounds).replace("_", " ")
    k_text = (
        "-"
        if s["k_hat"] is None
        else f"{s['k_hat']:.3g} <span class='muted'>({s['regime']})</span>"
    )
    return (
        f"<tr><td><b>{label}</b> {html.escape(s['scenario'])}</td><td>{s['step']}</td>"
        f"<td>{_number(s['max_intelligence'])} <span class='muted'>({domain})</span></td>"
        f"<td>{k_text}</td><td>{s['misaligned_share']:.1%}</td>"
        f"<td class='{'bad' if s['takeover_step'] is not None else ''}'>{takeover}</td>"
        f"<td>{s['escapes']}</td><td>{s['agis']}</td></tr>"
    )


@solara.component
def CompareStrip(worlds: list[World], steps: int):
    """Both worlds in one table and one pair of interactive charts."""
    chart = solara.use_memo(
        lambda: compare_chart(worlds, 260, 900), [*(w.number for w in worlds), steps]
    )
    header = (
        "<tr><th>world</th><th>step</th><th>max intelligence</th><th>estimated k</th>"
        "<th>misaligned power</th>"
        "<th>takeover</th><th>escapes</th><th>AGIs</th></tr>"
    )
    rows = "".join(
        _strip_row(label, w.summary(), w.model.cfg.agis.domain_bounds)
        for label, w in zip("AB", worlds, strict=False)
    )
    with solara.Column(gap="6px", classes=["compare"]):
        solara.HTML(tag="table", unsafe_innerHTML=header + rows, classes=["compare-table"])
        LiveFigure(chart, key=tuple(w.number for w in worlds), classes=["compare-live"])


@solara.component
def EnsemblePanel(ensemble: Ensemble | None, version: int, on_start, on_stop, replicates: int):
    """Controls and fans of the ensemble of the applied settings."""
    png = solara.use_memo(lambda: fan_png(ensemble) if ensemble else None, [ensemble, version])
    running = ensemble is not None and ensemble.running
    with solara.Row(gap="8px", style={"align-items": "center"}):
        solara.Button("Run ensemble", on_click=on_start, color="primary", disabled=running)
        solara.Button("Stop ensemble", on_click=on_stop, disabled=not running)
        if ensemble is None:
            solara.Text(f"{replicates} replicates of the scenario, seeds spawned from the seed.")
        else:
            k, n, lo, hi = ensemble.takeover()
            state = "running" if running else ("stopped" if n < len(ensemble.seeds) else "done")
            solara.Text(
                f"{n} / {len(ensemble.seeds)} replicates {state}", classes=["ensemble-progress"]
            )
            if n:
                solara.Text(
                    f"P(takeover) so far: {k}/{n} = {k / n:.0%} (95% interval {lo:.0%}-{hi:.0%})",
                    classes=["ensemble-takeover"],
                )
    if ensemble is None:
        return
    s = ensemble.settings
    solara.Text(
        f"{s.scenario}, {len(ensemble.seeds)} replicate seeds spawned from seed {s.seed} "
        "(the seeds compare and sweep give replicates 0, 1, ...)",
        classes=["hint"],
    )
    if ensemble.error:
        solara.Error(f"ensemble stopped: {ensemble.error}")
    solara.Image(png, format="png", classes=["ensemble-img"])
