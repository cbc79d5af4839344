"""Fixtures of the live-view tests: a local server, Chromium, guarded pages, screenshots.

The app is served on 127.0.0.1, pages may reach nothing but this machine, and
screenshots are kept in a folder.

Browser tests skip (saying why) only when Chromium is missing on a developer's
machine; under CI they fail instead, so a missing browser never passes silently.
Screenshots go to $AGI_ECONOMY_VIZ_ARTEFACTS when set, else to a pytest temporary
folder (its path is printed in the test report).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from agi_economy.viz.serve import CHROMIUM, CHROMIUM_ARGS, served

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
PATIENCE = 180_000
"""ms any wait on the page may take: every wait is for a condition, so a long limit costs
nothing when the machine is idle and keeps a fully loaded one from failing a test."""
expect.set_options(timeout=PATIENCE)


def _browser_problem() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing (pip install -e '.[dev]')"
    return None


@pytest.fixture(scope="session")
def chromium_ready() -> None:
    """Skip (or, under CI, fail) when the browser tests cannot run here."""
    problem = _browser_problem()
    if problem is None:
        return
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(f"browser tests cannot run under CI: {problem}")
    pytest.skip(f"browser tests need Debian's Chromium and Playwright: {problem}")


@pytest.fixture(scope="session")
def artefacts(tmp_path_factory) -> Path:
    """Where screenshots are kept."""
    chosen = os.environ.get("AGI_ECONOMY_VIZ_ARTEFACTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("viz-artefacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def server(chromium_ready, tmp_path_factory):
    """The app served on a free 127.0.0.1 port (stopped when the module ends)."""
    log = tmp_path_factory.mktemp("viz-server") / "server.log"
    with served(log=log) as running:
        yield running


@pytest.fixture(scope="module")
def browser(chromium_ready):
    """Headless Debian Chromium through Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Visitor:
    """One browser session (its own context) that records every address it asked for."""

    def __init__(self, browser, base_url: str, viewport: dict | None = None):
        self.base_url = base_url
        self.requested: list[str] = []
        self.blocked: list[str] = []
        self.context = browser.new_context(viewport=viewport or {"width": 1500, "height": 1000})
        self.context.set_default_timeout(PATIENCE)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()

    def _route(self, route) -> None:
        url = route.request.url
        self.requested.append(url)
        scheme, host = urlsplit(url).scheme, urlsplit(url).hostname
        if scheme in ("data", "blob") or host in LOCAL_HOSTS:
            route.continue_()
        else:
            self.blocked.append(url)  # never let the page reach out, and report it
            route.abort()

    def open(self, query: str = "", wait_for: str = "img.network-img") -> None:
        """Open the page and wait for its first figure (or ``wait_for``)."""
        self.page.goto(self.base_url + query)
        self.page.wait_for_selector(wait_for)

    def submit(self, label: str, text: str, taken: str, attempt_ms: int = 5_000) -> None:
        """Type ``text`` into the field ``label``, press Enter, and wait until ``taken`` shows.

        Solara's ``InputText(continuous_update=False)`` attaches its Enter and focus-out
        handlers in an effect that runs after the field is drawn, and the browser learns
        of them one message later; an Enter pressed in between is dropped. So the text
        is entered again whenever ``taken`` (a selector) has not appeared within
        ``attempt_ms``, until PATIENCE runs out; the failure message has the page text.
        """
        box = self.page.get_by_label(label)
        deadline = time.monotonic() + PATIENCE / 1000
        while True:
            box.fill(text)
            box.press("Enter")
            try:
                self.page.locator(taken).first.wait_for(timeout=attempt_ms)
                return
            except PlaywrightError:
                if time.monotonic() > deadline:
                    body = self.page.inner_text("body")
                    shown = f"{taken!r} never showed; the page read:\n{body}"
                    raise AssertionError(shown) from None

    def close(self) -> None:
        """End this session."""
        self.context.close()


@pytest.fixture
def visit(browser, server):
    """Make visitors (fresh sessions); afterwards assert none asked for an outside address."""
    visitors: list[Visitor] = []

    def make(viewport: dict | None = None) -> Visitor:
        visitor = Visitor(browser, server.url, viewport)
        visitors.append(visitor)
        return visitor

    yield make
    for visitor in visitors:
        visitor.close()
    outside = [url for v in visitors for url in v.blocked]
    assert not outside, f"the page asked for outside addresses: {outside}"
    assert all(v.requested for v in visitors), "no request was recorded at all"
