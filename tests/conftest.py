"""Shared fixtures (small worlds that run in milliseconds) and the Hypothesis profiles.

Under CI (the environment variable ``CI`` set to anything but ``""``, ``0`` or
``false``) Hypothesis runs the ``ci`` profile: derandomized, a fixed number of
examples, no deadline and no example database, so the same code passes or fails the
same way on every run (whatever the installed Hypothesis does on its own when it
sees ``CI``). Elsewhere the ``dev`` profile draws fresh examples each run. Neither
has a deadline or the too-slow health check: the machines the suite runs on are
shared, and a test must not fail because it was slow.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import pytest
from hypothesis import HealthCheck, settings

CI_EXAMPLES = 100
"""Examples per Hypothesis test under CI (a test's own ``max_examples`` still wins)."""

_UNTIMED = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile(
    "ci",
    settings.get_profile("default"),
    derandomize=True,
    max_examples=CI_EXAMPLES,
    database=None,
    print_blob=True,
    **_UNTIMED,
)
settings.register_profile("dev", settings.get_profile("default"), **_UNTIMED)


def in_ci(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether the suite runs under CI: ``CI`` set and not empty, ``0`` or ``false``."""
    return environ.get("CI", "").strip().lower() not in ("", "0", "false")


settings.load_profile("ci" if in_ci() else "dev")


@pytest.fixture(autouse=True)
def _wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """Command output in a test is 200 columns wide unless the test sets its own width.

    Piped output fits ``COLUMNS`` (else 100 columns) and test runners often set it to
    80, which would wrap table rows that tests read for their content; the tests of
    the layout itself (``tests/cli/test_tables.py``, the piped-output test of
    ``tests/cli/test_run_cli.py``, the tutorial) set the width they check.
    """
    monkeypatch.setenv("COLUMNS", "200")


SMALL = {
    "humans__count": 200,
    "meta__steps": 60,
}


@pytest.fixture
def small() -> dict:
    """Overrides that shrink any scenario to a fast test world."""
    return dict(SMALL)
