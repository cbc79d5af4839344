"""The hierarchical posterior: it follows the data, widens with disagreement, is seeded."""

import math

import numpy as np
import pytest

from agi_economy.evidence import builtin_sources
from agi_economy.evidence.mapping import Datum, to_datum
from agi_economy.evidence.posterior import PriorSettings, fit

pytestmark = pytest.mark.slow

FAST = PriorSettings(warmup=300, samples=500)


def _r(source: str, r: float, se: float, year: int = 2024) -> Datum:
    return Datum(source, "software_returns", year, math.log(r), se, f"r = {r}")


@pytest.fixture(scope="module")
def library_data():
    """The shipped library as likelihood terms."""
    return [to_datum(s) for s in builtin_sources()]


@pytest.fixture(scope="module")
def library_fit(library_data):
    """One fit of the library, shared by the tests that only read it."""
    return fit(library_data, FAST, seed=3)


def test_a_far_datum_pulls_the_posterior_toward_it(library_data, library_fit):
    """Adding r = 20 (tight) moves the median k of algorithmic self-improvement up, toward 20.

    Pooled with the library's own sources, one datum moves the new-setting median only part
    of the way, and less the more sources the library holds; the test asks for at least a
    tenth of the log distance to the datum rather than a fixed factor.
    """
    before = library_fit.families["software_returns"].interval()[0]
    after_fit = fit([*library_data, _r("far_away", 20.0, 0.1)], FAST, seed=3)
    after = after_fit.families["software_returns"].interval()[0]
    assert math.log(after / before) > 0.1 * math.log(20.0 / before)
    assert after < 20.0 * 1.5
    assert after_fit.families["software_returns"].log_theta["far_away"].mean() > math.log(10)


def test_disagreeing_sources_widen_the_new_setting_interval():
    """Sources at k = 0.5 and 2 (tight) give a wider interval than two that agree at 1.

    One fit holds both cases, in two families with the same prior.
    """
    agree = [_r("a", 1.0, 0.05), _r("b", 1.0, 0.05)]
    disagree = [
        Datum(name, "self_improvement", 2024, math.log(k), 0.05, "")
        for name, k in (("c", 0.5), ("d", 2.0))
    ]
    post = fit(agree + disagree, FAST, seed=1).families
    width = lambda fp: fp.interval()[2] - fp.interval()[1]  # noqa: E731
    assert width(post["self_improvement"]) > 2 * width(post["software_returns"])
    assert np.median(post["self_improvement"].tau) > 3 * np.median(post["software_returns"].tau)


def test_one_seed_fixes_every_draw(library_data, library_fit):
    """A second fit with the same seed and settings gives identical draws."""
    again = fit(library_data, FAST, seed=3)
    for fam, fp in library_fit.families.items():
        np.testing.assert_array_equal(fp.log_new, again.families[fam].log_new)
        np.testing.assert_array_equal(fp.tau, again.families[fam].tau)


def test_the_sampler_converges_on_the_library(library_fit):
    """Split R-hat below 1.05 and at least 100 effective draws for every family."""
    for fam, fp in library_fit.families.items():
        assert fp.rhat < 1.05, fam
        assert fp.ess > 100, fam


def test_a_family_without_data_keeps_its_prior(library_data):
    """With the self-improvement sources masked out, log mu has the prior's mean 0 and sd 1."""
    keep = [d.family != "self_improvement" for d in library_data]
    assert not all(keep)
    fp = fit(library_data, FAST, seed=3, keep=keep).families["self_improvement"]
    assert fp.data == []
    assert abs(fp.log_mu.mean()) < 0.15
    assert abs(fp.log_mu.std() - FAST.prior_log_sd) < 0.15


def test_masking_a_source_removes_its_pull(library_data):
    """Masking the far datum out gives the library's answer back, not the far one."""
    data = [*library_data, _r("far_away", 20.0, 0.1)]
    masked = fit(data, FAST, seed=3, keep=[d.source != "far_away" for d in data])
    assert masked.families["software_returns"].interval()[0] < 3.0
    assert "far_away" not in masked.families["software_returns"].log_theta
