"""The agi-economy live view: ``agi-economy viz`` (or ``solara run`` on this file).

One world, two worlds side by side, or an ensemble of replicates. Each browser
session builds its own models (state lives in per-session hooks, never at module
level). The URL carries mode, scenarios, seed and overrides, so a link reopens the
same view. Controls: Step, Play, Pause, Reset; scenario pickers, seed, the main
knobs and policy toggles change a draft that Reset applies.
"""

from __future__ import annotations

import asyncio
import html
import logging
import threading
import time
from collections import deque
from dataclasses import replace
from pathlib import Path

import solara

from agi_economy.viz.components import CompareStrip, EnsemblePanel, WorldPanel
from agi_economy.viz.controls import Controls, label_mode
from agi_economy.viz.explore import ExplorePanel
from agi_economy.viz.live import PLOTLY, RETIRED, PlotlyLibrary, Retired
from agi_economy.viz.posterior_panel import PosteriorPanel
from agi_economy.viz.session import Session
from agi_economy.viz.settings import MODE_LABELS, Settings, defaults_from_env

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

STYLE = Path(__file__).with_name("style.css")
LOG = logging.getLogger("agi_economy.viz")


def failure_text(exc: BaseException) -> str:
    """What a visitor reads when drawing the view failed: the kind of error, no traceback.

    The exception's own message is left out (it may name server paths or quote data);
    the server's log keeps the whole traceback.
    """
    return (
        f"This view could not be drawn ({type(exc).__name__}): a value left the range the "
        "charts can show. Change the settings and press Reset to build the world again."
    )


def _page_connected() -> bool:
    """Whether a browser page is still connected to this session (True when unknown)."""
    try:
        from solara.server import kernel_context

        status = kernel_context.get_current_context().page_status
    except Exception:  # noqa: BLE001  -- outside a server, or a Solara without this detail
        return True
    return not status or any(v == kernel_context.PageStatus.CONNECTED for v in status.values())


def run_state(session: Session, playing: bool) -> str:
    """What the worlds are doing: ``ready`` (step 0), ``running``, ``paused`` or ``ended``."""
    if not session.running:
        return "ended"
    if playing:
        return "running"
    return "ready" if session.steps == 0 else "paused"


@solara.component
def Page():
    router = solara.use_router()
    session = solara.use_memo(
        lambda: Session(Settings.from_query(router.search, defaults_from_env())), []
    )
    solara.use_effect(lambda: session.close, [])
    retired = solara.use_memo(Retired, [])  # charts that left, closed when safe
    RETIRED.provide(retired)
    solara.use_effect(lambda: retired.close, [])
    library = solara.use_memo(PlotlyLibrary, [])  # plotly's page code, sent once
    PLOTLY.provide(library)
    draft = solara.use_reactive(session.settings)
    tick = solara.use_reactive(0)  # bumped after every change of the worlds: re-renders the stage
    playing = solara.use_reactive(False)

    def publish(settings: Settings) -> None:
        router.push(f"{router.path or '/'}?{settings.to_query()}")

    def apply(settings: Settings) -> None:
        playing.value = False
        if session.apply(settings):
            publish(settings)
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
        publish(session.settings)

    solara.lab.use_task(publish_on_open, dependencies=[], prefer_threaded=False)
    solara.Title("agi-economy live view")
    solara.Style(STYLE)
    with solara.Column(gap="6px", classes=["agi-page"]):
        with solara.Row(gap="16px", style={"align-items": "center"}):
            solara.Text("agi-economy", classes=["app-title"])
            solara.ToggleButtonsSingle(
                value=MODE_LABELS[draft.value.mode],
                values=list(MODE_LABELS.values()),
                on_value=lambda v: change_mode(label_mode(v)),
                dense=True,
            )
        with solara.Row(gap="18px", style={"align-items": "flex-start", "flex-wrap": "nowrap"}):
            Controls(draft)
            GuardedStage(session, draft, tick, playing, reset)
        solara.Div(children=[library], style={"display": "none"})


@solara.component
def GuardedStage(session: Session, draft, tick, playing, reset):
    """:func:`Stage`, or a plain message if anything in it raised while rendering.

    Reacton's ``use_exception`` catches an exception raised by a child component (the
    charts, the network, the feed), so it never reaches Solara's own handler, which
    would replace the page with a traceback. Reset clears it and builds afresh.
    """
    exception, clear = solara.use_exception()
    if exception is None:
        Stage(session, draft, tick, playing, reset)
        return
    LOG.error("the live view failed to render", exc_info=exception)

    def reset_and_clear() -> None:
        playing.value = False
        reset()
        clear()

    with solara.Column(gap="8px", style={"flex": "1 1 auto", "min-width": "0"}):
        solara.Error(failure_text(exception), classes=["view-failed"])
        solara.Button("Reset", on_click=reset_and_clear, color="primary")


@solara.component
def Stage(session: Session, draft, tick, playing, reset):
    """Run controls, the worlds (or the ensemble) and the link to this view."""
    speed = solara.use_reactive(DEFAULT_SPEED)
    hide_routine = solara.use_reactive(False)
    ensemble_version = solara.use_reactive(0)

    def step_once() -> None:
        session.step()
        tick.value += 1

    stamps = solara.use_memo(lambda: deque(maxlen=51), [])  # the last 50 steps' start times

    failure = solara.use_reactive(None)  # what a step of the play loop raised, if anything
    if failure.value is not None:
        raise failure.value  # shown by GuardedStage, as an exception of a render is

    async def play_loop() -> None:
        stamps.clear()
        due = time.perf_counter()
        while playing.value:
            started = time.perf_counter()
            stamps.append(started)
            try:
                with session.lock:  # Pause takes the lock too: no step lands after it
                    if not playing.value:
                        return
                    session.step()
            except Exception as exc:  # noqa: BLE001  -- a task's exception would be lost
                playing.value = False
                failure.value = exc
                return
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

    def pause() -> None:
        with session.lock:  # waits for a step under way, so "paused" is the last word
            playing.set(False)

    last_refresh = solara.use_ref(0.0)
    refresh_lock = solara.use_memo(threading.Lock, [])

    def on_ensemble_update() -> None:
        if not _page_connected():
            session.stop_ensemble()  # the visitor left: no one is waiting for the fans
            return
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

    def build_drawn(settings) -> None:  # a world drawn from the posterior of k
        draft.value = settings
        reset()

    steps = tick.value
    applied = session.settings
    rate = (len(stamps) - 1) / max(stamps[-1] - stamps[0], 1e-9) if len(stamps) > 2 else 0.0
    # Refreshed every tenth step: each changed text is one more message to the browser.
    rate_text = solara.use_memo(lambda: f"{rate:.1f} steps/s", [session.steps // 10, playing.value])
    pending = draft.value != applied
    with solara.Column(gap="8px", style={"flex": "1 1 auto", "min-width": "0"}):
        with solara.Row(gap="8px", classes=["bar"]):
            if applied.mode not in ("ensemble", "explore"):
                solara.Button(
                    "Step",
                    on_click=step_once,
                    disabled=playing.value or not session.running,
                    color="primary",
                    outlined=True,
                )
                if playing.value:
                    solara.Button("Pause", on_click=pause, color="primary")
                else:
                    solara.Button(
                        "Play",
                        on_click=lambda: playing.set(True),
                        disabled=not session.running,
                        color="primary",
                    )
            solara.Button("Reset", on_click=reset, color="primary", outlined=not pending)
            if applied.mode not in ("ensemble", "explore"):
                solara.Text(f"Step: {session.steps}", classes=["step-counter"])
                state = run_state(session, playing.value)
                solara.Text(state, classes=["run-state", f"run-state-{state}"])
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
        if applied.ignored:
            shown = ", ".join(applied.ignored[:5]) + (", ..." if len(applied.ignored) > 5 else "")
            solara.Warning(
                f"The link set what the controls do not offer; left out: {shown}",
                classes=["ignored-note"],
            )
        if applied.mode == "explore":
            ExplorePanel()
        elif applied.mode == "ensemble":
            EnsemblePanel(
                session.ensemble,
                ensemble_version.value,
                start_ensemble,
                stop_ensemble,
                applied.replicates,
            )
        elif applied.mode == "two" and len(session.worlds) == 2:
            # The worlds first, so both are above the fold on a laptop; the comparison after.
            roles = applied.roles()
            with solara.Columns([1, 1], gutters_dense=True):
                for label, world, role in zip("AB", session.worlds, roles, strict=True):
                    WorldPanel(world, label, steps, hide_routine.value, False, playing.value, role)
            CompareStrip(session.worlds, steps)
        elif session.worlds:
            role = applied.roles()[0]
            WorldPanel(session.worlds[0], "A", steps, hide_routine.value, True, playing.value, role)
            PosteriorPanel(applied, build_drawn)
        query = html.escape(applied.to_query())
        solara.HTML(
            tag="div",
            unsafe_innerHTML=f"Link to this view: <a href='?{query}'>?{query}</a>",
            classes=["hint", "view-link"],
        )
