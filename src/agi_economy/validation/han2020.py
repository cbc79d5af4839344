"""The dilemma region of Han, Pereira, Santos and Lenaerts (2020), against its replication.

"To regulate or not: a social dynamics analysis of an idealised AI race" (JAIR 69,
arXiv:1907.12393) finds a region of disaster risk in which unsafe development wins
the race although every lab would be better off safe: there regulation helps. It lies
between two thresholds of the risk p_r, which the published replication of the paper's
models states in closed form (github.com/PaoloBova/gh-pages-example at commit b419385,
`gh_pages_example/conditions.py`). The stored copy of the paper has only its abstract,
so its thresholds are taken as the replication states them.

Ours are found by a second method from the ``han2020`` scenario, a built-in world of
labs that choose safety by the game: the root of our long-run payoff matrix, and the
crossing of our learning dynamics among the scenario's labs.
"""

from __future__ import annotations

from collections.abc import Callable

from agi_economy.race import unsafe_share
from agi_economy.race_labs import race_game
from agi_economy.scenario.schema import LabsConfig

HAN_CODE = "PaoloBova/gh-pages-example@b419385 gh_pages_example/conditions.py"
HAN_CASES: tuple[tuple[float, float], ...] = tuple(
    (s, q) for q in (0.0, 0.5) for s in (1.5, 3.0, 5.0)
)
"""(speed-up s, detection) at which the thresholds are compared: s within the
replication's sweep (1 to 5, `payoffs.py` lines 31-33), without and with regulation."""

HAN_DYNAMICS_TOLERANCE = 0.005
"""Absolute tolerance on the risk at which unsafe wins: the replication's condition is
risk dominance, the infinite-population limit; among Z labs the learning dynamics cross
where (Z - 2)(Pi_UU - Pi_SS) + Z (Pi_US - Pi_SU) = 0, an O(1/Z) shift (0.3 points at
most for Z = 100 here)."""


def han_rows() -> list[str]:
    """Names of the ``han2020`` figures, in order: two thresholds per case of :data:`HAN_CASES`."""
    rows = []
    for s, q in HAN_CASES:
        where = f"s = {s:g}, detection = {q:g}"
        rows += [
            f"society prefers safety above risk ({where})",
            f"unsafe wins below risk ({where})",
        ]
    return rows


def replication_thresholds(b: float, c: float, s: float, prize: float, rounds: float, pfo: float):
    """(society prefers safety, safety risk-dominant) thresholds of risk, as published.

    Typed from the replication: short-run payoffs ``payoffs_sr_pfo_extension``
    (`payoffs.py` lines 83-99) into ``threshold_society_prefers_safety_dsair`` (lines
    21-47 of `conditions.py`, the ratio on lines 31-32) and
    ``threshold_risk_dominant_safety_dsair`` (lines 50-76, ratio on lines 60-61), with
    no collective risk (so the quadratic there is linear).
    """
    aa = -c + b / 2.0
    ab = -c + b / (s + 1.0) * (1.0 - pfo) + pfo * b
    ba = (1.0 - pfo) * s * b / (s + 1.0)
    bb = (1.0 - pfo**2) * b / 2.0
    share = prize / (2.0 * rounds)
    society = 1.0 - (aa + share) / (bb + s * share)
    dominance = 1.0 - (aa + ab + share) / (ba + bb + 3.0 * s * share)
    return society, dominance


def _root(f: Callable[[float], float], lo: float = 0.0, hi: float = 1.0) -> float:
    """The root of ``f`` in [lo, hi] by bisection, to 1e-12 (f changes sign there)."""
    f_lo = f(lo)
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if (f(mid) > 0.0) == (f_lo > 0.0):
            lo, f_lo = mid, f(mid)
        else:
            hi = mid
    return 0.5 * (lo + hi)


def dilemma_thresholds(labs: LabsConfig) -> list[tuple[str, float, float, float, str]]:
    """(name, replication's threshold, ours, tolerance, source) for each row of :func:`han_rows`.

    Ours come from the scenario's labs section: the risk at which our long-run matrix
    gives Pi_SS = Pi_UU, and the risk at which our labs' learning dynamics (pairwise
    comparison among ``labs.count`` well-mixed labs at ``labs.race_selection``, rare
    exploration) give unsafe and safe the same chance to take over.
    """
    figures = []
    names = iter(han_rows())
    for s, q in HAN_CASES:
        cfg = labs.model_copy(update={"race_speedup": s})

        def game(risk: float, cfg=cfg, q=q):
            return race_game(cfg.model_copy(update={"race_risk": risk}), q).payoffs()

        def society_gap(risk: float) -> float:
            p = game(risk)
            return float(p[0, 0] - p[1, 1])

        def unsafe_lead(risk: float) -> float:
            return unsafe_share(game(risk), labs.count, labs.race_selection) - 0.5

        society, dominance = replication_thresholds(
            labs.race_benefit, labs.race_safety_cost, s, labs.race_prize, labs.race_rounds, q
        )
        figures += [
            (
                next(names),
                society,
                _root(society_gap),
                1e-9,
                f"{HAN_CODE} lines 31-32 (Pi_SS = Pi_UU); ours: root of our matrix",
            ),
            (
                next(names),
                dominance,
                _root(unsafe_lead),
                HAN_DYNAMICS_TOLERANCE,
                f"{HAN_CODE} lines 60-61 (risk dominance); ours: rho_U = rho_S among "
                f"{labs.count} labs learning at beta = {labs.race_selection:g}",
            ),
        ]
    return figures
