"""Published models as special cases of the simulator: their figures beside ours.

Each reproduction starts from a built-in scenario (``scenarios/<name>.toml``), draws the
paper's priors with the simulator's own sampling design and growth rules, and returns
the paper's figures with ours, a tolerance and where in the source each figure stands.

- ``davidson_houlden``: Davidson & Houlden (2025), "How quick and big would a software
  intelligence explosion be?", Forethought; headline table in section "Results". The
  published code is github.com/thoulden/Accelerated_AI_Progress, `multiple_sims.py`
  at commit edd7318 (the version of the paper's release, August 2025).
- ``davidson_compute``: Davidson (2025), "Will compute bottlenecks prevent a software
  intelligence explosion?", Forethought; the table of max speeds in section
  "Economist version", from the CES research input of the same scenario.
- ``han2020``: Han, Pereira, Santos and Lenaerts (2020), "To regulate or not"; the two
  thresholds of risk that bound the region where unsafe development wins although all
  would be better off safe (where regulation helps), as the published replication
  states them (github.com/PaoloBova/gh-pages-example at commit b419385,
  `gh_pages_example/conditions.py`), against the root of our payoff matrix and the
  crossing of our labs' learning dynamics in the ``han2020`` scenario.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from agi_economy.experiment.design import unit_sample
from agi_economy.experiment.vary import parse_vary
from agi_economy.growth import build_rule
from agi_economy.growth.ces import max_speedup
from agi_economy.scenario import Scenario, load_scenario
from agi_economy.scenario.schema import GrowthConfig
from agi_economy.validation.han2020 import dilemma_thresholds

DH_PAPER = "Davidson & Houlden 2025"
DH_CODE = "thoulden/Accelerated_AI_Progress@edd7318 multiple_sims.py"

DH_PRIORS: tuple[tuple[str, str, str], ...] = (
    ("agis.growth.software_speedup", "2:32:log", "section 'Initial speed-up', log-uniform 2-32"),
    ("agis.growth.software_returns", "0.4:3.6:log", "section 'Returns to software R&D', 0.4-3.6"),
    ("agis.growth.software_limit_years", "6:16", "section 'Summary of parameter assumptions'"),
    ("agis.growth.software_parallel", "0.15:0.6:log", "section 'Diminishing returns to parallel'"),
)
"""The paper's priors: three log-uniform and one uniform (the distance to effective
limits); `multiple_sims.py` lines 14-17 draw them the same way."""

DH_TABLE: tuple[tuple[str, float, float, float], ...] = (
    ("at least 3 years of progress in at most 1 year", 12.0, 3.0, 0.57),
    ("at least 3 years of progress in at most 4 months", 4.0, 10.0, 0.41),
    ("at least 10 years of progress in at most 1 year", 12.0, 10.0, 0.18),
    ("at least 10 years of progress in at most 4 months", 4.0, 30.0, 0.12),
)
"""(row, window [months], speed-up over the recent pace, paper's probability): section
"Results", table rows '>=3 years' and '>=10 years'. The windows and speed-ups are the
code's ``conditions`` (line 257): the 4-month column of the '>=3 years' row is a 10x
speed-up, i.e. 3.3 years in 4 months, as the code computes it."""

DH_TOLERANCE = 0.03
"""Absolute tolerance on each probability: the paper reports whole percentages from a
Monte Carlo, and its own reruns differ by up to 2 points (appendix 'Retraining time',
'No RT' column: 56%, 41%, 17%, 12% against 57%, 41%, 18%, 12%)."""

COMPUTE_TABLE: tuple[tuple[float, float], ...] = (
    (-1.0, 2.0),
    (-0.5, 4.0),
    (-0.2, 32.0),
    (-0.15, 102.0),
    (-0.1, 1024.0),
)
"""(rho, max speed) in Davidson (2025), section "Economist version", at alpha = 0.5."""


@dataclass(frozen=True)
class Figure:
    """One published figure and ours."""

    name: str
    paper: float
    ours: float
    tolerance: float
    source: str

    @property
    def passed(self) -> bool:
        """Whether ours lies within the tolerance of the paper's."""
        return bool(abs(self.ours - self.paper) <= self.tolerance)

    def as_dict(self) -> dict[str, object]:
        """Plain data for ``--json``."""
        return {
            "name": self.name,
            "paper": self.paper,
            "ours": self.ours,
            "tolerance": self.tolerance,
            "source": self.source,
            "passed": self.passed,
        }


CLOCK = ("meta.steps", "meta.months_per_step")
"""Horizon and step length: every special case keeps its own, so side by side the special
case and its full world end together."""

DH_MECHANISM: tuple[str, ...] = (
    *CLOCK,
    "agis.initial_intelligence",
    *(
        f"agis.growth.{name}"
        for name in (
            "rule",
            "rule_mix",
            "intelligence_cap",
            "iterations_per_month",
            "software_speedup",
            "software_returns",
            "software_limit_years",
            "software_parallel",
            "software_labour_share",
            "software_rho",
            "software_doubling_months",
            "software_share",
            "software_constant_r",
            "software_reference_compute",
            "flop_per_compute_unit",
        )
    ),
)
"""The fields of Davidson & Houlden's model: the growth rule software_r with every
parameter it reads (`growth.build_rule`), the intelligence of the first automated
researcher, and the paper's 48 months."""

COMPUTE_MECHANISM: tuple[str, ...] = (
    *CLOCK,
    "agis.growth.rule",
    "agis.growth.software_labour_share",
    "agis.growth.software_rho",
    "agis.growth.software_reference_compute",
    "agis.growth.flop_per_compute_unit",
)
"""The fields of Davidson (2025): the CES research input of software_r (labour share,
rho) and the compute at which it is referenced."""

HAN_MECHANISM: tuple[str, ...] = (
    *CLOCK,
    "labs.count",
    "labs.careless",
    "labs.safety_choice",
    *(
        f"labs.race_{name}"
        for name in (
            "benefit",
            "safety_cost",
            "speedup",
            "risk",
            "prize",
            "rounds",
            "selection",
            "learning_rate",
            "network",
        )
    ),
)
"""The fields of Han et al.'s race: the game's payoffs and learning, the lab network,
the number of labs (the population whose learning dynamics give the second threshold)
and the labs that start unsafe."""


@dataclass(frozen=True)
class Reproduction:
    """A published model, the scenario that is its special case, and how to run it.

    ``mechanism`` lists the scenario fields (dotted paths) that are the published model;
    every other field of the scenario only collapses the full world to it (see
    :mod:`agi_economy.validation.opened`). ``citation`` is the paper as a page names it.
    """

    name: str
    title: str
    scenario: str
    run: Callable[[Scenario, int, int], list[Figure]]
    mechanism: tuple[str, ...]
    citation: str


def compressed(times: np.ndarray, window: float, speedup: float, per_year: float) -> bool:
    """Whether some ``window`` months held ``speedup`` times the recent pace of progress.

    ``times`` are the months at which successive software doublings complete; a year of
    progress at recent rates is ``per_year`` doublings, so the window needs
    int(window / 12 * per_year * speedup) doublings (`multiple_sims.py` lines 89-97).
    """
    needed = int(window / 12.0 * per_year * speedup)
    if needed <= 0 or times.size <= needed:
        return needed <= 0
    return bool(np.any(times[needed:] - times[:-needed] < window))


def draw_growth(scenario: Scenario, priors: Sequence[tuple[str, str, str]], draws: int, seed: int):
    """Growth configurations of the scenario at ``draws`` Latin-hypercube points of the priors."""
    varies = [parse_vary(f"{path}={spec}", scenario) for path, spec, _ in priors]
    units = unit_sample("lhs", len(varies), draws, seed)
    base = scenario.agis.growth.model_dump()
    for row in units:
        update = {
            v.path.rsplit(".", 1)[1]: v.from_unit(u) for v, u in zip(varies, row, strict=True)
        }
        yield GrowthConfig.model_validate({**base, **update})


def compression_probabilities(scenario: Scenario, draws: int, seed: int) -> list[float]:
    """Share of draws compressing each row of :data:`DH_TABLE`, the paper's ensemble."""
    horizon = scenario.meta.steps * scenario.meta.months_per_step
    bounds = scenario.agis.domain_bounds
    hits = np.zeros(len(DH_TABLE))
    for cfg in draw_growth(scenario, DH_PRIORS, draws, seed):
        rule = build_rule(cfg, bounds)
        times = rule.doubling_times(horizon)
        for k, (_, window, speedup, _) in enumerate(DH_TABLE):
            hits[k] += compressed(times, window, speedup, rule.doublings_per_year)
    return [float(h / draws) for h in hits]


def _davidson_houlden(scenario: Scenario, draws: int, seed: int) -> list[Figure]:
    ours = compression_probabilities(scenario, draws, seed)
    return [
        Figure(row, paper, got, DH_TOLERANCE, f"{DH_PAPER}, section 'Results', table; {DH_CODE}")
        for (row, _, _, paper), got in zip(DH_TABLE, ours, strict=True)
    ]


def _davidson_compute(scenario: Scenario, draws: int, seed: int) -> list[Figure]:
    share = scenario.agis.growth.software_labour_share
    source = "Davidson 2025, section 'Economist version', table of max speeds"
    return [
        Figure(f"max speed at rho = {rho:g}", paper, max_speedup(share, rho), 0.5, source)
        for rho, paper in COMPUTE_TABLE
    ]


def _han2020(scenario: Scenario, draws: int, seed: int) -> list[Figure]:
    return [Figure(*row) for row in dilemma_thresholds(scenario.labs)]


REPRODUCTIONS: dict[str, Reproduction] = {
    r.name: r
    for r in (
        Reproduction(
            "davidson_houlden",
            "How quick and big would a software intelligence explosion be? (Davidson & "
            "Houlden 2025): probability of compressing years of AI progress",
            "davidson_houlden",
            _davidson_houlden,
            DH_MECHANISM,
            'Davidson & Houlden (2025), "How quick and big would a software intelligence '
            'explosion be?", Forethought',
        ),
        Reproduction(
            "davidson_compute",
            "Will compute bottlenecks prevent a software intelligence explosion? (Davidson "
            "2025): max speed-up of software progress at fixed compute (rounded to whole x)",
            "davidson_houlden",
            _davidson_compute,
            COMPUTE_MECHANISM,
            'Davidson (2025), "Will compute bottlenecks prevent a software intelligence '
            'explosion?", Forethought',
        ),
        Reproduction(
            "han2020",
            "To regulate or not (Han, Pereira, Santos and Lenaerts 2020): the dilemma "
            "region, where unsafe development wins although all would be better off safe",
            "han2020",
            _han2020,
            HAN_MECHANISM,
            'Han, Pereira, Santos & Lenaerts (2020), "To regulate or not: a social dynamics '
            'analysis of an idealised AI race", JAIR 69',
        ),
    )
}

DEFAULT_DRAWS = 4000


def reproduce(name: str, draws: int = DEFAULT_DRAWS, seed: int = 0) -> list[Figure]:
    """The figures of one reproduction, from its built-in scenario."""
    if name not in REPRODUCTIONS:
        raise ValueError(f"expected one of {', '.join(REPRODUCTIONS)} (got {name!r})")
    repro = REPRODUCTIONS[name]
    return repro.run(load_scenario(repro.scenario), draws, seed)
