"""Every headless figure fits a paper: width, fonts, calendar time, colours, intervals.

A column's width, one set of font sizes, calendar time with units, a policy's one
colour, the palette's colours and drawn intervals.

Each property is read back from the drawn figure (its size in inches, the font size of
each text artist, axis labels and limits, the colours of its artists).
"""

from __future__ import annotations

from types import SimpleNamespace

import matplotlib.colors as mcolors
import numpy as np
import polars as pl
import pytest
from matplotlib.collections import PathCollection, PolyCollection

from agi_economy import palette, simulate, style
from agi_economy.analysis import k_by_agent, pooled_k, successive_gains
from agi_economy.cli.reproduce import reproduction_figure
from agi_economy.evidence.figures import data_fit_figure, densities_figure
from agi_economy.evidence.mapping import Datum
from agi_economy.evidence.posterior import FamilyPosterior, Posterior, PriorSettings
from agi_economy.experiment.discovery import limits_figure, peeling_figure, points_figure
from agi_economy.experiment.plots import (
    comparison_figure,
    curve_figure,
    phase_figure,
    sobol_figure,
)
from agi_economy.experiment.robust_plots import robust_figure
from agi_economy.experiment.stats import wilson_interval
from agi_economy.experiment.trajectory_plots import fan_figure, paired_figure, takeover_figure
from agi_economy.k_plot import gains_figure
from agi_economy.validation.published import Figure as Reproduced

TINY = {"humans__count": 100, "meta__steps": 40}
ARMS = ["rsi_gating", "pause:above=2"]
"""Given out of name order, so an order-based colour would differ between tables."""


def hex_of(colour) -> str:
    """Any matplotlib colour as ``#rrggbb`` (upper case)."""
    return mcolors.to_hex(colour, keep_alpha=False).upper()


@pytest.fixture(scope="module")
def experiment(tmp_path_factory):
    """A small comparison of three arms, with its trajectory tables."""
    from agi_economy.experiment import compare

    out = tmp_path_factory.mktemp("compare")
    result = compare("foom", ARMS, out=out, replicates=4, seed=5, trajectory_points=9, **TINY)
    return result


@pytest.fixture(scope="module")
def run():
    """A small foom run with growing AGIs."""
    return simulate("foom", seed=7, **TINY)


def _robustness(policies: list[str]) -> SimpleNamespace:
    """A robustness result listing ``policies`` in this (rank) order."""
    rows = []
    for i, policy in enumerate(policies):
        row = {"policy": policy}
        for m in ("expected", "percentile", "max_regret", "satisficing"):
            row |= {m: 0.2 * i + 0.1, f"{m}_low": 0.2 * i, f"{m}_high": 0.2 * i + 0.2}
        rows.append(row)
    values = pl.DataFrame({"point": [0, 1, 2]})
    return SimpleNamespace(table=pl.DataFrame(rows), values=values, outcome="takeover",
                           maximize=False, threshold=0.1, percentile=90.0)  # fmt: skip


def _sweep_table() -> pl.DataFrame:
    x, y = np.meshgrid([0.9, 1.1, 1.3], [0.5, 1.0, 2.0])
    p = (x.ravel() - 0.9) / 0.4
    return pl.DataFrame(
        {"a": x.ravel(), "b": y.ravel(), "takeover_probability": p,
         "takeover_probability_low": p * 0.8, "takeover_probability_high": p * 0.9 + 0.1}
    )  # fmt: skip


def _indices() -> pl.DataFrame:
    rows = []
    for i, s1 in enumerate([0.6, 0.2]):
        row = {"output": "takeover_probability", "parameter": f"p{i}"}
        for key, v in (("S1", s1), ("ST", s1 + 0.1)):
            row |= {key: v, f"{key}_conf": 0.05, f"{key}_low": v - 0.05, f"{key}_high": v + 0.05}
        rows.append(row)
    return pl.DataFrame(rows)


def _discovery() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    peeling = pl.DataFrame({"coverage": [1.0, 0.8, 0.6], "density": [0.4, 0.6, 0.9],
                            "res_dim": [0, 1, 2], "chosen": [False, True, False]})  # fmt: skip
    limits = pl.DataFrame(
        {"box": [1, 1], "uncertainty": ["a", "b"], "restricted": [True, True],
         "full_low": [0.9, 0.5], "full_high": [1.3, 2.0], "low": [1.0, 0.5],
         "high": [1.3, 1.5], "qp_low": [0.01, None], "qp_high": [None, 0.2]}
    )  # fmt: skip
    stats = pl.DataFrame({"box": [1], "coverage": [0.8], "density": [0.6]})
    rng = np.random.default_rng(0)
    cases = pl.DataFrame({"point": np.repeat(np.arange(6), 2), "a": np.repeat(rng.random(6), 2),
                          "b": np.repeat(rng.random(6), 2), "y": rng.random(12) > 0.5})  # fmt: skip
    return peeling, limits, stats, cases


def _posterior() -> Posterior:
    rng = np.random.default_rng(1)
    families = {}
    for family in ("software_returns", "algorithmic_progress"):
        data = [Datum(f"{family}-{i}", family, 2024, 0.1 * i, 0.2, "test") for i in range(2)]
        draws = rng.normal(0.05, 0.1, 4000)
        theta = {d.source: rng.normal(d.y, 0.1, 4000) for d in data}
        families[family] = FamilyPosterior(family, data, draws, np.abs(draws), draws, theta)
    return Posterior(families, seed=0, divergences=0, settings=PriorSettings())


def _gains(run):
    agents = run.agents
    cap = run.scenario.agis.growth.intelligence_cap
    pairs = successive_gains(agents, cap)
    return gains_figure(pairs, k_by_agent(agents, cap=cap), pooled_k(agents, cap=cap), "foom",
                        run.scenario.meta.months_per_step)  # fmt: skip


def _reproduced() -> list[Reproduced]:
    return [Reproduced(f"figure {i}", 2.0**i, 2.0**i, 0.5, "test") for i in range(1, 5)]


BUILDERS = {
    "intelligence": lambda e, r: r.plot("intelligence"),
    "power": lambda e, r: r.plot("power"),
    "output": lambda e, r: r.plot("output"),
    "comparison": lambda e, r: comparison_figure(e.table, "foom"),
    "fan": lambda e, r: fan_figure(e.extra["trajectories"]["bands"], title="foom"),
    "takeover": lambda e, r: takeover_figure(e.extra["trajectories"]["takeover_by_time"]),
    "paired": lambda e, r: paired_figure(e.extra["trajectories"]["paired"], title="foom"),
    "robust": lambda e, r: robust_figure(_robustness(["none", *ARMS])),
    "phase": lambda e, r: phase_figure(_sweep_table(), "a", "b", grid=True, title="foom"),
    "curve": lambda e, r: curve_figure(_sweep_table(), "a"),
    "sobol": lambda e, r: sobol_figure(_indices(), title="foom", base_samples=64),
    "peeling": lambda e, r: peeling_figure(_discovery()[0]),
    "limits": lambda e, r: limits_figure(*_discovery()[1:3]),
    "points": lambda e, r: points_figure(_discovery()[3], "a", "b", _discovery()[1], "takeover"),
    "k_gains": lambda e, r: _gains(r),
    "densities": lambda e, r: densities_figure(_posterior(), 0.05),
    "data_fit": lambda e, r: data_fit_figure(_posterior()),
    "reproduction": lambda e, r: reproduction_figure("test", "a test", _reproduced()),
}
"""Every figure the simulator writes to a file, built from small inputs."""


@pytest.fixture(scope="module")
def figures(experiment, run):
    """Each figure of :data:`BUILDERS`, drawn (so ticks and layout are final)."""
    drawn = {}
    for name, build in BUILDERS.items():
        fig = build(experiment, run)
        fig.canvas.draw()
        drawn[name] = fig
    return drawn


@pytest.mark.parametrize("name", BUILDERS)
def test_every_figure_is_one_or_two_columns_wide(figures, name):
    """3.5 or 7.2 inches wide, and no taller than a page's text (9 inches)."""
    width, height = figures[name].get_size_inches()
    assert width in (pytest.approx(3.5), pytest.approx(7.2))
    assert 1.5 <= height <= 9.0


@pytest.mark.parametrize(
    ("name", "width"),
    [("comparison.png", 7.2), ("fan.png", 7.2), ("takeover_by_time.png", 3.5),
     ("paired_trajectories.png", 7.2)],
)  # fmt: skip
def test_written_figures_are_sharp_in_print(experiment, name, width):
    """A written PNG has the shared resolution: a column of 3.5 inches is 700 pixels."""
    from PIL import Image

    with Image.open(experiment.out / name) as image:
        assert image.size[0] == round(width * style.DPI)


def _sized_texts(fig) -> dict[str, set[float]]:
    """Font sizes of the figure's titles, axis labels, tick labels and legends."""
    found: dict[str, set[float]] = {"title": set(), "label": set(), "tick": set(), "legend": set()}
    for ax in fig.axes:
        if not ax.get_visible() or not ax.axison:
            continue
        for text in (ax.title, ax._left_title, ax._right_title):
            if text.get_text():
                found["title"].add(text.get_fontsize())
        for text in (ax.xaxis.label, ax.yaxis.label):
            if text.get_text():
                found["label"].add(text.get_fontsize())
        ticks = ax.get_xticklabels(which="both") + ax.get_yticklabels(which="both")
        found["tick"] |= {t.get_fontsize() for t in ticks if t.get_text() and t.get_visible()}
        legend = ax.get_legend()
        if legend is not None:
            found["legend"] |= {t.get_fontsize() for t in legend.get_texts()}
    return found


@pytest.mark.parametrize("name", BUILDERS)
def test_every_figure_has_the_shared_font_sizes(figures, name):
    """Titles and axis labels at 8 pt, tick labels and legends at 7 pt, the title at 9."""
    fig = figures[name]
    found = _sized_texts(fig)
    assert found["title"] <= {style.TITLE}
    assert found["label"] <= {style.TITLE}
    assert found["tick"] == {style.TICK}
    assert found["legend"] <= {style.TICK}
    if fig.get_suptitle():
        assert fig._suptitle.get_fontsize() == style.SUPTITLE


@pytest.mark.parametrize("name", ["fan", "takeover", "paired"])
def test_trajectory_figures_run_in_calendar_years(figures, experiment, name):
    """Every panel's x axis is labelled time in years and ends at the horizon in years."""
    horizon = TINY["meta__steps"] / 12  # a step is a month in foom
    for ax in (a for a in figures[name].axes if a.get_visible()):
        assert ax.get_xlabel() == "time (years)"
        right = max(float(np.max(line.get_xdata())) for line in ax.get_lines() if line.get_label()
                    and len(line.get_xdata()) > 1)  # fmt: skip
        assert right == pytest.approx(horizon)


def test_successive_gains_run_in_calendar_years(run, figures):
    """The ratio panel of ``k_gains.png`` is over time in years, each point at its step's year."""
    ratio = figures["k_gains"].axes[1]
    assert ratio.get_xlabel() == "time (years)"
    pairs = successive_gains(run.agents, run.scenario.agis.growth.intelligence_cap)
    years = np.concatenate(
        [
            np.asarray(c.get_offsets())[:, 0]
            for c in ratio.collections
            if isinstance(c, PathCollection)
        ]
    )
    expected = pairs["step"].to_numpy() * run.scenario.meta.months_per_step / 12
    assert np.sort(years).tolist() == pytest.approx(np.sort(expected).tolist())


def _arm_colours(fig, kind: str) -> dict[str, str]:
    """Policy -> the colour its artists are drawn in, read from the figure."""
    if kind == "forest":  # a marker per arm on each line, labelled by the y ticks
        ax = fig.axes[0]
        names = {round(t.get_position()[1]): t.get_text() for t in ax.get_yticklabels()}
        colours = {}
        for line in ax.get_lines():
            y = line.get_ydata()
            if line.get_marker() in ("o", "D") and len(y) == 1:
                colour = line.get_color() if line.get_marker() == "o" else line.get_mec()
                colours[names[round(float(y[0]))]] = hex_of(colour)
        return colours
    return {
        line.get_label(): hex_of(line.get_color())
        for ax in fig.axes
        for line in ax.get_lines()
        if not line.get_label().startswith("_")
    }


def test_a_policy_has_one_colour_in_every_figure(figures):
    """Comparison, fans, P(takeover by t), paired differences and robustness agree on it."""
    expected = {p: hex_of(c) for p, c in palette.policy_colours(["none", *ARMS]).items()}
    assert len(set(expected.values())) == 3
    assert set(expected.values()) <= {hex_of(c) for c in palette.ARMS}
    assert _arm_colours(figures["comparison"], "forest") == expected
    assert _arm_colours(figures["fan"], "lines") == expected
    assert _arm_colours(figures["takeover"], "lines") == expected
    paired = {p: c for p, c in expected.items() if p != "none"}
    assert _arm_colours(figures["paired"], "lines") == paired
    ranked = robust_figure(_robustness(["pause:above=2", "none", "rsi_gating"]))
    assert _arm_colours(ranked, "forest") == expected


def test_policy_colours_depend_on_the_arms_not_their_order():
    """The same arms in any order, with or without the baseline, get the same colours."""
    first = palette.policy_colours(["none", "b", "a"])
    assert palette.policy_colours(["a", "none", "b"]) == first
    assert palette.policy_colours(["b", "a"]) == {"a": first["a"], "b": first["b"]}
    assert first["none"] == palette.ARMS[0]


def test_sobol_bars_take_the_palettes_index_colours(figures):
    """First- and total-order bars have their palette colours, not the default cycle."""
    ax = figures["sobol"].axes[0]
    bars = {c.get_label(): {hex_of(p.get_facecolor()) for p in c} for c in ax.containers
            if c.get_label() and not c.get_label().startswith("_")}  # fmt: skip
    assert bars == {
        "S1 (first order)": {hex_of(palette.FIRST_ORDER)},
        "ST (total order)": {hex_of(palette.TOTAL_ORDER)},
    }


def test_probabilities_share_one_colour_map(figures):
    """P(takeover) over a sweep and the share of runs over explored points: one map."""
    phase = figures["phase"].axes[0].collections[0]
    points = next(c for c in figures["points"].axes[0].collections if c.get_array() is not None)
    assert phase.get_cmap().name == points.get_cmap().name == palette.PROBABILITY_MAP


def test_reproduction_shows_our_value_above_the_tolerance_band(figures):
    """Our dot is drawn over the band and the paper's mark, and the x axis says what it is."""
    ax = figures["reproduction"].axes[0]
    band = max(line.get_zorder() for line in ax.get_lines())
    ours = next(c for c in ax.collections if c.get_label() == "agi-economy")
    paper = next(c for c in ax.collections if c.get_label() == "paper")
    assert ours.get_zorder() > max(band, paper.get_zorder())
    assert ax.get_xlabel()


@pytest.mark.parametrize("name", ["densities", "data_fit"])
def test_evidence_panels_name_their_parameter(figures, name):
    """Each panel's x axis names the mechanism's parameter (and its unit when it has one)."""
    labels = [ax.get_xlabel() for ax in figures[name].axes]
    assert labels[0].startswith("k = lambda r")
    assert labels[1].startswith("halving time [months]")


def test_style_refuses_a_width_no_column_has():
    """A figure is one or two columns wide; another width is refused naming the field."""
    assert tuple(style.figure(style.SINGLE, 2.0).get_size_inches()) == (3.5, 2.0)
    with pytest.raises(ValueError, match="^width:"):
        style.figure(8.0, 4.0)


def test_ensemble_fans_run_in_calendar_years_with_the_takeover_interval():
    """The ensemble's axes are time in years to the horizon; P(takeover by t) has its band."""
    from agi_economy.viz.ensemble import Ensemble, Replicate, fan_canvas
    from agi_economy.viz.settings import Settings

    ensemble = Ensemble(Settings(mode="ensemble", scenario="foom", seed=1, replicates=4))
    length = ensemble.steps + 1
    curve = np.linspace(1.0, 10.0, length)
    taken = [10, None, 30, None]
    pairs = zip(ensemble.seeds, taken, strict=True)
    ensemble.results = [Replicate(s, curve, curve / 20, t) for s, t in pairs]
    fig = fan_canvas(ensemble).figure
    horizon = ensemble.steps * ensemble.years_per_step
    for ax in fig.axes:
        assert ax.get_xlabel() == "time (years)"
        assert ax.get_xlim() == pytest.approx((0.0, horizon))
    takeover = fig.axes[2]
    (line,) = takeover.get_lines()
    assert line.get_ydata()[-1] == pytest.approx(0.5)
    (band,) = [c for c in takeover.collections if isinstance(c, PolyCollection)]
    top = band.get_paths()[0].vertices[:, 1].max()
    assert top == pytest.approx(wilson_interval(2, 4)[2])
