"""A failure while drawing or stepping a world never puts a traceback on the page.

Matplotlib raises (``OverflowError`` and the like) when a chart meets inf; the
schema's limits keep worlds finite, but whatever the charts or a step raise, the
stage shows one plain message and a Reset button, never Solara's traceback.
"""

from __future__ import annotations

import asyncio
import functools

import ipyvuetify as v
import ipywidgets
import pytest
import solara

from agi_economy.viz.app import GuardedStage
from agi_economy.viz.session import Session
from agi_economy.viz.settings import Settings
from agi_economy.viz.world import World

SECRET = "/srv/private/path_in_the_message"


def texts(widget: ipywidgets.Widget) -> list[str]:
    """Every string the widget tree shows (children, values, labels, HTML)."""
    found: list[str] = []
    for name in ("children", "value", "label", "v_model", "unsafe_innerHTML"):
        item = getattr(widget, name, None)
        items = item if isinstance(item, list | tuple) else [item]
        for x in items:
            if isinstance(x, str):
                found.append(x)
            elif isinstance(x, ipywidgets.Widget):
                found.extend(texts(x))
    return found


def in_event_loop(test):
    """Run ``test`` inside a running event loop, as the server runs the page."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        async def body():
            test(*args, **kwargs)

        asyncio.run(body())

    return run


def render_stage(session: Session):
    """Render the page's stage for ``session`` as the page does."""

    @solara.component
    def Harness():
        draft = solara.use_reactive(session.settings)
        tick = solara.use_reactive(0)
        playing = solara.use_reactive(False)
        GuardedStage(session, draft, tick, playing, lambda: session.apply(session.settings))

    return solara.render(Harness(), handle_error=False)


def assert_plain_failure(box) -> None:
    shown = "\n".join(texts(box))
    assert "could not be drawn (OverflowError)" in shown
    assert "Traceback" not in shown
    assert SECRET not in shown
    assert ".py" not in shown


def overflow(*_args, **_kwargs):
    raise OverflowError(f"cannot convert float infinity to integer {SECRET}")


@pytest.fixture
def session() -> Session:
    return Session(Settings(overrides=(("humans.count", 150), ("meta.steps", 40))))


@in_event_loop
def test_a_chart_that_raises_shows_a_plain_message(session, monkeypatch):
    """An exception while drawing the figures is caught at the stage, without a traceback."""
    monkeypatch.setattr(World, "chart", overflow)
    box, rc = render_stage(session)
    assert_plain_failure(box)
    assert rc.find(v.Btn, children=["Reset"]).widgets


@in_event_loop
def test_a_step_that_raises_shows_a_plain_message(session, monkeypatch):
    """An exception in the Step button's handler reaches the same message."""
    box, rc = render_stage(session)
    assert "could not be drawn" not in "\n".join(texts(box))
    monkeypatch.setattr(World, "step", overflow)
    rc.find(v.Btn, children=["Step"]).widget.click()
    assert_plain_failure(box)


@in_event_loop
def test_reset_after_a_failure_draws_the_world_again(session, monkeypatch):
    """Reset clears the message and the stage draws the rebuilt world."""
    monkeypatch.setattr(World, "chart", overflow)
    box, rc = render_stage(session)
    assert_plain_failure(box)
    monkeypatch.undo()
    rc.find(v.Btn, children=["Reset"]).widget.click()
    assert "could not be drawn" not in "\n".join(texts(box))
    assert rc.find(v.Img).widgets or rc.find(ipywidgets.Image).widgets
