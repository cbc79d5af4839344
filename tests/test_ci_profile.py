"""Hypothesis is derandomized under CI and draws fresh examples elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROBE = (
    "import tests.conftest; from hypothesis import HealthCheck, settings; s = settings.default; "
    "print(settings._current_profile, s.derandomize, s.max_examples, s.deadline, s.database, "
    "HealthCheck.too_slow in s.suppress_health_check)"
)


def loaded_profile(ci: str | None) -> list[str]:
    """The Hypothesis settings in force once the suite's conftest is imported."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


@pytest.mark.parametrize("ci", ["true", "1", "yes", "TRUE"])
def test_ci_runs_derandomized_with_fixed_examples_and_no_deadline(ci):
    """With CI set, every run draws the same examples, as many each time, never timed out."""
    from tests.conftest import CI_EXAMPLES

    assert loaded_profile(ci) == ["ci", "True", str(CI_EXAMPLES), "None", "None", "True"]


@pytest.mark.parametrize("ci", [None, "", "0", "false"])
def test_elsewhere_examples_are_random_but_never_timed_out(ci):
    """Without CI the examples are drawn afresh and no deadline applies."""
    name, derandomize, _, deadline, _, untimed = loaded_profile(ci)
    assert (name, derandomize, deadline, untimed) == ("dev", "False", "None", "True")
