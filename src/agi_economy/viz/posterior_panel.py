"""The posterior of k panel: each mechanism's density, and a world drawn from it.

The draws are the evidence library's posterior (:mod:`agi_economy.evidence.posterior`):
the folder named by ``AGI_ECONOMY_VIZ_POSTERIOR`` (the ``--out`` of ``agi-economy
evidence posterior``) when the server was started with it, else a fit of the whole
library made once per server process, in the background, the first time the panel
opens. The figure shows the posterior density of k (the parameter in a new setting)
for each mechanism whose parameter is a k.

"Draw a world" takes one draw of the k the criticality rule reads (algorithmic
self-improvement, k = lambda r, as a forecast does: ``evidence.forecast.TARGETS``)
with a generator seeded by the view's seed, and builds the world with that k and a
seed drawn by the same generator. Both go into the view's link, so the link rebuilds
the same world. A link sets k only within the slider's range, so the draw is taken
from the draws inside that range; the panel says what share of the posterior that is.
"""

from __future__ import annotations

import asyncio
import io
import os
import threading
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import numpy as np
import solara

from agi_economy.viz.settings import KNOBS, SEED_MAX, Settings

POSTERIOR_ENV = "AGI_ECONOMY_VIZ_POSTERIOR"
K_PATH = "agis.growth.k"
WORLD_FAMILY = "software_returns"  # the family whose draw sets agis.growth.k
_DRAW_TAG = 0x4B574F52  # entropy tag of the panel's generator ("KWOR")
POLL = 0.5  # s between checks that a background fit has finished
PNG_DPI = 110  # pixels per inch of the densities on the page


@dataclass(frozen=True, eq=False)  # hashed by identity: one figure per loaded posterior
class KDraws:
    """Posterior draws of k for each mechanism whose parameter is a k."""

    families: dict[str, np.ndarray]
    source: str

    def in_range(self, low: float, high: float) -> np.ndarray:
        """The world family's draws on the slider's range, in draw order."""
        k = self.families[WORLD_FAMILY]
        return k[(k >= low) & (k <= high)]


def read_draws(folder: Path) -> KDraws:
    """Draws of k from a saved posterior (``posterior_draws.parquet``): k = exp(log_new)."""
    import polars as pl

    from agi_economy.evidence.mapping import K_FAMILIES

    frame = pl.read_parquet(folder / "posterior_draws.parquet")
    families = {}
    for fam in K_FAMILIES:
        part = frame.filter(pl.col("family") == fam).sort("draw")
        if part.height:
            families[fam] = np.exp(part["log_new"].to_numpy())
    return KDraws(families, f"saved posterior in {folder.name}")


def fit_library() -> KDraws:
    """Draws of k from a fit of the whole evidence library (seed 0)."""
    from agi_economy.evidence import select_sources
    from agi_economy.evidence.mapping import MappingSettings, to_datum
    from agi_economy.evidence.posterior import PriorSettings, fit

    mapping = MappingSettings()
    data = [to_datum(s, mapping) for s in select_sources()]
    post = fit(data, PriorSettings(warmup=300, samples=500), seed=0)
    families = {f: fp.value() for f, fp in post.families.items() if fp.is_k}
    return KDraws(families, "the evidence library (NUTS, seed 0)")


class _Loader:
    """Loads the draws once per process, in a background thread."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.draws: KDraws | None = None
        self.error: str | None = None
        self.thread: threading.Thread | None = None

    def _load(self) -> None:
        try:
            folder = os.environ.get(POSTERIOR_ENV)
            self.draws = read_draws(Path(folder)) if folder else fit_library()
        except Exception as exc:  # noqa: BLE001  -- shown on the panel, never as a traceback
            self.error = f"{type(exc).__name__}: the posterior could not be loaded"

    def start(self) -> None:
        """Begin loading, unless it has begun."""
        with self.lock:
            if self.thread is None:
                self.thread = threading.Thread(target=self._load, daemon=True)
                self.thread.start()

    @property
    def done(self) -> bool:
        """Whether the draws (or an error) are in."""
        return self.draws is not None or self.error is not None


LOADER = _Loader()


def draw_world(draws: KDraws, settings: Settings) -> Settings | None:
    """The settings of a world drawn from the posterior, seeded by ``settings.seed``."""
    knob = next(k for k in KNOBS if k.path == K_PATH)
    pool = draws.in_range(knob.low, knob.high)
    if pool.size == 0:
        return None
    rng = np.random.default_rng(np.random.SeedSequence([_DRAW_TAG, settings.seed]))
    k = float(pool[int(rng.integers(pool.size))])
    seed = int(rng.integers(SEED_MAX))
    return replace(settings.with_override(K_PATH, k), seed=seed)


def density_figure(draws: KDraws):
    """Each mechanism's posterior density of k, as ``evidence posterior``'s figure draws it.

    The panels, colours, combustion band and fonts are those of the written densities
    figure (:func:`~agi_economy.evidence.figures.density_panels`).
    """
    from agi_economy.evidence.figures import density_panels
    from agi_economy.evidence.mapping import MappingSettings

    families = [(f, k[np.isfinite(k) & (k > 0)], True) for f, k in draws.families.items()]
    return density_panels(families, MappingSettings().combustion_band)


@cache
def density_png(draws: KDraws) -> bytes:
    """:func:`density_figure` as a PNG, two columns wide at 110 pixels per inch (its
    smallest text, 7 points, is about 11 pixels on the page)."""
    buffer = io.BytesIO()
    density_figure(draws).savefig(buffer, format="png", dpi=PNG_DPI)
    return buffer.getvalue()


@solara.component
def PosteriorPanel(settings: Settings, on_draw):
    """The densities, and a button that builds a world with a k drawn from the posterior."""
    ready = solara.use_reactive(LOADER.done)

    async def wait_for_draws() -> None:
        LOADER.start()
        while not LOADER.done:
            await asyncio.sleep(POLL)
        ready.value = True

    solara.lab.use_task(wait_for_draws, dependencies=[], prefer_threaded=False)
    with solara.Card("Posterior of k from the evidence", classes=["posterior-panel"]):
        if not ready.value:
            solara.Text("Fitting the posterior of k to the evidence library...", classes=["hint"])
            return
        if LOADER.error or LOADER.draws is None:
            solara.Error(LOADER.error or "no posterior", classes=["posterior-error"])
            return
        draws = LOADER.draws
        solara.Image(density_png(draws), classes=["posterior-img"])
        knob = next(k for k in KNOBS if k.path == K_PATH)
        if WORLD_FAMILY not in draws.families:
            solara.Text("The posterior has no draws of algorithmic self-improvement's k.")
            return
        share = draws.in_range(knob.low, knob.high).size / draws.families[WORLD_FAMILY].size
        drawn = draw_world(draws, settings)
        solara.Button(
            "Draw a world from the posterior",
            on_click=lambda: on_draw(drawn),
            disabled=drawn is None,
            color="primary",
            outlined=True,
            classes=["draw-world"],
        )
        solara.Text(
            f"k of algorithmic self-improvement ({WORLD_FAMILY}), drawn with the view's seed "
            f"from the {share:.0%} of the posterior on the slider's range {knob.low:g} to "
            f"{knob.high:g}; the link then holds the k and the world's seed. Draws: "
            f"{draws.source}.",
            classes=["hint", "posterior-note"],
        )
