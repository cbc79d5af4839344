"""The live view driven in headless Chromium as a person would use it."""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def step_count(page) -> int:
    """The number on the step counter."""
    return int(page.locator(".step-counter").inner_text().split(":")[1])


def wait_for_step(page, at_least: int, timeout: float = 20.0) -> int:
    """Wait until the step counter reaches ``at_least``; return what it shows."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = step_count(page)
        if value >= at_least:
            return value
        page.wait_for_timeout(100)
    raise AssertionError(f"step counter stuck at {step_count(page)} (wanted {at_least})")


def src(page, selector: str) -> str:
    """The current ``src`` of an image."""
    return page.locator(selector).first.get_attribute("src") or ""


def query_of(page) -> dict[str, list[str]]:
    """The page's URL query, parsed."""
    return parse_qs(urlsplit(page.url).query)


def wait_for_query(page, key: str, timeout: float = 10.0) -> dict[str, list[str]]:
    """Wait until the URL carries ``key``."""
    deadline = time.monotonic() + timeout
    while key not in query_of(page):
        if time.monotonic() > deadline:
            raise AssertionError(f"URL {page.url} never carried {key!r}")
        page.wait_for_timeout(100)
    return query_of(page)


def test_step_play_pause_redraw(visit, artefacts):
    """Step moves the counter by one, Play keeps it moving and redraws, Pause stops it."""
    visitor = visit()
    page = visitor.page
    visitor.open()
    assert step_count(page) == 0
    charts_before = src(page, "img.charts-img")
    network_before = src(page, "img.network-img")
    page.get_by_role("button", name="Step", exact=True).click()
    wait_for_step(page, 1)
    assert step_count(page) == 1
    page.get_by_role("button", name="Play").click()
    wait_for_step(page, 6)
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Play").wait_for()
    page.wait_for_timeout(300)  # a step already under way when Pause came still lands
    paused_at = step_count(page)
    page.wait_for_timeout(700)
    assert step_count(page) == paused_at, "the counter moved after Pause"
    assert src(page, "img.charts-img") != charts_before, "the charts were not redrawn"
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
        deadline = time.monotonic() + 10
        while not shown.inner_text().startswith(expected):
            assert time.monotonic() < deadline, f"value shows {shown.inner_text()!r}"
            page.wait_for_timeout(50)
    page.get_by_text("Changed settings apply on Reset.").wait_for()
    after = float(slider.get_attribute("aria-valuenow"))
    assert after == pytest.approx(before + change)
    page.get_by_role("button", name="Reset").click()
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
    page.wait_for_selector(".world-b img.charts-img")
    table = page.locator(".compare-table")
    assert "slow_takeoff" in table.inner_text()
    assert "foom" in table.inner_text()
    b_before = src(page, ".world-b img.charts-img")
    for expected in (1, 2, 3):
        page.get_by_role("button", name="Step", exact=True).click()
        wait_for_step(page, expected)
    for world in ("a", "b"):  # each world redraws on its own: wait for both, never sleep
        expect(page.locator(f".world-{world} .world-status")).to_contain_text(
            re.compile(r"step 3 / \d+"), timeout=60_000
        )
    assert src(page, ".world-b img.charts-img") != b_before
    assert wait_for_query(page, "scenario_b")["mode"] == ["two"]
    page.screenshot(path=str(artefacts / "two_worlds.png"), full_page=True)


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
    first.page.wait_for_timeout(300)
    assert step_count(first.page) == 3
    assert step_count(second.page) == 1


def test_link_reopens_the_same_view(visit):
    """A URL with mode, scenarios, seed and an override opens exactly that view."""
    visitor = visit()
    page = visitor.page
    visitor.open("?mode=two&scenario=foom&scenario_b=fizzle&seed=7&agis.growth.k=1.2")
    page.wait_for_selector(".world-b img.charts-img")
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
    page.get_by_text(re.compile(r"4 / 4 replicates done")).wait_for(timeout=60_000)
    assert re.search(r"P\(takeover\) so far: \d/4", page.locator(".ensemble-takeover").inner_text())
    page.wait_for_selector("img.ensemble-img")
    page.screenshot(path=str(artefacts / "ensemble.png"), full_page=True)


def test_policy_switch_applies_on_reset(visit):
    """Switching a policy on and pressing Reset rebuilds with it: URL and event feed show it."""
    visitor = visit()
    page = visitor.page
    visitor.open()
    page.get_by_role("checkbox", name="audit mandate").check(force=True)
    page.get_by_role("button", name="Reset").click()
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
        page.locator(".ignored-note").wait_for(timeout=60_000)
        assert "CANARY-7f3a9" not in page.content()
        shown = page.inner_text("body")
        assert "not found" not in shown.lower()  # nor whether a file exists
        assert "Traceback" not in shown
        assert "network.path" in page.locator(".ignored-note").inner_text()
