"""Published models as special cases: the paper's figures, the collapse of the full model."""

from __future__ import annotations

import json

import numpy as np
import pytest

from agi_economy.cli import main
from agi_economy.growth import build_rule
from agi_economy.model import AGIEconomy
from agi_economy.scenario import load_scenario
from agi_economy.validation.published import (
    DH_TABLE,
    compressed,
    compression_probabilities,
    reproduce,
)


@pytest.mark.parametrize(("speedup", "hit"), [(5.9, False), (6.1, True)])
def test_compression_at_a_constant_pace_has_an_exact_threshold(speedup, hit):
    """At a constant doubling time 3/f, 24 doublings fit in 12 months iff 24 * 3 / f < 12, f > 6."""
    times = 3.0 / speedup * np.arange(200)  # needed = int(12/12 * 8 * 3) = 24 doublings
    assert compressed(times, 12.0, 3.0, 8.0) is hit


def test_compression_needs_enough_doublings():
    """A trajectory that stops short of the needed doublings never compresses."""
    assert compressed(np.linspace(0.0, 0.1, 20), 12.0, 3.0, 8.0) is False


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_headline_table_of_davidson_and_houlden_is_reproduced(seed):
    """Each probability of the paper's Results table lies within 3 points of ours."""
    figures = reproduce("davidson_houlden", draws=3000, seed=seed)
    assert [f.paper for f in figures] == [row[3] for row in DH_TABLE]
    for figure in figures:
        assert figure.passed, (figure.name, figure.paper, figure.ours)


def test_ensemble_is_fixed_by_its_seed():
    """The same seed gives the same probabilities, another seed other draws."""
    scenario = load_scenario("davidson_houlden")
    first = compression_probabilities(scenario, 300, 7)
    assert first == compression_probabilities(scenario, 300, 7)
    assert first != compression_probabilities(scenario, 300, 8)


def test_compute_bottleneck_table_is_reproduced():
    """The max speeds of Davidson (2025) follow from the scenario's CES labour share."""
    assert all(f.passed for f in reproduce("davidson_compute"))


def test_full_model_collapses_to_the_published_chain():
    """One lab, one AGI, fixed compute: the simulator's AGI follows the paper's doublings."""
    cfg = load_scenario("davidson_houlden")
    model = AGIEconomy(cfg, seed=3)
    rule = build_rule(cfg.agis.growth, cfg.agis.domain_bounds)
    times = rule.doubling_times(cfg.meta.steps * cfg.meta.months_per_step)
    (agi,) = model.agis
    start = agi.intelligence
    for month in range(1, cfg.meta.steps + 1):
        model.step()
        expected = np.interp(month, times, np.arange(times.size))
        assert agi.state.doublings == pytest.approx(expected, rel=1e-9)
        assert agi.intelligence == pytest.approx(start * 2.0**expected, rel=1e-9)


def test_reproduce_command_prints_json_and_writes_figures(tmp_path, capsys):
    """`reproduce --json` gives paper, ours, tolerance and source, and writes the figure."""
    status = main(["reproduce", "davidson_compute", "--json", "--out", str(tmp_path)])
    assert status == 0
    payload = json.loads(capsys.readouterr().out)
    figures = payload["davidson_compute"]["figures"]
    assert [f["paper"] for f in figures] == [2.0, 4.0, 32.0, 102.0, 1024.0]
    assert all({"ours", "tolerance", "source", "passed"} <= set(f) for f in figures)
    assert (tmp_path / "davidson_compute.png").stat().st_size > 0


@pytest.mark.parametrize(
    ("args", "field"),
    [(["reproduce", "nope"], "NAME"), (["reproduce", "--draws", "0"], "--draws")],
)
def test_reproduce_command_rejects_bad_input(args, field, capsys):
    """Bad input exits 2 with a message naming the argument."""
    assert main(args) == 2
    assert field in capsys.readouterr().err
