"""Backtests: fit on the earlier points of a family, predict the later ones, count coverage.

Two orders are checked. Across sources, by year of publication: for each source after the
first of its family, the hierarchical posterior of the earlier sources predicts its
estimate, ``y_new ~ N(mu_f + tau_f eps, se_new^2)``. Within a self-improvement curve, by
iteration: the gains of all but the last iteration fit ln g_j = a + j ln rho (mapping.py)
and predict the last gain, with a Student-t interval on n - 2 degrees of freedom.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from agi_economy.evidence.mapping import Datum, MappingSettings
from agi_economy.evidence.posterior import PriorSettings, fit
from agi_economy.evidence.schema import Source
from agi_economy.generated import GeneratedBlock


@dataclass(frozen=True)
class BacktestRow:
    """One prediction of a later point from the earlier ones."""

    family: str
    order: str
    held_out: str
    trained_on: int
    observed: float
    low: float
    high: float

    @property
    def covered(self) -> bool:
        """Whether the observed value lies in the predictive interval."""
        return self.low <= self.observed <= self.high


def source_backtest(
    data: Sequence[Datum], level: float = 0.9, settings: PriorSettings | None = None, seed: int = 0
) -> list[BacktestRow]:
    """Predict each later source of a family from the sources published before it."""
    rows = []
    rng = np.random.default_rng(seed)
    for held in data:
        keep = [d.family == held.family and d.year < held.year for d in data]
        if not any(keep):
            continue
        post = fit(data, settings, seed=seed, keep=keep).families[held.family]
        draws = post.log_new + held.se * rng.standard_normal(post.log_new.shape[0])
        lo, hi = np.quantile(draws, [(1 - level) / 2, (1 + level) / 2])
        rows.append(
            BacktestRow(
                held.family,
                "publication year",
                held.source,
                sum(keep),
                math.exp(held.y),
                math.exp(float(lo)),
                math.exp(float(hi)),
            )
        )
    return rows


def iteration_backtest(
    sources: Sequence[Source], level: float = 0.9, settings: MappingSettings | None = None
) -> list[BacktestRow]:
    """Predict the last gain of each self-improvement curve from its earlier gains."""
    rows = []
    for source in sources:
        if source.family != "self_improvement":
            continue
        pts = sorted((m.iteration, m.value) for m in source.measurements if m.quantity == "score")
        gains = [(j, s - s0) for (_, s0), (j, s) in zip(pts, pts[1:], strict=False)]
        train, (j_last, g_last) = gains[:-1], gains[-1]
        if len(train) < 3 or any(g <= 0 for _, g in gains):
            continue
        x = np.array([j for j, _ in train], float)
        y = np.log([g for _, g in train])
        fit_ = stats.linregress(x, y)
        n = len(x)
        resid = y - (fit_.intercept + fit_.slope * x)
        floor = (settings or MappingSettings()).min_log_se
        s = max(math.sqrt(float(resid @ resid) / (n - 2)), floor)
        sxx = float(((x - x.mean()) ** 2).sum())
        half = (
            stats.t.ppf((1 + level) / 2, n - 2)
            * s
            * math.sqrt(1 + 1 / n + (j_last - x.mean()) ** 2 / sxx)
        )
        centre = fit_.intercept + fit_.slope * j_last
        rows.append(
            BacktestRow(
                "self_improvement",
                "iteration",
                source.id,
                n,
                g_last,
                math.exp(centre - half),
                math.exp(centre + half),
            )
        )
    return rows


def library_backtest(
    sources: Sequence[Source],
    level: float = 0.9,
    prior: PriorSettings | None = None,
    seed: int = 0,
    mapping: MappingSettings | None = None,
) -> list[BacktestRow]:
    """Both backtests of ``sources``: by publication year, then by iteration within a curve."""
    from agi_economy.evidence.mapping import to_datum

    mapping = mapping or MappingSettings()
    data = [to_datum(s, mapping) for s in sources]
    return source_backtest(data, level, prior, seed=seed) + iteration_backtest(
        sources, level, mapping
    )


def coverage(rows: Sequence[BacktestRow]) -> dict[str, tuple[int, int]]:
    """Per family: (predictions covered, predictions made)."""
    out: dict[str, tuple[int, int]] = {}
    for r in rows:
        hit, n = out.get(r.family, (0, 0))
        out[r.family] = (hit + r.covered, n + 1)
    return out


def markdown_table(rows: Sequence[BacktestRow], level: float) -> str:
    """The backtest as a Markdown table, as the README shows it."""
    pct = f"{level:.0%}"
    lines = [
        f"| family | order | held out | fitted on | observed | {pct} interval | covered |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.family} | {r.order} | {r.held_out} | {r.trained_on} | {r.observed:.3g} "
            f"| {r.low:.2g} to {r.high:.2g} | {'yes' if r.covered else 'no'} |"
        )
    for fam, (hit, n) in coverage(rows).items():
        lines.append(f"| {fam} | all | coverage | | | | {hit}/{n} |")
    return "\n".join(lines)


BEGIN = (
    "<!-- BEGIN GENERATED: evidence backtest (agi-economy evidence backtest --write README.md) -->"
)
END = "<!-- END GENERATED: evidence backtest -->"


_BLOCK = GeneratedBlock(BEGIN, END, "backtest")
replace_block = _BLOCK.replace
read_block = _BLOCK.read
