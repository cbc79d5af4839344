"""Ensemble mode: N replicates of one scenario in the background, summarised as fans.

Replicate seeds are the experiments' (``agi_economy.experiment.seeds.replicate_seeds``,
spawned from the view's seed), so replicate i is the same run whatever N and the same
as replicate i of ``agi-economy compare`` or ``sweep`` with that seed. A run that ends
early (a takeover stops the model) keeps its last value to the end of the horizon,
so the fan at time t covers every replicate. The fans run in calendar years (a step
is ``meta.months_per_step`` months); the takeover probability by time t carries the
experiments' 95% Wilson interval.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from agi_economy import load_scenario, palette, simulate, style
from agi_economy.clock import Clock
from agi_economy.experiment.seeds import replicate_seeds
from agi_economy.experiment.stats import wilson_interval
from agi_economy.viz.canvas import Canvas
from agi_economy.viz.charts import FONT, IntelligenceAxis, style_axes
from agi_economy.viz.settings import Settings

FAN_COLOUR = palette.arm_colour(0)


@dataclass(frozen=True)
class Replicate:
    """What the fan keeps of one run."""

    seed: int
    max_intelligence: np.ndarray
    misaligned_share: np.ndarray
    takeover_step: int | None


class _Stop(Exception):
    """Raised inside a run's progress callback to abandon it."""


class Ensemble:
    """Runs replicates one after another in a daemon thread; results grow as they finish."""

    def __init__(self, settings: Settings):
        self.settings = settings
        cfg = load_scenario(settings.scenario, **settings.override_dict())
        self.bounds = tuple(cfg.agis.domain_bounds)
        self.threshold = cfg.economy.takeover_threshold
        self.steps = cfg.meta.steps
        self.years_per_step = Clock(cfg.meta.months_per_step).years_per_step
        self.seeds = replicate_seeds(settings.seed, settings.replicates)
        self.results: list[Replicate] = []
        self.error: str | None = None
        self._stop = threading.Event()
        self._finished = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        """Whether replicates are still being run.

        Read from a flag the worker sets before its last redraw, not from the thread's
        liveness: the last redraw runs while the thread is still alive, and must
        already show the ensemble finished.
        """
        return self._thread is not None and not self._finished.is_set()

    @property
    def done(self) -> int:
        """Replicates finished."""
        return len(self.results)

    def start(self, on_update: Callable[[], None]) -> None:
        """Start the background thread; ``on_update`` is called after each replicate."""
        self._thread = threading.Thread(target=self._run, args=(on_update,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Ask the thread to stop after the current step."""
        self._stop.set()

    def _check(self, step: int, total: int) -> None:
        if self._stop.is_set():
            raise _Stop

    def _run(self, on_update: Callable[[], None]) -> None:
        s = self.settings
        kwargs = s.model_kwargs(s.scenario)
        kwargs.pop("seed")
        try:
            for seed in self.seeds:
                result = simulate(s.scenario, seed=seed, progress=self._check, **kwargs)
                frame = result.steps
                self.results.append(
                    Replicate(
                        seed,
                        frame["max_intelligence"].to_numpy(),
                        frame["power_share_misaligned_agi"].to_numpy(),
                        result.summary["takeover_step"],
                    )
                )
                on_update()
        except _Stop:
            pass
        except Exception as exc:  # noqa: BLE001  -- shown on the page, not lost in a thread
            self.error = f"{type(exc).__name__}: {exc}"
        self._finished.set()
        on_update()

    def takeover(self) -> tuple[int, int, float | None, float | None]:
        """Takeovers, replicates done, and the 95% interval of the probability (None at 0)."""
        n = len(self.results)
        k = sum(r.takeover_step is not None for r in self.results)
        _, low, high = wilson_interval(k, n)
        return k, n, low, high


def padded(series: list[np.ndarray], length: int) -> np.ndarray:
    """Stack series to ``length`` steps, each carrying its last value forward."""
    out = np.empty((len(series), length))
    for i, s in enumerate(series):
        n = min(len(s), length)
        out[i, :n] = s[:n]
        out[i, n:] = s[n - 1] if n else np.nan
    return out


def fan_png(ensemble: Ensemble) -> bytes:
    """The picture of :func:`fan_canvas` as PNG bytes."""
    return fan_canvas(ensemble).png()


def fan_canvas(ensemble: Ensemble) -> Canvas:
    """Fans (median and 90% band) of max intelligence and misaligned power share,
    and the share of replicates taken over by each time with its 95% Wilson interval,
    over calendar time."""
    results = list(ensemble.results)
    length = max([ensemble.steps + 1, *(len(r.max_intelligence) for r in results)])
    canvas = Canvas(10.0, 2.8)
    fig = canvas.figure
    fig.subplots_adjust(left=0.06, right=0.99, top=0.86, bottom=0.17, wspace=0.25)
    ax_i, ax_m, ax_t = fig.subplots(1, 3)
    steps = np.arange(length)
    years = steps * ensemble.years_per_step
    titles = (
        "max intelligence: median, 90% band",
        "misaligned power share: median, 90% band",
        "P(takeover by t), 95% Wilson interval",
    )
    for ax, title in zip((ax_i, ax_m, ax_t), titles, strict=True):
        style_axes(ax, length - 1, title)
        ax.set_xlim(0.0, float(years[-1]) or ensemble.years_per_step)
        ax.set_xlabel(style.TIME_LABEL, fontsize=FONT, labelpad=1)
    y_i = IntelligenceAxis(ax_i, ensemble.bounds)
    ax_m.set_ylim(0, 1)
    ax_t.set_ylim(0, 1)
    ax_m.axhline(ensemble.threshold, color=palette.INK, lw=0.8, ls="--")
    if results:
        for ax, key in ((ax_i, "max_intelligence"), (ax_m, "misaligned_share")):
            values = padded([getattr(r, key) for r in results], length)
            lo, med, hi = np.nanquantile(values, [0.05, 0.5, 0.95], axis=0)
            if ax is ax_i:
                y_i.fit([float(np.nanmax(hi)), float(np.nanmin(lo))])
            ax.fill_between(years, lo, hi, color=FAN_COLOUR, alpha=0.25, lw=0)
            ax.plot(years, med, color=FAN_COLOUR, lw=1.6)
        taken = np.array(
            [r.takeover_step if r.takeover_step is not None else np.inf for r in results]
        )
        counts = (taken[None, :] <= steps[:, None]).sum(axis=1)
        bounds = np.array([wilson_interval(int(k), len(results))[1:] for k in counts], float)
        ax_t.fill_between(years, bounds[:, 0], bounds[:, 1], step="post", color=FAN_COLOUR,
                          alpha=0.25, lw=0)  # fmt: skip
        ax_t.step(years, counts / len(results), where="post", color=FAN_COLOUR, lw=1.6)
    return canvas
