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

# The model, the run and the scenario schema import Mesa (and with it pandas and
# SciPy) or pydantic: they load on first use, so a command that needs none of them
# (``agi-economy --help``) starts fast.
_LAZY = {
    "AGIEconomy": "agi_economy.model",
    "RunResult": "agi_economy.run",
    "simulate": "agi_economy.run",
    "Scenario": "agi_economy.scenario",
    "ScenarioError": "agi_economy.scenario",
    "load_scenario": "agi_economy.scenario",
}


def __getattr__(name: str):
    """The public names of :data:`__all__`, imported when first asked for."""
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'agi_economy' has no attribute {name!r}")


__all__ = [
    "AGIEconomy",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "__version__",
    "load_scenario",
    "simulate",
]
