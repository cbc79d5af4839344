"""Experiments: policy comparisons and parameter sweeps over many paired replicates.

- :func:`compare`: the baseline ``none`` and policy arms, replicate ``i`` of every arm
  with the same seed (common random numbers), intervals and paired differences.
- :func:`sweep`: grid, Latin-hypercube or Sobol designs over scenario fields, with
  Sobol indices and a phase plot of takeover probability.
- Executors: ``serial``, ``process`` (standard-library pool) and ``dask`` (optional).
- :func:`explore`: every policy crossed with points sampled over the uncertainties;
  :func:`discover` (PRIM or CART boxes) and :func:`robust` (regret and other
  robustness measures) read its folder.
- Every run's trajectory is kept on a calendar grid (``trajectories.parquet``).
- Results stream to a folder as runs finish and resume after a kill.
"""

from agi_economy.experiment.compare import ExperimentResult, compare
from agi_economy.experiment.discovery import discover
from agi_economy.experiment.executors import EXECUTORS, ExecutorError, make_executor
from agi_economy.experiment.explore import explore
from agi_economy.experiment.robust import robust
from agi_economy.experiment.runner import Experiment, execute
from agi_economy.experiment.seeds import replicate_seeds
from agi_economy.experiment.store import ResultStore, StoreError
from agi_economy.experiment.sweep import sweep

__all__ = [
    "EXECUTORS",
    "Experiment",
    "ExperimentResult",
    "ExecutorError",
    "ResultStore",
    "StoreError",
    "compare",
    "discover",
    "execute",
    "explore",
    "make_executor",
    "replicate_seeds",
    "robust",
    "sweep",
]
