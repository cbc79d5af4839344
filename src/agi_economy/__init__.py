"""agi-economy: an agent-based simulator of a multi-AGI economy.

AI labs train proto-AGIs and keep them boxed or deploy them; people work, audit and
hold power; all sit on one network. Each AGI grows by its own rule of recursive
self-improvement, containment decides whether misaligned systems escape, and an
economy decides who accrues power.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("agi-economy")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+unknown"

from agi_economy.model import AGIEconomy  # noqa: E402
from agi_economy.run import RunResult, simulate  # noqa: E402
from agi_economy.scenario import Scenario, ScenarioError, load_scenario  # noqa: E402

__all__ = [
    "AGIEconomy",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "__version__",
    "load_scenario",
    "simulate",
]
