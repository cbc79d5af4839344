"""Evidence from current machine learning, its mapping to the model, and a posterior over k.

The library (``data/*.toml``, one file per published source) is validated by
:mod:`~agi_economy.evidence.schema`; :mod:`~agi_economy.evidence.mapping` turns each
datum into a likelihood on one model parameter; :mod:`~agi_economy.evidence.posterior`
pools the sources of each kind hierarchically (NumPyro, NUTS) and reports the posterior
of k per mechanism; :mod:`~agi_economy.evidence.backtest` checks the predictive intervals
against later sources and iterations.
"""

from agi_economy.evidence.library import EvidenceError, builtin_sources, select_sources
from agi_economy.evidence.schema import Source

__all__ = ["EvidenceError", "Source", "builtin_sources", "select_sources"]
