"""One colour meaning everywhere: the palette, the headless figures and the live view.

The colours are read back from what each figure draws (matplotlib artists, the live
view's plotly traces, the network's markers, the event badges), never from the
constants the code uses, and compared with :mod:`agi_economy.palette` and with each
other.
"""

from __future__ import annotations

import matplotlib.colors as mcolors
import numpy as np
import polars as pl
import pytest

from agi_economy import palette, simulate
from agi_economy.experiment.trajectory_plots import takeover_figure
from agi_economy.viz.components import event_html
from agi_economy.viz.figures import compare_chart, world_chart
from agi_economy.viz.world import World

SMALL = {"humans.count": 150}


def hex_of(colour) -> str:
    """Any matplotlib or CSS colour as ``#rrggbb`` (upper case)."""
    return mcolors.to_hex(colour, keep_alpha=False).upper()


@pytest.fixture(scope="module")
def foom7():
    """foom, seed 7: aligned and misaligned systems, an escape and a takeover."""
    return simulate("foom", seed=7)


@pytest.fixture(scope="module")
def watched():
    """The same world as the live view draws it, stepped until it ends."""
    world = World("foom", {"seed": 7})
    while world.running:
        world.step()
    return world


def headless_power(result) -> dict[str, str]:
    """Label -> fill colour of the stacked areas of ``power.png``."""
    ax = result.plot("power").axes[0]
    return {c.get_label(): hex_of(c.get_facecolor()[0]) for c in ax.collections}


def headless_alignment(result) -> dict[bool, set[str]]:
    """Aligned? -> the colours of the systems' lines in ``intelligence.png``."""
    aligned = dict(
        result.agents.filter(pl.col("kind") == "agi")
        .group_by("agent_id")
        .agg(pl.col("aligned").first())
        .iter_rows()
    )
    found: dict[bool, set[str]] = {True: set(), False: set()}
    for line in result.plot("intelligence").axes[0].get_lines():
        gid = line.get_gid() or ""
        if gid.startswith("agi-"):
            found[bool(aligned[int(gid[4:])])].add(hex_of(line.get_color()))
    return found


def live_power(world) -> dict[str, str]:
    """Label -> fill colour of the live view's stacked power areas."""
    traces = world_chart(world).traces
    return {t["name"]: hex_of(t["fillcolor"]) for t in traces if t.get("stackgroup")}


def test_no_two_meanings_share_a_colour():
    """Every fixed meaning has its own colour; statuses and alignment share none."""
    colours = [hex_of(c) for c in palette.MEANINGS.values()]
    assert len(set(colours)) == len(colours)
    status = {hex_of(c) for c in palette.STATUS.values()}
    alignment = {hex_of(c) for c in palette.ALIGNMENT.values()}
    assert not status & alignment
    assert not {hex_of(c) for c in palette.ARMS} & set(colours)


def test_headless_power_shares_use_the_palette(foom7):
    """Each stacked area of ``power.png`` has its group's palette colour."""
    expected = {label: hex_of(c) for label, c in palette.POWER.values()}
    assert headless_power(foom7) == expected


def test_live_power_shares_match_the_headless_chart(foom7, watched):
    """People, labs, aligned and misaligned AGIs have the same colour headless and live."""
    assert live_power(watched) == headless_power(foom7)


def test_intelligence_lines_are_coloured_by_alignment_in_both(foom7, watched):
    """Aligned and misaligned systems' lines: the palette's colours, headless and live."""
    found = headless_alignment(foom7)
    assert found[True] == {hex_of(palette.ALIGNED)}
    assert found[False] == {hex_of(palette.MISALIGNED)}, "foom 7 has a misaligned system"
    chart = world_chart(watched)
    assert hex_of(chart.trace("aligned AGI")["line"]["color"]) == hex_of(palette.ALIGNED)
    assert hex_of(chart.trace("misaligned AGI")["line"]["color"]) == hex_of(palette.MISALIGNED)
    assert any(x is not None for x in chart.trace("misaligned AGI")["x"])


def test_network_marks_status_by_palette_and_misalignment_by_outline():
    """Each AGI marker's fill is its status colour; a misaligned one has the red outline."""
    world = World("foom", {"seed": 7, **SMALL})
    seen = set()
    while world.running:
        world.step()
        world.network_png()
        agis = world.model.agis
        faces = world._network.agis.get_facecolors()
        edges = world._network.agis.get_edgecolors()
        for agi, face, edge in zip(agis, faces, edges, strict=True):
            assert hex_of(face) == hex_of(palette.STATUS[agi.status])
            if not agi.aligned:
                assert hex_of(edge) == hex_of(palette.MISALIGNED)
            seen.add(agi.status)
    assert {"boxed", "deployed"} <= seen


def test_event_badges_take_the_colour_of_the_status_they_lead_to():
    """Escape, shutdown and deployment badges have the status colours of the network."""
    events = [{"step": 1, "kind": k, "detail": ""} for k in ("escape", "shutdown", "deployed")]
    shown = event_html(events, hide_routine=False)
    for kind, status in (("escape", "escaped"), ("shutdown", "shutdown"), ("deployed", "deployed")):
        badge = shown.split(f'data-kind="{kind}"')[1].split("background:")[1][:7]
        assert hex_of(badge) == hex_of(palette.STATUS[status])


def test_arms_and_worlds_take_the_arm_colours():
    """Arms of a comparison and the two worlds side by side use ``palette.ARMS`` in order."""
    table = pl.DataFrame(
        {
            "policy": ["none"] * 3 + ["pause"] * 3,
            "year": [0.0, 1.0, 2.0] * 2,
            "p": np.linspace(0, 0.5, 6),
            "low": np.zeros(6),
            "high": np.ones(6),
        }
    )
    lines = takeover_figure(table).axes[0].get_lines()
    by_arm = {line.get_label(): hex_of(line.get_color()) for line in lines}
    assert by_arm == {"none": hex_of(palette.ARMS[0]), "pause": hex_of(palette.ARMS[1])}
    worlds = [World(n, {"seed": 1, **SMALL}) for n in ("slow_takeoff", "foom")]
    chart = compare_chart(worlds)
    colours = {t["name"]: hex_of(t["line"]["color"]) for t in chart.traces}
    assert colours == {
        "A: slow_takeoff": hex_of(palette.ARMS[0]),
        "B: foom": hex_of(palette.ARMS[1]),
    }
