"""Speed of the live view in a real browser: first figure, and steps/s while playing.

The script serves the live view (``agi-economy viz``) on a free 127.0.0.1 port,
opens it in headless Chromium (Debian's ``/usr/bin/chromium`` through Playwright) and measures:

* time to first figure: from asking for the page to the first network image
  decoded on screen, for a fresh browser context each time (the first one also pays
  for the server's cold start);
* steps per second while playing at "as fast as it draws" (and at the default
  10 steps/s), from the page's own step counter, for one world and for the default
  two worlds (slow_takeoff beside foom) from step 0 until the run ends or the time
  limit; and how many of those steps reached the screen as a redrawn chart.

    python benchmarks/viz_speed.py [--seconds 12] [--loads 3]

The machine's load average is printed alongside, and the server's CPU time per step:
on a shared 2-core machine other work slows the wall-clock figures, while CPU per
step says what the server itself needs (1000 / it is the rate on an idle core).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from playwright.sync_api import sync_playwright  # noqa: E402

from agi_economy.viz.serve import CHROMIUM, CHROMIUM_ARGS, served  # noqa: E402

EARLY = 60  # foom takes over near step 69: the first 60 steps have both worlds running
COUNT_FRAMES = """
() => {
  window.__frames = 0;
  let pending = false;  // one redraw changes many paths: count it once
  const plot = document.querySelector('.world-a .charts-live .js-plotly-plot');
  new MutationObserver(() => {
    if (!pending) {
      pending = true;
      setTimeout(() => { window.__frames += 1; pending = false; }, 0);
    }
  }).observe(plot, {attributes: true, subtree: true, attributeFilter: ['d']});
}
"""


def step_count(page) -> int:
    """The number on the page's step counter."""
    return int(page.locator(".step-counter").inner_text().split(":")[1])


def first_figure(browser, url: str) -> float:
    """Seconds from asking for the page to its first network image on screen."""
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_function(
        "() => { const i = document.querySelector('img.network-img');"
        " return i && i.complete && i.naturalWidth > 0; }",
        timeout=60_000,
        polling=20,
    )
    elapsed = time.perf_counter() - started
    context.close()
    return elapsed


def play_rate(
    browser, server, url: str, speed: str, seconds: float
) -> tuple[float, float, int, int, float]:
    """Steps/s while playing (all, first EARLY steps), steps, frames shown, CPU ms/step.

    The rate is taken between the first step seen on the page and the last one, so
    the latency of the Play and Pause clicks does not count.
    """
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(
        ".world-a .charts-live .js-plotly-plot .scatterlayer .trace",
        state="attached",
        timeout=180_000,
    )
    page.get_by_label("Speed").click(force=True)
    page.get_by_role("option", name=speed).click()
    page.evaluate(COUNT_FRAMES)
    before = step_count(page)
    cpu = server.cpu_seconds()
    page.get_by_role("button", name="Play").click()
    page.wait_for_function(
        f"() => document.querySelector('.step-counter').innerText.trim() !== 'Step: {before}'",
        polling=10,
    )
    first, started = step_count(page), time.perf_counter()
    last, ended = first, started
    early = None  # (steps, seconds) over the first EARLY steps, while every world runs
    while time.perf_counter() < started + seconds:
        page.wait_for_timeout(50)
        now, value = time.perf_counter(), step_count(page)
        if value != last:
            last, ended = value, now
            if early is None and value - first >= EARLY:
                early = (value - first, now - started)
        if page.get_by_role("button", name="Play").count():  # the run ended by itself
            break
    if page.get_by_role("button", name="Pause").count():
        page.get_by_role("button", name="Pause").click()
    cpu = server.cpu_seconds() - cpu
    page.wait_for_timeout(300)
    steps = step_count(page) - before
    frames = page.evaluate("() => window.__frames")
    context.close()
    rate = (last - first) / max(ended - started, 1e-9)
    early_rate = early[0] / early[1] if early else float("nan")
    return rate, early_rate, steps, frames, 1000 * cpu / max(steps, 1)


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=12.0, help="longest play per case")
    parser.add_argument("--loads", type=int, default=3, help="fresh page loads to time")
    args = parser.parse_args()
    cases = [
        ("one world, slow_takeoff", "?mode=one&scenario=slow_takeoff&seed=42"),
        ("one world, foom", "?mode=one&scenario=foom&seed=42"),
        (
            "two worlds, slow_takeoff | foom",
            "?mode=two&scenario=slow_takeoff&scenario_b=foom&seed=42",
        ),
    ]
    with served() as server, sync_playwright() as p:
        url = server.url
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        loads = [first_figure(browser, url) for _ in range(args.loads)]
        print(
            f"time to first figure: first load {loads[0]:.2f} s (cold server), "
            f"median of {len(loads)} {statistics.median(loads):.2f} s, max {max(loads):.2f} s"
        )
        print(
            f"{'case':<34} {'speed setting':<20} {'steps/s':>8} {'first ' + str(EARLY):>9}"
            f" {'steps':>6} {'frames':>7} {'server CPU ms/step':>19}"
        )
        for name, query in cases:
            for speed in ("as fast as it draws", "10 steps/s"):
                rate, early, steps, frames, cpu = play_rate(
                    browser, server, url + query, speed, args.seconds
                )
                print(
                    f"{name:<34} {speed:<20} {rate:>8.1f} {early:>9.1f}"
                    f" {steps:>6} {frames:>7} {cpu:>19.0f}"
                )
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        browser.close()


if __name__ == "__main__":
    main()
