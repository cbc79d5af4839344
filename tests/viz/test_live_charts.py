"""The live view's interactive charts, run states, ensemble option and model release.

Without a browser: what the plotly charts hold, that a step sends only data and
leaves the visitor's zoom alone, the state words the page shows, ``viz --ensemble``,
and that a world replaced or reset lets Mesa drop its model.
"""

from __future__ import annotations

import asyncio
import gc
import json
import math
import weakref

import mesa
import plotly.graph_objects as go
import pytest
import solara
from ipywidgets.widgets import widget as ipywidget

from agi_economy import AGIEconomy
from agi_economy.cli import main
from agi_economy.cli import viz as viz_command
from agi_economy.viz.app import run_state
from agi_economy.viz.components import WorldPanel, world_status
from agi_economy.viz.figures import world_chart
from agi_economy.viz.inline import LiveWorld
from agi_economy.viz.live import (
    BUNDLE,
    CONFIG,
    PLOTLY,
    RETIRED,
    OpenedWhole,
    PlotlyLibrary,
    Retired,
    build,
    changed,
    flat,
)
from agi_economy.viz.session import Session
from agi_economy.viz.settings import MAX_REPLICATES, Settings, defaults_from_env
from agi_economy.viz.world import World

SMALL = {"humans.count": 150, "meta.steps": 40}
SMALL_SETTINGS = Settings(overrides=tuple(sorted(SMALL.items())))


def live_models() -> int:
    """Models of the simulator Mesa still holds (its class-level agent numbering)."""
    return sum(isinstance(m, AGIEconomy) for m in list(mesa.Agent._ids))


def test_intelligence_trace_holds_each_agi_in_calendar_years():
    """Each point of an AGI's line is its intelligence at that step, at step x months/12."""
    world = World("foom", {"seed": 3, **SMALL})
    seen: dict[tuple[int, int], float] = {}
    for _ in range(25):
        world.step()
        for agi in world.model.agis:
            if agi.status != "shutdown":
                seen[(agi.unique_id, world.steps)] = float(agi.intelligence)
    chart = world_chart(world)
    years = world.model.cfg.meta.months_per_step / 12
    points = 0
    for name in ("aligned AGI", "misaligned AGI"):
        trace = chart.trace(name)
        for x, y, uid in zip(trace["x"], trace["y"], trace["customdata"], strict=True):
            if uid is None:
                assert x is None
                assert y is None
                continue
            step = round(x / years)
            assert x == pytest.approx(step * years)
            if (uid, step) in seen:
                assert y == pytest.approx(seen[(uid, step)])
                points += 1
    assert points >= len(seen) * 0.9


def test_power_traces_stack_to_one_and_the_threshold_is_drawn():
    """The four power areas add up to the whole at every step; the threshold is a line."""
    world = World("foom", {"seed": 7, **SMALL})
    for _ in range(30):
        world.step()
    chart = world_chart(world)
    stacked = [t for t in chart.traces if t.get("stackgroup") == "power"]
    assert len(stacked) == 4
    totals = [sum(float(t["y"][i]) for t in stacked) for i in range(len(stacked[0]["y"]))]
    assert totals == pytest.approx([1.0] * len(totals), abs=1e-9)
    threshold = world.model.cfg.economy.takeover_threshold
    lines = [s for s in chart.layout["shapes"] if s.get("yref") == "y2"]
    assert [s["y0"] for s in lines] == [threshold]


def test_takeover_and_escapes_are_marked_where_they_happened():
    """A takeover is a vertical line at its year; escapes are marks on their system."""
    world = World("foom", {"seed": 7})
    while world.running:
        world.step()
    step = world.model.takeover_step
    assert step is not None, "foom 7 should end in a takeover"
    chart = world_chart(world)
    years = world.years_per_step
    verticals = [s for s in chart.layout["shapes"] if s.get("yref") == "paper"]
    assert [s["x0"] for s in verticals] == [pytest.approx(step * years)]
    escapes = [e for e in world.events if e["kind"] == "escape"]
    marks = chart.trace("escape")
    assert marks["customdata"] == [e["agent_id"] for e in escapes]
    assert marks["x"] == pytest.approx([e["step"] * years for e in escapes])


def test_every_text_of_the_charts_is_at_least_11_px():
    """Fonts, ticks, legend, hover labels and annotations are 11 px or more."""
    world = World("foom", {"seed": 7, **SMALL})
    layout = world_chart(world).layout
    sizes = [v for k, v in flat(layout).items() if k.endswith("size")]
    sizes += [a["font"]["size"] for a in layout["annotations"]]
    assert sizes
    assert min(sizes) >= 11


def test_layout_changes_are_sent_path_by_path():
    """Only the layout entries that changed are sent again, so zoom state is left alone."""
    old = flat({"xaxis": {"range": [0, 10]}, "yaxis": {"range": [-1, 2], "type": "log"}})
    new = flat({"xaxis": {"range": [0, 10]}, "yaxis": {"range": [-1, 4], "type": "log"}})
    assert changed(new, old) == {"yaxis.range": [-1, 4]}
    assert changed(old, old) == {}


def widgets_of(widget, kind: type) -> list:
    """The widgets of ``kind`` anywhere in a rendered widget tree."""
    if isinstance(widget, kind):
        return [widget]
    children = getattr(widget, "children", None) or []
    return [f for c in children if not isinstance(c, str) for f in widgets_of(c, kind)]


def figure_widgets(widget) -> list[go.FigureWidget]:
    """The plotly widgets anywhere in a rendered widget tree."""
    return widgets_of(widget, go.FigureWidget)


def in_loop(body):
    """Run ``body`` inside a running event loop, as the server renders pages."""

    async def run():
        body()

    asyncio.run(run())


def rendered_panel():
    """A foom world's panel rendered at step 0: the world, its step counter, chart and context."""
    world = World("foom", {"seed": 7, **SMALL})
    steps = solara.reactive(0)

    @solara.component
    def Harness():
        WorldPanel(world, "A", steps.value, False, True)

    box, rc = solara.render(Harness(), handle_error=False)
    (widget,) = figure_widgets(box)
    return world, steps, widget, rc


def test_a_step_updates_the_chart_and_keeps_the_visitors_zoom():
    """After a zoom, stepping sends the new data but leaves the zoomed x range as it was."""

    def body():
        world, steps, widget, rc = rendered_panel()
        assert [t.name for t in widget.data] == [t["name"] for t in world.chart().traces]
        widget.layout.xaxis.range = (0.5, 1.5)  # what the browser sends back after a zoom
        for _ in range(5):
            world.step()
            steps.value += 1
        maximum = next(t for t in widget.data if t.name == "maximum")
        assert list(maximum.y) == pytest.approx(world.series["max_intelligence"])
        assert tuple(widget.layout.xaxis.range) == (0.5, 1.5)
        rc.close()

    in_loop(body)


def test_a_chart_that_says_it_is_deaf_is_built_anew_with_the_current_steps(monkeypatch):
    """A chart's "hello" is answered; "deaf" (no answer reached it) builds a new widget.

    The new widget opens with the steps taken meanwhile, the deaf one is retired, and a
    message of any other kind changes nothing.
    """

    def body():
        sent: list[tuple[int, dict]] = []

        def send(self, content, buffers=None):  # what would go to the page
            sent.append((id(self), content))

        monkeypatch.setattr(OpenedWhole, "send", send)
        world, steps, widget, rc = rendered_panel()
        widget._handle_custom_msg({"kind": "hello"}, [])
        assert sent == [(id(widget), {"kind": "heard"})]
        for _ in range(3):
            world.step()
            steps.value += 1
        widget._handle_custom_msg({"kind": "something else"}, [])
        assert figure_widgets(rc.container) == [widget]
        widget._handle_custom_msg({"kind": "deaf"}, [])
        (rebuilt,) = figure_widgets(rc.container)
        assert rebuilt is not widget
        maximum = next(t for t in rebuilt.data if t.name == "maximum")
        assert list(maximum.y) == pytest.approx(world.series["max_intelligence"])
        assert len(maximum.y) == 4  # steps 0 to 3
        rebuilt._handle_custom_msg({"kind": "hello"}, [])
        assert sent[-1] == (id(rebuilt), {"kind": "heard"})
        rc.close()

    in_loop(body)


@pytest.mark.parametrize(
    ("steps", "playing", "ended", "expected"),
    [(0, False, False, "ready"), (0, True, False, "running"), (3, False, False, "paused"),
     (3, True, False, "running"), (40, False, True, "ended"), (40, True, True, "ended")],
)  # fmt: skip
def test_run_state_says_what_the_worlds_are_doing(steps, playing, ended, expected):
    """Ready before the first step, running only while playing, paused, ended at the end."""
    session = Session(SMALL_SETTINGS)
    for _ in range(steps):
        session.step()
    if ended:
        while session.running:
            session.step()
    assert run_state(session, playing) == expected
    assert world_status(session.worlds[0], playing).endswith(expected)
    session.close()


def test_replacing_or_resetting_worlds_releases_their_models():
    """Reset and a new mode let go of the old models: the count of live models stays put."""
    gc.collect()
    before = live_models()
    session = Session(SMALL_SETTINGS)
    first = weakref.ref(session.worlds[0].model)
    for settings in (SMALL_SETTINGS, Settings(mode="two", overrides=SMALL_SETTINGS.overrides)) * 3:
        session.apply(settings)  # Reset, then two worlds, again and again
        session.step()
    assert live_models() - before == len(session.worlds)
    gc.collect()
    assert first() is None, "the first world's model is still reachable"
    session.close()
    assert live_models() == before


def test_a_failed_pair_releases_the_world_it_built():
    """When scenario B fails to build, scenario A's new model is released too."""
    session = Session(SMALL_SETTINGS)
    before = live_models()
    bad = Settings(mode="two", overrides=(*SMALL_SETTINGS.overrides, ("labs.count", -1)))
    assert not session.apply(bad)
    assert live_models() == before
    session.close()


def test_viz_help_offers_the_ensemble(capsys):
    """``agi-economy viz --help`` names ``--ensemble``."""
    assert main(["viz", "--help"]) == 0
    assert "--ensemble" in capsys.readouterr().out


def test_viz_ensemble_opens_the_ensemble_with_n_replicates(monkeypatch):
    """``agi-economy viz foom --ensemble 40`` opens ensemble mode on foom with 40 replicates."""
    handed = {}

    def fake_serve(args, **_):
        handed.update(json.loads(viz_command.os.environ[viz_command.DEFAULTS_ENV]))

    import solara.__main__

    monkeypatch.setattr(solara.__main__.cli, "main", fake_serve)
    monkeypatch.setattr(viz_command, "guard_server", lambda *a: None)
    monkeypatch.setenv(viz_command.DEFAULTS_ENV, "")
    assert main(["viz", "foom", "--ensemble", "40", "--seed", "3", "--port", "0"]) in (0, None)
    monkeypatch.setenv(viz_command.DEFAULTS_ENV, json.dumps(handed))
    settings = defaults_from_env()
    assert (settings.mode, settings.scenario, settings.replicates) == ("ensemble", "foom", 40)
    assert settings.seed == 3
    assert viz_command.MAX_REPLICATES == MAX_REPLICATES


@pytest.mark.parametrize(
    "args",
    [["viz", "foom", "--ensemble", "0"], ["viz", "foom", "fizzle", "--ensemble", "5"],
     ["viz", "foom", "--ensemble", str(MAX_REPLICATES + 1)]],
)  # fmt: skip
def test_viz_ensemble_rejects_bad_input(args):
    """No replicates, two scenarios or more than the view offers: exit status 2."""
    assert main(args) == 2


def test_decades_never_shrink():
    """The log axis only grows, by whole decades, and holds every value."""
    from agi_economy.viz.figures import decades

    low, high = decades([3.0, 7e5], 0.05, 100.0)
    assert low <= 3.0
    assert high >= 7e5
    assert math.log10(high).is_integer()
    assert decades([1.0], low, high) == (low, high)


class _Widget:
    def __init__(self):
        self.closed = False

    def close(self):
        self.closed = True


def test_a_chart_that_leaves_is_closed_later_never_at_once():
    """Retired widgets close at a later retirement after the grace, or when the page ends."""
    now = [0.0]
    retired = Retired(grace=10.0, clock=lambda: now[0])
    first, second, third = _Widget(), _Widget(), _Widget()
    retired.retire(first)
    assert not first.closed  # its view may still be leaving the page
    now[0] = 5.0
    retired.retire(second)
    assert not first.closed  # a later retirement, but within the grace
    now[0] = 12.0
    retired.retire(third)
    assert first.closed
    assert not second.closed
    assert not third.closed
    retired.close()
    assert second.closed
    assert third.closed


def test_the_page_keeps_a_replaced_worlds_chart_open_until_it_is_safe():
    """One world becoming another leaves the old chart's widget open, then closes it."""

    def body():
        worlds = solara.reactive(World("foom", {"seed": 7, **SMALL}))
        retired = Retired(grace=0.0)

        @solara.component
        def Harness():
            RETIRED.provide(retired)
            WorldPanel(worlds.value, "A", 0, False, True)

        box, rc = solara.render(Harness(), handle_error=False)
        (old,) = figure_widgets(box)
        worlds.value = World("fizzle", {"seed": 7, **SMALL})
        (new,) = figure_widgets(box)
        assert new is not old
        assert old.comm is not None  # left the page but not closed yet
        worlds.value = World("foom", {"seed": 8, **SMALL})
        assert old.comm is None  # closed when the next chart left
        rc.close()
        retired.close()
        assert new.comm is None

    in_loop(body)


def opened_states(monkeypatch) -> list[dict]:
    """Record the state each widget opens its link to the page with, from now on."""
    states: list[dict] = []
    create = ipywidget.comm.create_comm

    def record(**kwargs):
        states.append(kwargs["data"]["state"])
        return create(**kwargs)

    monkeypatch.setattr(ipywidget.comm, "create_comm", record)
    return states


def test_a_chart_widget_opens_with_its_traces_and_layout(monkeypatch):
    """A chart's widget opens its link to the page with its traces, layout and config.

    The page draws a chart from that state and ignores a later change of it, so traces
    that came as a change after the view was made left the chart empty.
    """
    states = opened_states(monkeypatch)
    chart = world_chart(World("foom", {"seed": 7, **SMALL}), 470, 420)
    build(chart)
    assert len(states) == 1
    assert [t.get("name") for t in states[0]["_widget_data"]] == [t["name"] for t in chart.traces]
    assert states[0]["_widget_layout"]["height"] == 470
    assert states[0]["_config"] == CONFIG


def test_a_view_drawn_after_steps_draws_the_current_steps():
    """The state a chart's later views are drawn from follows the steps and the layout.

    The page draws a view from the widget's ``_widget_data`` and ``_widget_layout``;
    restyles and relayouts leave them as they were built, so a chart drawn again after
    some steps (its element made anew) showed the first steps only.
    """

    def body():
        world, steps, widget, rc = rendered_panel()
        opened = {t["name"]: list(t["y"]) for t in widget._widget_data}
        for _ in range(6):
            world.step()
            steps.value += 1
        now = {t["name"]: list(t["y"]) for t in widget._widget_data}
        assert now["maximum"] == pytest.approx(world.series["max_intelligence"])
        assert len(now["maximum"]) == len(opened["maximum"]) + 6
        assert widget._widget_layout == widget._layout_obj._props
        assert widget._widget_layout["yaxis"]["range"] == list(widget.layout.yaxis.range)
        rc.close()

    in_loop(body)


def test_charts_share_one_copy_of_plotlys_page_code():
    """A chart's own module is a few lines; plotly's 5 MB bundle comes once, in the library.

    Each chart carried the bundle as its module; anywidget drops every message to a
    model whose module takes over 2 s to initialise, so on a loaded machine charts
    kept their first drawing. Under the page's library no chart brings another copy;
    a chart shown on its own (a notebook cell) brings one.
    """
    bundle = BUNDLE.read_text(encoding="utf-8")
    assert len(OpenedWhole()._esm) < 2_000
    assert len(bundle) > 1_000_000

    def body():
        world = World("foom", {"seed": 7, **SMALL})
        library = PlotlyLibrary()

        @solara.component
        def Page():
            PLOTLY.provide(library)
            WorldPanel(world, "A", 0, False, True)

        box, rc = solara.render(Page(), handle_error=False)
        assert len(figure_widgets(box)) == 1
        assert widgets_of(box, PlotlyLibrary) == []
        assert library.source == bundle
        rc.close()
        alone, rc = solara.render(LiveWorld("foom", seed=7, **SMALL), handle_error=False)
        (own,) = widgets_of(alone, PlotlyLibrary)
        assert own.source == bundle
        rc.close()

    in_loop(body)


def test_live_world_steps_in_a_notebook_cell():
    """LiveWorld's Step 10 button steps its world ten times and its chart draws them."""
    import ipyvuetify

    def body():
        box, rc = solara.render(LiveWorld("foom", seed=7, **SMALL), handle_error=False)
        (widget,) = figure_widgets(box)
        (step10,) = [b for b in widgets_of(box, ipyvuetify.Btn) if b.children == ["Step 10"]]
        step10.fire_event("click", {})
        maximum = next(t for t in widget.data if t.name == "maximum")
        assert len(maximum.y) == 11
        rc.close()

    in_loop(body)
