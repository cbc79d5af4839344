"""The interactive chart in a browser at a laptop's size: layout and text.

At 1280x720 the world's chart is above the fold and no text is smaller than 11 px.
The page reaches nothing but this machine (the ``visit`` fixture checks), so a chart
that draws is one whose code was served locally.
"""

from __future__ import annotations

import pytest

from tests.viz.test_browser import CHART, wait_for_chart

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


def laptop_page(visit, query: str):
    """A visitor at 1280x720 with the page open on ``query`` and its charts drawn."""
    visitor = visit(LAPTOP)
    visitor.open(query, wait_for=".step-counter")
    return visitor.page


@pytest.mark.parametrize(
    ("query", "worlds"),
    [
        ("?mode=one&scenario=foom&seed=7", "a"),
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
