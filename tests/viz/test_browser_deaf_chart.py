"""A live chart that anywidget stopped listening to is built anew, and a healthy one is not.

anywidget drops every message to a model whose module took more than 2 s to initialise
(on a starved machine it happens: a chart then drew its first state and no later step).
Here the server's chart module makes the first chart on each page wait 2.5 s before it
initialises, which is that case made certain; the chart must still follow the steps.
"""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from agi_economy.viz.live import JS
from agi_economy.viz.serve import served
from tests.viz.test_browser import CHART, DRAWING, drawing, wait_for_chart, wait_for_step

pytestmark = pytest.mark.browser

SLOW_FIRST_CHART = '''\
"""Make the first live chart module on each page initialise after anywidget's 2 s."""
import agi_economy.viz.live as live

DELAY = """if (!window.__slowChartDone) {
  window.__slowChartDone = true;
  await new Promise((resolve) => setTimeout(resolve, 2500));
}
"""
live.OpenedWhole._esm = DELAY + (live.JS / "plotly_chart.js").read_text(encoding="utf-8")
'''
HEARING_MS = int(re.search(r"HEARING_MS = (\d+)", (JS / "plotly_chart.js").read_text()).group(1))


@pytest.fixture(scope="module")
def server(chromium_ready, tmp_path_factory):
    """The app, served with a chart module whose first load on a page is too slow."""
    hook = tmp_path_factory.mktemp("slow-chart")
    (hook / "sitecustomize.py").write_text(SLOW_FIRST_CHART, encoding="utf-8")
    path = [str(hook), *filter(None, [os.environ.get("PYTHONPATH")])]
    log = tmp_path_factory.mktemp("viz-server") / "server.log"
    with served(log=log, env={"PYTHONPATH": os.pathsep.join(path)}) as running:
        yield running


def chart_changes(page, before: str) -> None:
    """Wait until world A's chart draws something other than ``before``."""
    page.wait_for_function(f"(s) => ({DRAWING})(s) !== {before!r}", arg=CHART.format("a"))


def test_a_deaf_chart_is_rebuilt_and_a_healthy_one_kept(visit):
    """The deaf first chart follows a Step once built anew; the new one stays, and follows.

    At the commit before the fix the first wait for a redraw runs out: the chart keeps
    its first drawing for good.
    """
    visitor = visit()
    page = visitor.page
    visitor.open()
    wait_for_chart(page)
    assert page.evaluate("() => window.__slowChartDone === true"), "the slow module never ran"
    before = drawing(page)
    page.get_by_role("button", name="Step", exact=True).click()
    wait_for_step(page, 1)
    chart_changes(page, before)  # the deaf chart says so, and the one built anew has step 1
    # the chart drawn now is a healthy one: mark its element, which a rebuild would replace
    page.evaluate("(s) => { document.querySelector(s).dataset.kept = 'yes'; }", CHART.format("a"))
    before = drawing(page)
    page.get_by_role("button", name="Step", exact=True).click()
    wait_for_step(page, 2)
    chart_changes(page, before)
    # longer than a chart waits for its answer: the healthy chart must stay the same element
    with pytest.raises(PlaywrightTimeout):
        page.wait_for_function(
            "(s) => { const c = document.querySelector(s); return !c || !c.dataset.kept; }",
            arg=CHART.format("a"),
            timeout=HEARING_MS + 5000,
        )
