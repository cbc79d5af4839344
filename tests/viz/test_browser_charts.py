"""The interactive charts in a browser at a laptop's size: fold, text, hover and zoom.

At 1280x720, in one world and in two, each world's name, the step counter and the
world's chart are above the fold; the charts' text is drawn at a legible size, by the
browser at the chart's own size; a hover shows the value under the pointer and a drag
zooms the time axis. The page reaches nothing but this machine (checked when the
module ends), so a chart that draws is one whose code was served locally.

Every wait is for a condition (Playwright's own waits or ``wait_for_function``), with
the conftest's patience, so a loaded machine makes a test slower and never failing.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.viz.conftest import PATIENCE, Visitor
from tests.viz.test_browser import CHART

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1280, "height": 720}
ONE = "?mode=one&scenario=foom&seed=7"
TWO = "?mode=two&scenario=slow_takeoff&scenario_b=foom"
LEGIBLE = 10  # px: see test_chart_text_is_legible_at_natural_size
DRAWN = """(s) => { const gd = document.querySelector(s);
  return !!gd && !!gd._fullLayout && !!gd._fullData && gd._fullData.length > 0
    && gd.querySelectorAll('.scatterlayer .trace').length > 0; }"""
SMALLEST_PAGE_TEXT = """() => {
  const sizes = [];
  const walk = document.createTreeWalker(document.querySelector('.agi-page'),
                                         NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const node = walk.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || !el) continue;
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === 'hidden') continue;
    sizes.push([parseFloat(style.fontSize), node.textContent.trim().slice(0, 40)]);
  }
  return sizes.sort((a, b) => a[0] - b[0]).slice(0, 5);
}"""
CHART_TEXT = """(s) => {
  // Tick labels, axis titles, panel titles and band names, and the legend, at the size
  // they are drawn: the computed font size times the scale between the SVG and the screen.
  const gd = document.querySelector(s), sizes = [];
  const parts = {'tick': '.xtick text, .ytick text', 'axis title': '.g-xtitle text, .g-ytitle text',
                 'annotation': '.annotation-text', 'legend': '.legendtext'};
  for (const [kind, selector] of Object.entries(parts)) {
    for (const t of gd.querySelectorAll(selector)) {
      if (!t.textContent.trim() || !t.getBoundingClientRect().width) continue;
      const m = t.getScreenCTM();
      sizes.push([parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b), kind,
                  t.textContent.trim().slice(0, 30)]);
    }
  }
  return sizes.sort((a, b) => a[0] - b[0]);
}"""
CHART_SIZE = """(s) => {
  const gd = document.querySelector(s), svg = gd.querySelector('svg.main-svg');
  const box = svg.getBoundingClientRect();
  return {layout: [gd._fullLayout.width, gd._fullLayout.height],
          svg: [parseFloat(svg.getAttribute('width')), parseFloat(svg.getAttribute('height'))],
          screen: [box.width, box.height], images: gd.querySelectorAll('img').length};
}"""
POINT = """([s, trace, index]) => {
  // Where the page draws point ``index`` of trace ``trace``, in page pixels.
  const gd = document.querySelector(s), L = gd._fullLayout, t = gd._fullData[trace];
  const xa = L[t.xaxis.replace('x', 'xaxis')], ya = L[t.yaxis.replace('y', 'yaxis')];
  const box = gd.getBoundingClientRect();
  return [box.left + xa._offset + xa.d2p(t.x[index]), box.top + ya._offset + ya.d2p(t.y[index]),
          t.y[index]];
}"""
PLOT_AREA = """(s) => {
  // The intelligence panel's plot area (x axis by y axis) in page pixels.
  const gd = document.querySelector(s), L = gd._fullLayout, box = gd.getBoundingClientRect();
  return {left: box.left + L.xaxis._offset, width: L.xaxis._length,
          top: box.top + L.yaxis._offset, height: L.yaxis._length};
}"""
X_RANGE = "(s) => document.querySelector(s)._fullLayout.xaxis.range.slice()"
PIXEL_TO_X = "([s, px]) => { const xa = document.querySelector(s)._fullLayout.xaxis;" \
             " return xa.p2d(px - document.querySelector(s).getBoundingClientRect().left" \
             " - xa._offset); }"  # fmt: skip


CHARTS_NOW = """() => Array.from(document.querySelectorAll('.live-figure')).map(box => {
  const gd = box.querySelector('.js-plotly-plot');
  return [box.className, !!gd, gd && gd._fullData ? gd._fullData.length : null,
          gd ? gd.querySelectorAll('.scatterlayer .trace').length : null];
})"""


def wait_until_drawn(page, chart: str) -> None:
    """Wait until plotly has laid out ``chart`` and drawn its traces."""
    try:
        page.wait_for_function(DRAWN, arg=chart)
    except PlaywrightTimeout:
        charts = page.evaluate(CHARTS_NOW)  # class, plotly element, traces laid out, drawn
        raise AssertionError(f"{chart} was never drawn; the page's charts: {charts}") from None


@pytest.fixture(scope="module")
def laptop(browser, server):
    """Pages at 1280x720, one per query, opened once and shared by this module's readers."""
    visitors: dict[str, Visitor] = {}

    def page_for(query: str):
        if query not in visitors:
            visitor = Visitor(browser, server.url, LAPTOP)
            visitors[query] = visitor
            visitor.open(query, wait_for=".step-counter")
        return visitors[query].page

    yield page_for
    for visitor in visitors.values():
        visitor.close()
    outside = [url for v in visitors.values() for url in v.blocked]
    assert not outside, f"the page asked for outside addresses: {outside}"


@pytest.mark.parametrize(("query", "worlds"), [(ONE, "a"), (TWO, "ab")], ids=["one", "two"])
def test_worlds_are_above_the_fold(laptop, artefacts, query, worlds):
    """At 1280x720 the step counter and each world's name, status and chart show unscrolled.

    Positions are read once every chart has drawn (so they are where a visitor sees
    them), from Playwright's bounding boxes, which are relative to the unscrolled window.
    """
    page = laptop(query)
    for world in worlds:
        wait_until_drawn(page, CHART.format(world))
    assert page.evaluate("() => [window.scrollX, window.scrollY]") == [0, 0]
    parts = [".step-counter"]
    for world in worlds:
        parts += [f".world-{world} .world-name", f".world-{world} .world-status"]
        parts.append(CHART.format(world))
    for part in parts:
        box = page.locator(part).first.bounding_box()
        assert box is not None, f"{part} is not shown"
        assert box["x"] >= 0, f"{part} starts left of the window: {box}"
        assert box["y"] >= 0, f"{part} starts above the window: {box}"
        assert box["y"] + box["height"] <= LAPTOP["height"], f"{part} ends below the fold: {box}"
        assert box["x"] + box["width"] <= LAPTOP["width"], f"{part} is cut at the right: {box}"
    page.screenshot(path=str(artefacts / f"laptop_{len(worlds)}_worlds.png"))


@pytest.mark.parametrize("query", [ONE, TWO], ids=["one", "two"])
def test_chart_text_is_legible_at_natural_size(laptop, query):
    """Chart text is drawn at 10 px or more, by the browser at the chart's own size.

    10 px is the floor: a sixth below plotly's own default text size of 12 px
    (``globalFont.size.dflt = 12`` in plotly.js, src/plots/layout_attributes.js), which
    leaves room for tick labels a little smaller than the rest and none for the 5-7 px
    of the half-size pictures these charts replaced. The size is the computed font size
    times the scale between the SVG and the screen, so a chart shrunk by CSS counts as
    small. Natural size: the chart is vector SVG (no image in it) laid out at the width
    and height plotly computed, and shown on screen at exactly that size. Every other
    text of the page keeps the 11 px the view's style asks for.
    """
    page = laptop(query)
    charts = [CHART.format("a")]
    if query == TWO:
        charts += [CHART.format("b"), ".compare-live .js-plotly-plot"]
    for chart in charts:
        wait_until_drawn(page, chart)
        sizes = page.evaluate(CHART_TEXT, chart)
        assert {"tick", "axis title", "annotation", "legend"} <= {k for _, k, _ in sizes}, sizes
        assert sizes[0][0] >= LEGIBLE, f"{chart}: text below {LEGIBLE} px: {sizes[:5]}"
        size = page.evaluate(CHART_SIZE, chart)
        assert size["images"] == 0, f"{chart} holds a picture: {size}"
        for drawn in ("svg", "screen"):
            assert size[drawn] == pytest.approx(size["layout"], abs=0.5), size
    smallest = page.evaluate(SMALLEST_PAGE_TEXT)
    assert smallest[0][0] >= 11, f"page text smaller than 11 px: {smallest}"


def hover_until_label(page, chart: str, trace: int, index: int, attempt_ms: int = 3_000) -> str:
    """Point at a data point until plotly's hover label shows; return the label's text.

    Plotly answers a pointer only once it has laid the chart out and throttles hover
    events, so a single move can go unanswered on a loaded machine. The pointer is moved
    off the chart and back onto the point (recomputed each time, in case the chart was
    laid out again) until the label appears, for as long as the conftest's patience.
    """
    label = page.locator(f"{chart} .hoverlayer .hovertext")
    deadline = time.monotonic() + PATIENCE / 1000
    while True:
        x, y, _ = page.evaluate(POINT, [chart, trace, index])
        page.mouse.move(5, 5)
        page.mouse.move(x + 1, y, steps=3)  # inside the plot area: step 0 is its left edge
        try:
            label.first.wait_for(timeout=attempt_ms)
            return label.first.text_content() or ""
        except PlaywrightError:
            if time.monotonic() > deadline:
                raise AssertionError(f"no hover label on {chart} at ({x:.0f}, {y:.0f})") from None


def test_hover_shows_a_value_and_a_drag_zooms_time(visit, artefacts):
    """Hovering a point of the intelligence chart shows its value; a drag zooms the time axis.

    The hovered point is the maximum at step 0; the label (of the maximum or of the
    system on top, whose line runs through the same point) reads that value to three
    significant figures. The world is not stepped, so the test does not wait on a
    step's data reaching the chart (``test_browser_deaf_chart`` is about that). A
    horizontal drag across the middle of the panel sets the time axis to the span
    dragged over, read back from plotly's layout on the page.
    """
    visitor = visit(LAPTOP)
    page = visitor.page
    visitor.open(ONE, wait_for=".step-counter")
    chart = CHART.format("a")
    wait_until_drawn(page, chart)  # with the world at step 0: see the docstring
    _, _, value = page.evaluate(POINT, [chart, 0, 0])
    text = hover_until_label(page, chart, 0, 0)
    assert "years" in text, text
    shown = re.search(r"I = ([0-9.eE+-]+)", text)
    assert shown, f"the hover label has no value: {text!r}"
    assert float(shown.group(1)) == pytest.approx(value, rel=0.01), text

    before = page.evaluate(X_RANGE, chart)
    area = page.evaluate(PLOT_AREA, chart)
    y = area["top"] + area["height"] / 2
    left, right = area["left"] + 0.3 * area["width"], area["left"] + 0.6 * area["width"]
    span = [page.evaluate(PIXEL_TO_X, [chart, px]) for px in (left, right)]
    page.mouse.move(left, y)
    page.mouse.down()
    page.mouse.move(right, y, steps=8)
    page.mouse.up()
    page.wait_for_function(
        "([s, before]) => { const gd = document.querySelector(s);"
        " if (!gd || !gd._fullLayout) return false; const r = gd._fullLayout.xaxis.range;"
        " return r[0] !== before[0] || r[1] !== before[1]; }",
        arg=[chart, before],
    )
    zoomed = page.evaluate(X_RANGE, chart)
    assert zoomed == pytest.approx(span, rel=0.02, abs=0.02), (before, zoomed, span)
    page.screenshot(path=str(artefacts / "laptop_zoomed.png"))
