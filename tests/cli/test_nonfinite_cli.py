"""Values that made NaN, inf or a crash at run time are refused at the boundary (exit 2)."""

from __future__ import annotations

import polars as pl
import pytest

from agi_economy.cli import main
from agi_economy.recorder import Recorder

REFUSED = [
    ("economy.agi_output_exponent", "50"),
    ("humans.initial_wealth", "1e308"),
    ("economy.compute_price", "5e-324"),
    ("economy.automation_rate", "inf"),
    ("agis.growth.k", "inf"),
    ("meta.months_per_step", "inf"),
    ("meta.months_per_step", "5e-324"),
    ("containment.audit_capacity", "inf"),
    ("humans.productivity_sigma", "1e308"),
    ("labs.size_sigma", "1e30"),
    ("labs.perception_noise", "1e308"),
    ("agis.initial_sigma", "1000"),
    ("agis.growth.breakthrough_exponent", "nan"),
    ("agis.growth.rule_mix", "{criticality = inf}"),
    ("agis.growth.rule_mix", "{criticality = 1e308, scaling_law = 1e308}"),
    ("policies", '[{name = ["x"]}]'),
]
"""The examples of values accepted before that gave NaN or inf frames or crashed."""


@pytest.mark.parametrize(("field", "value"), REFUSED)
def test_value_is_refused_naming_the_field(tmp_path, capsys, field, value):
    """Each value exits 2 before any work, naming its field, with no traceback and no file."""
    out = tmp_path / "run"
    status = main(["run", "foom", "--steps", "5", "--set", f"{field}={value}", "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 2, err
    assert field in err
    assert "Traceback" not in err
    assert not out.exists()


def test_a_run_that_meets_a_non_finite_value_stops_naming_it(tmp_path, capsys, monkeypatch):
    """Should a run still reach inf, it exits 2 naming the column and step, writing nothing."""
    real = Recorder.frames

    def overflowing(self, events, provenance):
        steps, agents, events = real(self, events, provenance)
        output = pl.when(pl.col("step") >= 3).then(float("inf")).otherwise(pl.col("output"))
        return steps.with_columns(output.alias("output")), agents, events

    monkeypatch.setattr(Recorder, "frames", overflowing)
    out = tmp_path / "run"
    status = main(["run", "fizzle", "--steps", "6", "--set", "humans.count=100", "--out", str(out)])
    err = " ".join(capsys.readouterr().err.split())
    assert status == 2, err
    assert "steps.output" in err
    assert "at step 3" in err
    assert not out.exists()
