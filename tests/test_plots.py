"""Run figures: calendar time, the maximum behind its system, ended lines, event markers."""

from __future__ import annotations

import matplotlib.colors as mcolors
import polars as pl
import pytest
from matplotlib.figure import Figure

from agi_economy import simulate
from agi_economy.plots import MISALIGNED_COLOUR, run_figures


@pytest.fixture(scope="module")
def foom7():
    """foom, seed 7: a misaligned system escapes and takes over (at step 47)."""
    return simulate("foom", seed=7)


def _lines(fig: Figure) -> dict:
    return {line.get_gid(): line for line in fig.axes[0].get_lines() if line.get_gid()}


@pytest.mark.parametrize("kind", ["intelligence", "power", "output"])
def test_plot_returns_a_figure_in_calendar_time(foom7, kind):
    """``result.plot(kind)`` returns a matplotlib Figure whose x axis is time in years."""
    fig = foom7.plot(kind)
    assert isinstance(fig, Figure)
    assert fig.axes[0].get_xlabel() == "time (years)"
    years = foom7.summary["horizon_years"]
    assert fig.axes[0].get_xlim()[1] == pytest.approx(years, rel=0.1)


def test_plot_refuses_an_unknown_kind(foom7):
    """An unknown figure name is refused naming the field."""
    with pytest.raises(ValueError, match="^kind:"):
        foom7.plot("nope")


def test_maximum_does_not_hide_the_system_it_follows(foom7):
    """The misaligned system that takes over is drawn red, above the maximum line."""
    lines = _lines(foom7.plot("intelligence"))
    escaped = foom7.events.filter(pl.col("kind") == "escape")["agent_id"][0]
    system, maximum = lines[f"agi-{escaped}"], lines["maximum"]
    assert mcolors.same_color(system.get_color(), MISALIGNED_COLOUR)
    assert system.get_zorder() > maximum.get_zorder()
    assert maximum.get_linestyle() != "-"


def test_events_are_marked(foom7):
    """The escape is a marker on its system's line; the takeover a line at its year."""
    fig = foom7.plot("intelligence")
    marks = {c.get_gid(): c for c in fig.axes[0].collections if c.get_gid()}
    escape = foom7.events.filter(pl.col("kind") == "escape").row(0, named=True)
    x, y = marks["escape"].get_offsets()[0]
    assert x == pytest.approx(escape["step"] / 12)
    assert y == pytest.approx(escape["intelligence"])
    takeover = _lines(fig)["takeover"]
    assert takeover.get_xdata()[0] == pytest.approx(foom7.summary["takeover_year"])
    labels = fig.axes[0].get_legend_handles_labels()[1]
    assert {"maximum", "aligned AGI", "misaligned AGI", "escape", "takeover"} <= set(labels)


def test_cap_note_when_lines_flatten(foom7):
    """When the maximum reaches the cap, the figure says the lines flatten there."""
    assert foom7.summary["max_intelligence"] == foom7.scenario.agis.growth.intelligence_cap
    texts = [t.get_gid() for t in foom7.plot("intelligence").axes[0].texts]
    assert "cap-note" in texts
    slow = simulate("fizzle", seed=1, humans__count=100, meta__steps=24)
    assert "cap-note" not in [t.get_gid() for t in slow.plot("intelligence").axes[0].texts]


def test_shut_down_systems_end_their_lines():
    """A shut-down system's line ends at its shutdown; it does not run on flat."""
    for seed in range(40):
        result = simulate("careless_lab", seed=seed, humans__count=150)
        shutdowns = result.events.filter(pl.col("kind") == "shutdown")
        if shutdowns.height:
            break
    else:
        pytest.skip("no shutdown in 40 careless_lab seeds")
    lines = _lines(result.plot("intelligence"))
    row = shutdowns.row(0, named=True)
    line = lines[f"agi-{row['agent_id']}"]
    assert max(line.get_xdata()) < row["step"] / 12 * result.scenario.meta.months_per_step
    assert max(line.get_xdata()) < result.summary["horizon_years"]


def test_run_figures_write_pngs(foom7, tmp_path):
    """The run's three figures are written as PNG files."""
    for path in run_figures(foom7, tmp_path):
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
