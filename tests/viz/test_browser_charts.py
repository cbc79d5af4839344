"""The interactive charts in a browser at a laptop's size: layout, text, hover and zoom.

At 1280x720 every world's charts are above the fold and no text is smaller than
11 px; a chart answers a hover with the value under the pointer, a drag zooms it, and
the zoom outlives the next step. The page reaches nothing but this machine (the
``visit`` fixture checks), so a chart that draws is one whose code was served locally.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.viz.test_browser import CHART, DRAWING, step_count, wait_for_chart, wait_for_step

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1280, "height": 720}
SMALLEST_TEXT = """() => {
  const sizes = [];
  const page = document.querySelector('.agi-page');
  const walk = document.createTreeWalker(page, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const node = walk.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || !el) continue;
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === 'hidden') continue;
    sizes.push([parseFloat(style.fontSize), node.textContent.trim().slice(0, 40)]);
  }
  sizes.sort((a, b) => a[0] - b[0]);
  return sizes.slice(0, 5);
}"""
POINT = """([selector, trace, index]) => {
  const gd = document.querySelector(selector), L = gd._fullLayout, t = gd._fullData[trace];
  const xa = L[t.xaxis.replace('x', 'xaxis')], ya = L[t.yaxis.replace('y', 'yaxis')];
  const box = gd.getBoundingClientRect();
  return [box.left + xa._offset + xa.d2p(t.x[index]), box.top + ya._offset + ya.d2p(t.y[index])];
}"""
X_RANGE = "(s) => document.querySelector(s)._fullLayout.xaxis.range.slice()"


def laptop_page(visit, query: str):
    """A visitor at 1280x720 with the page open on ``query`` and its charts drawn."""
    visitor = visit(LAPTOP)
    visitor.open(query, wait_for=".step-counter")
    return visitor.page


@pytest.mark.parametrize(
    ("query", "worlds"),
    [
        ("?mode=one&scenario=foom&seed=7", "a"),
        ("?mode=two&scenario=slow_takeoff&scenario_b=foom", "ab"),
    ],
)
def test_worlds_are_above_the_fold_and_legible(visit, artefacts, query, worlds):
    """At 1280x720 each world's name and whole chart show without scrolling; text >= 11 px."""
    page = laptop_page(visit, query)
    for world in worlds:
        wait_for_chart(page, world)
        for part in (f".world-{world} .world-name", CHART.format(world)):
            box = page.locator(part).first.bounding_box()
            assert box is not None, part
            assert box["y"] >= 0
            assert box["y"] + box["height"] <= LAPTOP["height"], f"{part} ends at {box}"
            assert box["x"] + box["width"] <= LAPTOP["width"], f"{part} is cut at {box}"
    smallest = page.evaluate(SMALLEST_TEXT)
    assert smallest[0][0] >= 11, f"text smaller than 11 px: {smallest}"
    page.screenshot(path=str(artefacts / f"laptop_{len(worlds)}_worlds.png"))


def test_hover_reads_a_value_and_zoom_survives_a_step(visit, artefacts):
    """Hovering a point shows its value; a drag zooms; stepping keeps the zoom."""
    page = laptop_page(visit, "?mode=one&scenario=foom&seed=7")
    wait_for_chart(page)
    for expected in (1, 2, 3, 4):
        page.get_by_role("button", name="Step", exact=True).click()
        wait_for_step(page, expected)
    chart = CHART.format("a")
    page.wait_for_function("(s) => document.querySelector(s)._fullData[0].x.length >= 5", arg=chart)
    x, y = page.evaluate(POINT, [chart, 0, 3])  # the maximum at step 3
    page.mouse.move(x, y)
    hover = page.locator(f"{chart} .hoverlayer .hovertext")
    expect(hover.first).to_contain_text("I =")
    assert "years" in (hover.first.text_content() or "")
    before = page.evaluate(X_RANGE, chart)
    left, _ = page.evaluate(POINT, [chart, 0, 1])
    right, _ = page.evaluate(POINT, [chart, 0, 3])
    page.mouse.move(left, y - 40)
    page.mouse.down()
    page.mouse.move((left + right) / 2, y - 20, steps=5)
    page.mouse.move(right, y, steps=5)
    page.mouse.up()
    page.wait_for_function(f"(s) => ({X_RANGE})(s)[1] < {before[1]} * 0.8", arg=chart)
    zoomed = page.evaluate(X_RANGE, chart)
    drawn = page.evaluate(DRAWING, chart)
    page.get_by_role("button", name="Step", exact=True).click()
    wait_for_step(page, step_count(page) + 1)
    page.wait_for_function(f"(s) => ({DRAWING})(s) !== {drawn!r}", arg=chart)
    assert page.evaluate(X_RANGE, chart) == pytest.approx(zoomed)
    page.screenshot(path=str(artefacts / "zoomed.png"))
