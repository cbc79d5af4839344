"""A published special case beside its full world, driven in headless Chromium.

Each world's stepping is read from its own status line ("step N / steps"), which the
page writes from that world's model, so the tests see each world advance on its own.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.viz.test_browser import wait_for_query, wait_for_step

pytestmark = pytest.mark.browser

SWITCH = "B: full world from A's parameters"


def expect_both_at(page, step: int, steps: int) -> None:
    """Wait until both worlds' status lines say they took ``step`` of ``steps`` steps."""
    for world in ("a", "b"):
        expect(page.locator(f".world-{world} .world-status")).to_contain_text(
            f"step {step} / {steps} "
        )


def test_a_link_opens_the_special_case_beside_its_full_world(visit, artefacts):
    """The link opens davidson_houlden beside its full world, labelled; Step advances both."""
    visitor = visit()
    page = visitor.page
    visitor.open("?mode=two&scenario=davidson_houlden&full_world=1&seed=7")
    expect(page.locator(".world-a .world-name")).to_contain_text("A: davidson_houlden")
    expect(page.locator(".world-b .world-name")).to_contain_text("B: davidson_houlden_full")
    role_a = page.locator(".world-a .world-role")
    expect(role_a).to_contain_text("published special case")
    expect(role_a).to_contain_text("Davidson & Houlden (2025)")
    expect(role_a).to_contain_text("How quick and big would a software intelligence explosion be?")
    expect(page.locator(".world-b .world-role")).to_contain_text(
        "full world built from the parameters of davidson_houlden"
    )
    expect(page.get_by_role("checkbox", name=SWITCH)).to_be_checked()
    expect_both_at(page, 0, 48)
    for expected in (1, 2, 3):
        page.get_by_role("button", name="Step", exact=True).click()
        wait_for_step(page, expected)
        expect_both_at(page, expected, 48)
    query = wait_for_query(page, "full_world")
    assert (query["full_world"], query["scenario"], query["seed"]) == (
        ["1"], ["davidson_houlden"], ["7"],
    )  # fmt: skip
    page.screenshot(path=str(artefacts / "full_world.png"), full_page=True)


def test_the_switch_puts_the_full_world_beside_a_special_case(visit):
    """In two worlds with han2020 as A, the switch and Reset make B han2020's full world."""
    visitor = visit()
    page = visitor.page
    visitor.open("?mode=two&scenario=han2020&scenario_b=foom&seed=3")
    expect(page.locator(".world-b .world-name")).to_contain_text("B: foom")
    expect(page.locator(".world-a .world-role")).to_contain_text("To regulate or not")
    page.get_by_role("checkbox", name=SWITCH).check(force=True)
    page.get_by_role("button", name="Reset", exact=True).click()
    expect(page.locator(".world-b .world-name")).to_contain_text("B: han2020_full")
    expect(page.locator(".world-b .world-role")).to_contain_text("full world")
    query = wait_for_query(page, "full_world")
    assert query["full_world"] == ["1"]
    assert "labs.count" not in query  # the 100 labs were not pulled to a slider's end
    expect(page.locator(".knob-beyond")).to_contain_text("beyond this slider")
    page.get_by_role("button", name="Step", exact=True).click()
    wait_for_step(page, 1)
    expect_both_at(page, 1, 36)
