"""The phases of a step, in DESIGN.md's order, as functions of the model.

Each phase reads the model's state, calls the pure modules (growth, containment,
economy) and writes back; :meth:`AGIEconomy.step` only calls them in order.
"""

from agi_economy.phases.labs import run_labs
from agi_economy.phases.market import run_economy
from agi_economy.phases.oversight import contain, escape, shut_down
from agi_economy.phases.rsi import self_improve

__all__ = ["contain", "escape", "run_economy", "run_labs", "self_improve", "shut_down"]
