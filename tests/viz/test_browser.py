"""The live view driven in headless Chromium as a person would use it."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def step_count(page) -> int:
    """The number on the step counter."""
    return int(page.locator(".step-counter").inner_text().split(":")[1])


def wait_for_step(page, at_least: int) -> int:
    """Wait until the step counter reaches ``at_least``; return what it shows."""
    try:
        page.wait_for_function(
            "(n) => { const c = document.querySelector('.step-counter');"
            " return c && parseInt(c.innerText.split(':')[1]) >= n; }",
            arg=at_least,
        )
    except PlaywrightTimeout:
        raise AssertionError(
            f"step counter stuck at {step_count(page)} (wanted {at_least})"
        ) from None
    return step_count(page)


def src(page, selector: str) -> str:
    """The current ``src`` of an image."""
    return page.locator(selector).first.get_attribute("src") or ""


CHART = ".world-{} .charts-live .js-plotly-plot"
DRAWING = """(selector) => Array.from(document.querySelectorAll(selector + ' .scatterlayer path'))
    .map(p => p.getAttribute('d') || '').join('|')"""


def drawing(page, world: str = "a") -> str:
    """What a world's interactive chart draws now: the paths of its traces."""
    return page.evaluate(DRAWING, CHART.format(world))


def wait_for_chart(page, world: str = "a") -> None:
    """Wait until a world's interactive chart has drawn its traces."""
    page.wait_for_function(
        "(s) => document.querySelectorAll(s + ' .scatterlayer .trace').length > 0",
        arg=CHART.format(world),
    )


def state(page) -> str:
    """The run state beside the step counter: ready, running, paused or ended."""
    return page.locator(".run-state").inner_text().strip()


def query_of(page) -> dict[str, list[str]]:
    """The page's URL query, parsed."""
    return parse_qs(urlsplit(page.url).query)


def wait_for_query(page, key: str) -> dict[str, list[str]]:
    """Wait until the URL carries ``key``."""
    try:
        page.wait_for_function(
            "(k) => new URLSearchParams(window.location.search).has(k)",
            arg=key,
        )
    except PlaywrightTimeout:
        raise AssertionError(f"URL {page.url} never carried {key!r}") from None
    return query_of(page)


def test_step_play_pause_redraw(visit, artefacts):
    """Step moves the counter by one, Play keeps it moving and redraws, Pause stops it.

    The state beside the counter tells the truth at each point: ready before the first
    step, paused after a Step or Pause, running only while playing.
    """
    visitor = visit()
    page = visitor.page
    visitor.open()
    wait_for_chart(page)
    assert step_count(page) == 0
    expect(page.locator(".run-state")).to_have_text("ready")
    expect(page.locator(".world-a .world-status")).to_contain_text("· ready")
    assert "running" not in page.locator(".agi-page").inner_text()
    charts_before = drawing(page)
    network_before = src(page, "img.network-img")
    page.get_by_role("button", name="Step", exact=True).click()
    wait_for_step(page, 1)
    expect(page.locator(".run-state")).to_have_text("paused")
    page.get_by_role("button", name="Play").click()
    expect(page.locator(".run-state")).to_have_text("running")
    wait_for_step(page, 6)
    page.get_by_role("button", name="Pause").click()
    expect(page.locator(".run-state")).to_have_text("paused")
    page.get_by_role("button", name="Play").wait_for()
    paused_at = step_count(page)
    expect(page.locator(".world-a .world-status")).to_contain_text(f"step {paused_at} / ")
    expect(page.locator(".world-a .world-status")).to_contain_text("· paused")
    assert "running" not in page.locator(".agi-page").inner_text()
    # Pause waits for a step under way, so once "paused" shows the counter must not move:
    # waiting for it to change has to time out (a bounded wait for a change, not a sleep).
    with pytest.raises(PlaywrightTimeout):
        page.wait_for_function(
            f"() => document.querySelector('.step-counter').innerText.trim() !== "
            f"'Step: {paused_at}'",
            timeout=1500,
        )
    page.get_by_role("button", name="Step", exact=True).click()
    wait_for_step(page, paused_at + 1)
    assert step_count(page) == paused_at + 1
    expect(page.locator(".run-state")).to_have_text("paused")
    page.wait_for_function(f"(s) => ({DRAWING})(s) !== {charts_before!r}", arg=CHART.format("a"))
    assert src(page, "img.network-img") != network_before, "the network was not redrawn"
    query = wait_for_query(page, "seed")
    assert query["scenario"] == ["slow_takeoff"]
    page.screenshot(path=str(artefacts / "one_world.png"), full_page=True)


def test_knob_then_reset_rebuilds_with_the_new_value(visit, artefacts):
    """Moving a knob marks the settings pending; Reset rebuilds at step 0 and the URL carries it."""
    visitor = visit()
    page = visitor.page
    visitor.open()
    page.get_by_role("button", name="Step", exact=True).click()
    wait_for_step(page, 1)
    slider = page.get_by_role("slider", name="Box strength")
    before = float(slider.get_attribute("aria-valuenow"))
    room = float(slider.get_attribute("aria-valuemax")) - before
    key, change = ("ArrowRight", 0.5) if room >= 0.5 else ("ArrowLeft", -0.5)
    shown = page.locator(".knob", has_text="Box strength").locator(".knob-value")
    slider.focus()
    for press in range(1, 6):  # five steps of 0.1 by keyboard, watching the value as a person does
        slider.press(key)
        expected = f"{before + change * press / 5:g}"
        expect(shown).to_have_text(re.compile("^" + re.escape(expected)))
    page.get_by_text("Changed settings apply on Reset.").wait_for()
    after = float(slider.get_attribute("aria-valuenow"))
    assert after == pytest.approx(before + change)
    page.get_by_role("button", name="Reset", exact=True).click()
    page.get_by_text("Changed settings apply on Reset.").wait_for(state="detached")
    assert step_count(page) == 0
    query = wait_for_query(page, "containment.box_strength")
    assert float(query["containment.box_strength"][0]) == pytest.approx(after)
    assert page.locator(".knob-value.moved").first.inner_text().startswith(f"{after:g}")
    page.screenshot(path=str(artefacts / "knob_reset.png"), full_page=True)


def test_two_worlds_step_together(visit, artefacts):
    """Two worlds: slow_takeoff beside foom, one set of controls steps both, a strip compares."""
    visitor = visit()
    page = visitor.page
    visitor.open()
    page.get_by_role("button", name="Two worlds").click()
    wait_for_chart(page, "b")
    table = page.locator(".compare-table")
    assert "slow_takeoff" in table.inner_text()
    assert "foom" in table.inner_text()
    for expected in (1, 2, 3):
        page.get_by_role("button", name="Step", exact=True).click()
        wait_for_step(page, expected)
    for world in ("a", "b"):  # each world redraws on its own: wait for both, never sleep
        expect(page.locator(f".world-{world} .world-status")).to_contain_text(
            re.compile(r"step 3 / \d+")
        )
    assert wait_for_query(page, "scenario_b")["mode"] == ["two"]
    page.screenshot(path=str(artefacts / "two_worlds.png"), full_page=True)


def test_two_worlds_charts_redraw_after_steps(visit):
    """After three steps in two worlds, world B's chart draws the new steps.

    The browser runs at a quarter of its speed, as on a loaded machine: each chart used
    to carry plotly's 5 MB bundle as its own module, anywidget gave up on a model whose
    module took over 2 s to initialise and then dropped every message to it, so the
    charts kept their first drawing while the status lines moved on.
    """
    visitor = visit()
    page = visitor.page
    page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
    visitor.open("?mode=two&scenario=slow_takeoff&scenario_b=foom")
    wait_for_chart(page, "b")
    before = {w: drawing(page, w) for w in "ab"}
    for expected in (1, 2, 3):
        page.get_by_role("button", name="Step", exact=True).click()
        wait_for_step(page, expected)
    for world in "ab":
        page.wait_for_function(
            f"(s) => ({DRAWING})(s) !== {before[world]!r}", arg=CHART.format(world)
        )


def test_second_session_is_independent(visit):
    """A second visitor gets worlds of their own: stepping one never moves the other."""
    first, second = visit(), visit()
    first.open()
    for expected in (1, 2, 3):
        first.page.get_by_role("button", name="Step", exact=True).click()
        wait_for_step(first.page, expected)
    second.open()
    assert step_count(second.page) == 0
    second.page.get_by_role("button", name="Step", exact=True).click()
    wait_for_step(second.page, 1)
    # Step the first once more: had the second's step reached it, it would show 5.
    first.page.get_by_role("button", name="Step", exact=True).click()
    assert wait_for_step(first.page, 4) == 4
    assert step_count(second.page) == 1


def test_link_reopens_the_same_view(visit):
    """A URL with mode, scenarios, seed and an override opens exactly that view."""
    visitor = visit()
    page = visitor.page
    visitor.open("?mode=two&scenario=foom&scenario_b=fizzle&seed=7&agis.growth.k=1.2")
    wait_for_chart(page, "b")
    assert "foom" in page.locator(".world-a .world-name").inner_text()
    assert "fizzle" in page.locator(".world-b .world-name").inner_text()
    assert page.get_by_label("Seed").input_value() == "7"
    k = page.get_by_role("slider", name="Returns on reinvestment k")
    assert float(k.get_attribute("aria-valuenow")) == pytest.approx(1.2)
    query = wait_for_query(page, "agis.growth.k")
    assert query["seed"] == ["7"]
    assert query["scenario_b"] == ["fizzle"]


def test_ensemble_runs_replicates_in_the_background(visit, artefacts):
    """Ensemble mode runs N replicates, draws the fans and reports the takeover probability."""
    visitor = visit()
    page = visitor.page
    visitor.open("?mode=ensemble&scenario=foom&seed=3&replicates=4", wait_for="text=Run ensemble")
    page.get_by_role("button", name="Run ensemble").click()
    page.get_by_text(re.compile(r"4 / 4 replicates done")).wait_for()
    assert re.search(r"P\(takeover\) so far: \d/4", page.locator(".ensemble-takeover").inner_text())
    page.wait_for_selector("img.ensemble-img")
    page.screenshot(path=str(artefacts / "ensemble.png"), full_page=True)


def test_policy_switch_applies_on_reset(visit):
    """Switching a policy on and pressing Reset rebuilds with it: URL and event feed show it."""
    visitor = visit()
    page = visitor.page
    visitor.open()
    page.get_by_role("checkbox", name="audit mandate").check(force=True)
    page.get_by_role("button", name="Reset", exact=True).click()
    assert wait_for_query(page, "policies")["policies"] == ["audit_mandate"]
    page.locator('.ev[data-kind="policy_on"]').first.wait_for()
    assert "audit_mandate" in page.locator('.ev[data-kind="policy_on"]').first.inner_text()


def test_a_link_never_reads_a_file_on_the_server(visit, tmp_path):
    """A link naming a file shows none of its content, only a note of what was left out."""
    canary = tmp_path / "canary.txt"
    canary.write_text("1 2\nCANARY-7f3a9 secret line\n")
    visitor = visit()
    page = visitor.page
    for query in (
        f"?network.kind=file&network.path={canary}",
        f"?network.path={canary}&scenario={canary}&extends={canary}",
        f"?network.kind=file&network.path={tmp_path / 'missing.txt'}",
    ):
        visitor.open(query)
        page.locator(".ignored-note").wait_for()
        assert "CANARY-7f3a9" not in page.content()
        shown = page.inner_text("body")
        assert "not found" not in shown.lower()  # nor whether a file exists
        assert "Traceback" not in shown
        assert "network.path" in page.locator(".ignored-note").inner_text()
