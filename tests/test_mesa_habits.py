"""The model behaves as Mesa users expect: SolaraViz, rng, DataCollector, batch_run."""

from __future__ import annotations

import mesa
import numpy as np
import polars as pl
import pytest

from agi_economy.agents import AGIAgent, LabAgent
from agi_economy.model import AGIEconomy
from agi_economy.recorder import MODEL_COLUMNS
from agi_economy.run import simulate

WORLD = {"humans__count": 100, "meta__steps": 12}


def test_solara_viz_accepts_the_model():
    """Mesa's own parameter check passes: the scenario overrides are ``**kwargs``."""
    from mesa.visualization.solara_viz import _check_model_params

    _check_model_params(AGIEconomy.__init__, {})
    _check_model_params(AGIEconomy.__init__, {"scenario": "foom", "humans__count": 100})


def test_solara_viz_renders_the_model():
    """``SolaraViz(AGIEconomy(...), components=[...])`` builds and renders a page."""
    solara = pytest.importorskip("solara")
    from mesa.visualization import SolaraViz, make_plot_component

    with AGIEconomy("foom", seed=5, **WORLD) as model:
        page = SolaraViz(model, components=[make_plot_component("max_intelligence")])
        box, _ = solara.render(page, handle_error=False)
        assert box is not None


def test_rng_is_the_seed():
    """``rng=5`` gives the run ``seed=5`` gives; a Generator gives a recorded seed."""
    with AGIEconomy("foom", rng=5, **WORLD) as a, AGIEconomy("foom", seed=5, **WORLD) as b:
        assert a.seed == b.seed == 5
        for _ in range(6):
            a.step()
            b.step()
        assert a.summary() == b.summary()
    with AGIEconomy("foom", rng=np.random.default_rng(3), **WORLD) as c:
        assert c.seed == int(np.random.default_rng(3).integers(2**32))


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"seed": 1, "rng": 1}, "seed, rng"), ({"rng": "x"}, "rng"), ({"rng": 1.5}, "rng")],
)
def test_bad_rng_is_refused(kwargs, field):
    """Both seed and rng, or an rng that is no seed, raise a message naming the field."""
    with pytest.raises(ValueError, match=f"^{field}:"):
        AGIEconomy("foom", **kwargs, **WORLD)


def test_datacollector_carries_every_step_measure_and_agents():
    """Every column of the step frame is a model reporter; labs and AGIs have reporters."""
    world = {"scenario": "foom", "seed": 4, **WORLD}
    with AGIEconomy(**world) as model:
        while model.running:
            model.step()
        collected = model.datacollector.get_model_vars_dataframe()
        labs = model.datacollector.get_agenttype_vars_dataframe(LabAgent)
        agis = model.datacollector.get_agenttype_vars_dataframe(AGIAgent)
        summary = model.summary()
    steps = simulate(**world).steps
    assert set(steps.columns) - {"seed", "scenario", "version"} == set(MODEL_COLUMNS)
    for column in MODEL_COLUMNS:
        assert collected[column].tolist() == steps[column].to_list(), column
    assert collected["k_hat"].iloc[:-2].isna().all()
    assert collected["k_hat"].iloc[-1] == pytest.approx(summary["k_hat"])
    assert {"capability", "capital", "compute"} <= set(labs.columns)
    assert {"intelligence", "status", "aligned", "gain"} <= set(agis.columns)
    assert len(agis) > 0


def test_batch_run_rows_have_takeover_and_k():
    """``mesa.batch_run`` rows carry takeover and the k estimate of the step they show."""
    from agi_economy.analysis import pooled_k

    world = {"humans__count": 100, "meta__steps": 60}
    rows = mesa.batch_run(
        AGIEconomy,
        parameters={"scenario": "foom", "seed": [1, 7], **world},
        max_steps=100,
        display_progress=False,
    )
    assert len(rows) == 2
    for row in rows:
        result = simulate("foom", seed=row["seed"], **world)
        shown = result.steps.filter(pl.col("step") == row["Step"]).row(0, named=True)
        assert row["takeover"] == shown["takeover"]
        agents = result.agents.filter(pl.col("step") <= row["Step"])
        expected = pooled_k(agents, cap=result.scenario.agis.growth.intelligence_cap)
        assert row["k_hat"] == pytest.approx(expected.k)
        assert row["regime"] == expected.regime


def test_model_summary_is_the_run_summary():
    """``model.summary()`` after the run equals the summary ``simulate`` writes."""
    with AGIEconomy("foom", seed=8, **WORLD) as model:
        while model.running:
            model.step()
        assert model.summary() == simulate("foom", seed=8, **WORLD).summary


def test_step_after_the_end_does_nothing():
    """Once ``running`` is False, ``step()`` changes neither the step count nor any frame."""
    with AGIEconomy("foom", seed=6, **WORLD) as model:
        while model.running:
            model.step()
        steps, before = model.steps, model.summary()
        rows = len(model.datacollector.model_vars["step"])
        model.step()
        model.step()
        assert model.steps == steps == WORLD["meta__steps"]
        assert model.summary() == before
        assert len(model.datacollector.model_vars["step"]) == rows
