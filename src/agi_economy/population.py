"""People as arrays: wealth, productivity and role of every person, and their ties."""

from __future__ import annotations

import numpy as np

from agi_economy.clock import Clock
from agi_economy.economy import diffuse
from agi_economy.network import Ties
from agi_economy.scenario.schema import HumansConfig

WORKER, AUDITOR, REGULATOR = 0, 1, 2


class Population:
    """Vectorised state of all people; a :class:`~agi_economy.agents.Human` views one row."""

    def __init__(self, cfg: HumansConfig, n: int, ties: Ties, rng: np.random.Generator):
        self.n = n
        self.ties = ties
        self.wealth = cfg.initial_wealth * np.exp(cfg.wealth_sigma * rng.standard_normal(n))
        self.productivity = np.exp(
            cfg.productivity_sigma * rng.standard_normal(n) - cfg.productivity_sigma**2 / 2
        )
        self.role = np.zeros(n, dtype=np.int8)
        n_aud = round(cfg.auditor_fraction * n)
        n_reg = min(round(cfg.regulator_fraction * n), n - n_aud)
        picks = rng.permutation(n)
        self.role[picks[:n_aud]] = AUDITOR
        self.role[picks[n_aud : n_aud + n_reg]] = REGULATOR
        self.potential = float(self.productivity.sum())
        # Wages and what each person gives along their ties, rewritten every step: a step
        # allocates no array of the population's size.
        self._wages = np.empty(n)
        self._give = np.empty(n)
        self._tie_mask = None if ties.has_ties.all() else ties.has_ties

    def earn(self, automation: float, transfer: float, clock: Clock, consumption: float) -> float:
        """Consume a step's share of wealth, and pay wages eroded by automation and a transfer.

        Wages and the transfer arrive through the step while ``consumption`` (a share per
        month) flows out: what is left of them at the step's end is ``clock.kept``.

        Returns:
            People's output per month [worker-outputs/month].
        """
        wages = np.multiply(self.productivity, 1.0 - automation, out=self._wages)  # per month
        output = float(wages.sum())
        self.wealth *= 1.0 - clock.share(consumption)
        paid = np.multiply(wages, clock.amount(1.0), out=wages)  # over the step
        paid += transfer
        paid *= clock.kept(consumption)
        self.wealth += paid
        return output

    def grow(self, factor: float) -> None:
        """Scale every person's productivity by ``factor`` (labour-augmenting progress)."""
        if factor != 1.0:
            self.productivity *= factor
            self.potential *= factor

    def share_along_ties(self, rate: float) -> None:
        """Spread a share of each person's wealth over their ties (conserves wealth)."""
        diffuse(
            self.wealth, self.ties.spread, self._tie_mask, rate, out=self.wealth, give=self._give
        )

    @property
    def total_wealth(self) -> float:
        """Sum of people's wealth."""
        return float(self.wealth.sum())
