"""The phases of a step, in the order of docs/model.md section 3, as functions of the world.

Each phase takes the :class:`~agi_economy.world.World`, calls the pure modules
(growth, containment, economy) and changes only what it owns; none needs a Mesa
model. :meth:`AGIEconomy.step` only calls them in order.
"""

from agi_economy.phases.labs import run_labs
from agi_economy.phases.market import run_economy
from agi_economy.phases.oversight import contain, escape, shut_down
from agi_economy.phases.power import check_takeover
from agi_economy.phases.rsi import self_improve

__all__ = [
    "check_takeover",
    "contain",
    "escape",
    "run_economy",
    "run_labs",
    "self_improve",
    "shut_down",
]
