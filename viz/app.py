"""The agi-economy live view: ``solara run viz/app.py`` or ``agi-economy viz``.

One world, two worlds side by side, or an ensemble of replicates. Each browser
session builds its own models (state lives in per-session hooks, never at module
level). The URL carries mode, scenarios, seed and overrides, so a link reopens the
same view. Controls: Step, Play, Pause, Reset; scenario pickers, seed, the main
knobs and policy toggles change a draft that Reset applies.
"""

from __future__ import annotations

import asyncio
import html
import sys
import threading
import time
from collections import deque
from dataclasses import replace
from pathlib import Path

# `solara run viz/app.py` puts viz/ itself on the path; the modules import as `viz.*`.
_ROOT = str(Path(__file__).resolve().parents[1])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import solara  # noqa: E402

from viz.components import CompareStrip, EnsemblePanel, WorldPanel  # noqa: E402
from viz.session import Session  # noqa: E402
from viz.settings import (  # noqa: E402
    KNOBS,
    MODE_LABELS,
    Settings,
    config_of,
    defaults_from_env,
    policy_registry,
    scenario_names,
    scenario_policy_names,
)

SPEEDS = {
    "2 steps/s": 2,
    "5 steps/s": 5,
    "10 steps/s": 10,
    "20 steps/s": 20,
    "as fast as it draws": 0,
}
DEFAULT_SPEED = "10 steps/s"
CATCH_UP = 0.4  # s of lag the play loop makes up for
ENSEMBLE_REFRESH = 0.4  # s between fan redraws while replicates come in

CSS = """
.agi-page { padding: 8px 14px; }
.app-title { font-size: 1.25rem; font-weight: 600; }
.agi-controls { min-width: 270px; max-width: 290px; }
.knob { margin-top: 4px; }
.knob-head { font-size: 0.85rem; color: #444; }
.knob-value { font-variant-numeric: tabular-nums; }
.knob-value.moved { color: #1565c0; font-weight: 600; }
.knob .v-input__slider .v-label { display: none; }
.knob .v-input { margin-top: 0; }
.knob .v-messages { display: none; }
.agi-controls .v-input--checkbox { margin-top: 0; }
.agi-controls .v-input--checkbox .v-messages { display: none; }
.agi-controls .v-input--checkbox .v-label { font-size: 0.85rem; }
.bar { align-items: center; flex-wrap: wrap; }
.step-counter { font-size: 1.05rem; font-weight: 600; min-width: 90px; }
.world-name { font-weight: 600; font-size: 1rem; }
.world-status { color: #555; }
.world-caption { font-size: 0.8rem; color: #444; }
.world-name { margin-right: 8px; }
.figures { flex-wrap: nowrap; align-items: flex-start; }
.figures.wide .network-img { width: 414px; }
.figures.wide .charts-img { width: 432px; }
.figures.narrow { width: 100%; }
.figures.narrow > div { flex: 1 1 0; min-width: 0; }
.figures.narrow img { width: 100%; height: auto; }
.feed-box { min-width: 240px; flex: 1 1 240px; }
.feed-title { font-size: 0.8rem; color: #444; }
.event-feed { font-size: 12px; max-height: 380px; overflow-y: auto; border-top: 1px solid #e3e7eb; }
.figures.narrow ~ .feed-box .event-feed { max-height: 200px; }
.ev { padding: 2px 0; border-bottom: 1px solid #f0f2f4; line-height: 1.35; }
.ev-step { display: inline-block; min-width: 2.6em; color: #777; text-align: right;
           margin-right: 6px; }
.ev-kind { color: white; border-radius: 3px; padding: 0 5px; margin-right: 6px; font-size: 11px; }
.ev-empty { color: #888; }
.compare-table { border-collapse: collapse; font-size: 13px; }
.compare-table td, .compare-table th { padding: 3px 10px; border-bottom: 1px solid #e3e7eb;
                                      text-align: left; }
.compare-table .bad { color: #c62828; font-weight: 600; }
.compare-img { max-width: 100%; }
.muted { color: #888; }
.hint { font-size: 0.8rem; color: #666; }
"""


def _page_connected() -> bool:
    """Whether a browser page is still connected to this session (True when unknown)."""
    try:
        from solara.server import kernel_context

        status = kernel_context.get_current_context().page_status
    except Exception:  # noqa: BLE001  -- outside a server, or a Solara without this detail
        return True
    return not status or any(v == kernel_context.PageStatus.CONNECTED for v in status.values())


def _label_mode(label: str) -> str:
    return next(mode for mode, text in MODE_LABELS.items() if text == label)


@solara.component
def Knobs(draft: solara.Reactive[Settings]):
    """Sliders of the main parameters; untouched ones show scenario A's value."""
    s = draft.value
    cfg = config_of(s.scenario)
    overrides = s.override_dict()
    for knob in KNOBS:
        default = None if isinstance(cfg, Exception) else knob.value_in(cfg)
        value = overrides.get(knob.path, default if default is not None else knob.low)

        def set_value(v, knob=knob, default=default):
            v = int(v) if knob.integer else round(float(v), 6)
            draft.value = draft.value.with_override(knob.path, None if v == default else v)

        moved = knob.path in overrides
        with solara.Column(gap="0px", classes=["knob"]):
            with solara.Row(justify="space-between", classes=["knob-head"]):
                solara.Text(knob.label)
                note = f" (scenario {default:g})" if moved and default is not None else ""
                solara.Text(f"{value:g}{note}", classes=["knob-value", "moved" if moved else ""])
            if knob.integer:
                solara.SliderInt(
                    knob.label,
                    value=int(value),
                    min=int(knob.low),
                    max=int(knob.high),
                    on_value=set_value,
                    thumb_label=False,
                )
            else:
                solara.SliderFloat(
                    knob.label,
                    value=float(value),
                    min=knob.low,
                    max=knob.high,
                    step=knob.step,
                    on_value=set_value,
                    thumb_label=False,
                )


@solara.component
def PolicyToggles(draft: solara.Reactive[Settings]):
    """A switch per policy the package offers (hidden until it offers a registry)."""
    registry = solara.use_memo(policy_registry, [])
    if not registry:
        return
    s = draft.value
    on = s.policies if s.policies is not None else scenario_policy_names(s.scenario)
    solara.Text("Policies", classes=["hint"])
    for name in registry:

        def toggle(value, name=name):
            current = list(on)
            current = (
                [*current, name]
                if value and name not in current
                else [p for p in current if p != name or value]
            )
            draft.value = replace(draft.value, policies=tuple(current))

        solara.Checkbox(label=name.replace("_", " "), value=name in on, on_value=toggle)


@solara.component
def Controls(draft: solara.Reactive[Settings]):
    """The settings column: mode, scenarios, seed, knobs, policies."""
    s = draft.value
    names = scenario_names()
    with solara.Column(gap="2px", classes=["agi-controls"]):
        solara.Select(
            "Scenario" if s.mode != "two" else "Scenario A",
            values=names,
            value=s.scenario,
            on_value=lambda v: draft.set(replace(draft.value, scenario=v)),
        )
        if s.mode == "two":
            solara.Select(
                "Scenario B",
                values=names,
                value=s.scenario_b,
                on_value=lambda v: draft.set(replace(draft.value, scenario_b=v)),
            )
        solara.InputInt(
            "Seed",
            value=s.seed,
            on_value=lambda v: draft.set(replace(draft.value, seed=max(int(v or 0), 0))),
        )
        if s.mode == "ensemble":
            solara.InputInt(
                "Replicates",
                value=s.replicates,
                on_value=lambda v: draft.set(
                    replace(draft.value, replicates=min(max(int(v or 1), 1), 1000))
                ),
            )
        Knobs(draft)
        if s.mode == "two":
            solara.Text(
                "Knobs you move apply to both worlds; untouched ones keep each scenario's value.",
                classes=["hint"],
            )
        PolicyToggles(draft)
        other = [(k, v) for k, v in s.overrides if k not in {knob.path for knob in KNOBS}]
        if other:
            solara.Text(
                "Other overrides: " + ", ".join(f"{k}={v}" for k, v in other), classes=["hint"]
            )
        if s.overrides:
            solara.Button(
                "Clear overrides",
                text=True,
                on_click=lambda: draft.set(replace(draft.value, overrides=())),
            )


@solara.component
def Page():
    router = solara.use_router()
    session = solara.use_memo(
        lambda: Session(Settings.from_query(router.search, defaults_from_env())), []
    )
    solara.use_effect(lambda: session.close, [])
    draft = solara.use_reactive(session.settings)
    tick = solara.use_reactive(0)  # bumped after every change of the worlds: re-renders the stage
    playing = solara.use_reactive(False)

    def apply(settings: Settings) -> None:
        playing.value = False
        if session.apply(settings):
            router.push(f"{router.path or '/'}?{settings.to_query()}")
        tick.value += 1

    def reset() -> None:
        apply(draft.value)
        if session.error is None:
            draft.value = session.settings

    def change_mode(mode: str) -> None:
        draft.value = replace(draft.value, mode=mode)
        apply(replace(session.settings, mode=mode))

    async def publish_on_open():
        # The address bar shows the full view from the start, so it can be copied as a
        # link. Pushed a moment after the first render: a push during it is overwritten
        # when the browser reports its own location.
        await asyncio.sleep(0.5)
        router.push(f"{router.path or '/'}?{session.settings.to_query()}")

    solara.lab.use_task(publish_on_open, dependencies=[], prefer_threaded=False)
    solara.Title("agi-economy live view")
    solara.Style(CSS)
    with solara.Column(gap="6px", classes=["agi-page"]):
        with solara.Row(gap="16px", style={"align-items": "center"}):
            solara.Text("agi-economy", classes=["app-title"])
            solara.ToggleButtonsSingle(
                value=MODE_LABELS[draft.value.mode],
                values=list(MODE_LABELS.values()),
                on_value=lambda v: change_mode(_label_mode(v)),
                dense=True,
            )
        with solara.Row(gap="18px", style={"align-items": "flex-start", "flex-wrap": "nowrap"}):
            Controls(draft)
            Stage(session, draft, tick, playing, reset)


@solara.component
def Stage(session: Session, draft, tick, playing, reset):
    """Run controls, the worlds (or the ensemble) and the link to this view."""
    speed = solara.use_reactive(DEFAULT_SPEED)
    hide_routine = solara.use_reactive(False)
    ensemble_version = solara.use_reactive(0)

    def step_once() -> None:
        session.step()
        tick.value += 1

    stamps = solara.use_memo(lambda: deque(maxlen=21), [])

    async def play_loop() -> None:
        stamps.clear()
        due = time.perf_counter()
        while playing.value:
            started = time.perf_counter()
            stamps.append(started)
            session.step()
            tick.value += 1  # renders this step before the next one
            if not session.running or not _page_connected():
                playing.value = False  # ended, or the visitor left: stop spending CPU
                return
            # Keep to a fixed timeline (not a fixed pause), so 10 steps/s means 10 a second:
            # after a slow step (a redrawn background) the next ones catch up, by at most
            # CATCH_UP seconds, so a long stall does not turn into a burst.
            rate = SPEEDS.get(speed.value, 0)
            now = time.perf_counter()
            due = max(due + (1.0 / rate if rate else 0.0), now - CATCH_UP)
            await asyncio.sleep(max(due - now, 0.0))

    solara.lab.use_task(play_loop, dependencies=[playing.value], prefer_threaded=False)

    last_refresh = solara.use_ref(0.0)
    refresh_lock = solara.use_memo(threading.Lock, [])

    def on_ensemble_update() -> None:
        with refresh_lock:
            ensemble = session.ensemble
            finished = ensemble is None or not ensemble.running
            now = time.monotonic()
            if now - last_refresh.current < ENSEMBLE_REFRESH and not finished:
                return
            last_refresh.current = now
        ensemble_version.value += 1

    def start_ensemble() -> None:
        if draft.value != session.settings:
            reset()  # run what the controls say (replicates, seed, knobs)
        session.start_ensemble(on_ensemble_update)
        ensemble_version.value += 1

    def stop_ensemble() -> None:
        session.stop_ensemble()
        ensemble_version.value += 1

    steps = tick.value
    applied = session.settings
    rate = (len(stamps) - 1) / max(stamps[-1] - stamps[0], 1e-9) if len(stamps) > 2 else 0.0
    # Refreshed every tenth step: each changed text is one more message to the browser.
    rate_text = solara.use_memo(lambda: f"{rate:.1f} steps/s", [session.steps // 10, playing.value])
    pending = draft.value != applied
    with solara.Column(gap="8px", style={"flex": "1 1 auto", "min-width": "0"}):
        with solara.Row(gap="8px", classes=["bar"]):
            if applied.mode != "ensemble":
                solara.Button(
                    "Step",
                    on_click=step_once,
                    disabled=playing.value or not session.running,
                    color="primary",
                    outlined=True,
                )
                if playing.value:
                    solara.Button("Pause", on_click=lambda: playing.set(False), color="primary")
                else:
                    solara.Button(
                        "Play",
                        on_click=lambda: playing.set(True),
                        disabled=not session.running,
                        color="primary",
                    )
            solara.Button("Reset", on_click=reset, color="primary", outlined=not pending)
            if applied.mode != "ensemble":
                solara.Text(f"Step: {session.steps}", classes=["step-counter"])
                if playing.value and len(stamps) > 2:
                    solara.Text(rate_text, classes=["hint", "rate"])
                solara.Select(
                    "Speed",
                    values=list(SPEEDS),
                    value=speed.value,
                    on_value=speed.set,
                    style={"max-width": "190px"},
                )
                solara.Checkbox(
                    label="Hide routine events", value=hide_routine.value, on_value=hide_routine.set
                )
            if pending:
                solara.Text("Changed settings apply on Reset.", classes=["hint", "pending"])
        if session.error:
            solara.Error(f"Could not build this world: {session.error}")
        if applied.mode == "ensemble":
            EnsemblePanel(
                session.ensemble,
                ensemble_version.value,
                start_ensemble,
                stop_ensemble,
                applied.replicates,
            )
        elif applied.mode == "two" and len(session.worlds) == 2:
            CompareStrip(session.worlds, steps)
            with solara.Columns([1, 1], gutters_dense=True):
                for label, world in zip("AB", session.worlds, strict=True):
                    WorldPanel(world, label, steps, hide_routine.value, wide=False)
        elif session.worlds:
            WorldPanel(session.worlds[0], "A", steps, hide_routine.value, wide=True)
        query = html.escape(applied.to_query())
        solara.HTML(
            tag="div",
            unsafe_innerHTML=f"Link to this view: <a href='?{query}'>?{query}</a>",
            classes=["hint", "view-link"],
        )
