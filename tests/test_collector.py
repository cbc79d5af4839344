"""The model's DataCollector holds what Mesa's own collector holds, for the same run."""

from __future__ import annotations

import mesa
import pandas as pd
import pytest

from agi_economy.agents import AGIAgent, LabAgent
from agi_economy.collector import RUN_REPORTERS
from agi_economy.model import AGIEconomy
from agi_economy.recorder import MODEL_COLUMNS

WORLD = {"humans__count": 100, "meta__steps": 30}


def _mesa_collector() -> mesa.DataCollector:
    """Mesa's collector, calling a reporter per column and per agent at every step."""

    def last_row(column):
        return lambda model: model.recorder.last_row[column]

    def k(column):
        def report(model):
            if model.steps < model.cfg.meta.steps - 1:
                return None
            return model.k_estimate().as_dict()[column]

        return report

    return mesa.DataCollector(
        model_reporters={
            **{c: last_row(c) for c in MODEL_COLUMNS},
            **{c: k(c) for c in RUN_REPORTERS},
        },
        agenttype_reporters={
            LabAgent: {
                "capability": "capability",
                "capital": "capital",
                "compute": "compute",
                "box_strength": "box_strength",
                "safety_fraction": "safety_fraction",
            },
            AGIAgent: {
                "lab_id": lambda a: a.lab.unique_id,
                "status": "status",
                "aligned": "aligned",
                "intelligence": "intelligence",
                "gain": "last_gain",
                "iterations": "last_iterations",
                "wealth": "wealth",
                "compute": "compute",
            },
        },
    )


@pytest.mark.parametrize(
    ("scenario", "seed", "extra"),
    [
        ("foom", 3, {}),
        ("slow_takeoff", 5, {}),
        ("careless_lab", 11, {"policies": [{"name": "pause", "above": 1.5}]}),
    ],
)
def test_collector_equals_mesas_own(scenario, seed, extra):
    """Model variables and every lab's and AGI's records equal Mesa's collector's."""
    with AGIEconomy(scenario, seed=seed, **WORLD, **extra) as model:
        reference = _mesa_collector()
        reference.collect(model)  # the model collected its step 0 as it was built
        while model.running:
            model.step()
            reference.collect(model)
        ours = model.datacollector
        assert isinstance(ours, mesa.DataCollector)
        assert ours.model_vars == reference.model_vars
        assert ours.model_vars["k_hat"][-1] is not None
        for kind in (LabAgent, AGIAgent):
            got = ours.get_agenttype_vars_dataframe(kind)
            expected = reference.get_agenttype_vars_dataframe(kind)
            pd.testing.assert_frame_equal(got, expected)
        assert len(ours.get_agenttype_vars_dataframe(AGIAgent)) > 0
        pd.testing.assert_frame_equal(
            ours.get_model_vars_dataframe(), reference.get_model_vars_dataframe()
        )
