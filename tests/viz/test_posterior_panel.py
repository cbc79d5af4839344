"""The posterior-of-k panel: densities, and a seeded world drawn from it that a link rebuilds."""

from __future__ import annotations

import math
import time
from urllib.parse import parse_qs, urlsplit

import numpy as np
import polars as pl
import pytest
from playwright.sync_api import expect

from agi_economy.viz.posterior_panel import (
    KDraws,
    density_figure,
    density_png,
    draw_world,
    read_draws,
)
from agi_economy.viz.serve import served
from agi_economy.viz.settings import Settings

K_VALUES = (0.3, 0.8, 1.1, 1.4, 2.5)  # 0.3 and 2.5 lie off the k slider (0.5 to 1.6)


def write_posterior(folder, k_values=K_VALUES):
    """A saved posterior (as 'evidence posterior --out' writes) whose k families draw these."""
    folder.mkdir(parents=True, exist_ok=True)
    n = len(k_values)
    frames = [
        pl.DataFrame({"family": [fam] * n, "draw": list(range(n)), "log_mu": [0.0] * n,
                      "tau": [0.1] * n, "log_new": [math.log(k) for k in k_values]})
        for fam in ("software_returns", "self_improvement", "algorithmic_progress")
    ]  # fmt: skip
    pl.concat(frames).write_parquet(folder / "posterior_draws.parquet")
    return folder


def test_saved_draws_are_read_as_k_for_k_families_only(tmp_path):
    """k = exp(log_new) for each k family; a family whose parameter is a time is left out."""
    draws = read_draws(write_posterior(tmp_path / "p"))
    assert set(draws.families) == {"software_returns", "self_improvement"}
    assert draws.families["software_returns"] == pytest.approx(K_VALUES)
    assert density_png(draws)[:4] == b"\x89PNG"


def test_panel_draws_the_densities_in_the_written_figures_colours_and_sizes(tmp_path):
    """The panel's densities take the palette's meanings and the house fonts.

    It drew every family over one axis in matplotlib's default colour cycle, with a
    grey k = 1 line and fonts of its own, unlike ``evidence posterior``'s figure.
    """
    from matplotlib.colors import to_hex

    from agi_economy import palette, style
    from agi_economy.evidence.mapping import MECHANISMS

    draws = read_draws(write_posterior(tmp_path / "p"))
    fig = density_figure(draws)
    assert fig.get_size_inches()[0] == style.DOUBLE
    assert [ax.get_title() for ax in fig.axes] == [MECHANISMS[f] for f in draws.families]
    for ax in fig.axes:
        bars = {to_hex(p.get_facecolor(), keep_alpha=False) for p in ax.patches[:-1]}
        assert bars == {palette.NEW_SETTING.lower()}
        band = to_hex(ax.patches[-1].get_facecolor(), keep_alpha=False)
        assert band == palette.COMBUSTION.lower()
        assert [to_hex(line.get_color()) for line in ax.lines] == [palette.INK.lower()]
        assert ax.get_xscale() == "log"
        ticks = [t.get_fontsize() for t in ax.get_xticklabels()]
        assert set(ticks) == {style.TICK}
        assert ax.title.get_fontsize() == style.TITLE


def test_a_drawn_world_is_seeded_and_on_the_slider():
    """One seed gives one world; its k is a draw on the slider's range; seeds differ."""
    draws = KDraws({"software_returns": np.array(K_VALUES)}, "test")
    worlds = [draw_world(draws, Settings(seed=s)) for s in range(40)]
    assert draw_world(draws, Settings(seed=3)) == worlds[3]
    ks = {w.override_dict()["agis.growth.k"] for w in worlds}
    assert ks == {0.8, 1.1, 1.4}  # every in-range draw, none of the others
    assert len({w.seed for w in worlds}) == 40
    assert Settings.from_query(worlds[5].to_query()) == worlds[5]  # the link rebuilds it


def test_no_draw_on_the_slider_gives_no_world():
    """A posterior wholly off the slider's range offers no world rather than a clipped one."""
    draws = KDraws({"software_returns": np.array([0.1, 3.0])}, "test")
    assert draw_world(draws, Settings()) is None


@pytest.fixture(scope="module")
def posterior_server(chromium_ready, tmp_path_factory):
    """The app served with a saved posterior to draw from."""
    folder = write_posterior(tmp_path_factory.mktemp("posterior"))
    log = tmp_path_factory.mktemp("viz-server") / "server.log"
    with served(log=log, env={"AGI_ECONOMY_VIZ_POSTERIOR": str(folder)}) as running:
        yield running


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _wait_for(condition, page, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what} (URL {page.url})")
        page.wait_for_timeout(100)


@pytest.mark.browser
def test_panel_draws_a_world_whose_link_rebuilds_it(browser, posterior_server, artefacts):
    """The densities show; the button builds a world with a drawn k; its link reopens it."""
    context = browser.new_context(viewport={"width": 1500, "height": 1400})
    try:
        page = context.new_page()
        page.goto(posterior_server.url + "?mode=one&scenario=foom&seed=11")
        page.wait_for_selector("img.posterior-img", timeout=120_000)
        page.get_by_role("button", name="Draw a world from the posterior").click()
        _wait_for(lambda: "agis.growth.k" in _query(page), page, "the drawn k in the URL")
        query = _query(page)
        k, seed = float(query["agis.growth.k"][0]), int(query["seed"][0])
        expected = draw_world(read_draws_for_test(), Settings(seed=11, scenario="foom"))
        assert k == expected.override_dict()["agis.growth.k"]
        assert seed == expected.seed
        expect(page.locator(".step-counter")).to_have_text("Step: 0")
        page.screenshot(path=str(artefacts / "posterior-panel.png"), full_page=True)
        again = context.new_page()
        again.goto(page.url)
        again.wait_for_selector("img.posterior-img", timeout=120_000)
        _wait_for(lambda: "agis.growth.k" in _query(again), again, "the link's k kept")
        assert float(_query(again)["agis.growth.k"][0]) == k
        assert int(_query(again)["seed"][0]) == seed
    finally:
        context.close()


def read_draws_for_test() -> KDraws:
    """The draws the served posterior holds, as the panel reads them."""
    return KDraws({"software_returns": np.array(K_VALUES)}, "test")
