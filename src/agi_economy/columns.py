"""The type of every column of every file a run or an experiment writes, stated once.

A column's type never depends on its values: ``seed`` is Int64 whether the seed is 7
or 3379656547, a count is Int64 even when every value is 0, a measure that may be
missing is Float64 even when every run lacks it. So the files of any number of runs
read together (``pl.read_parquet("runs/*/steps.parquet")``, a pyarrow dataset, duckdb)
without casts.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

PROVENANCE_SCHEMA: dict[str, pl.DataType] = {
    "seed": pl.Int64(),
    "scenario": pl.String(),
    "version": pl.String(),
}
"""Columns every frame of a run ends with: which run it is and what wrote it."""

STEP_SCHEMA: dict[str, pl.DataType] = {
    "step": pl.Int64(),
    "year": pl.Float64(),
    "max_intelligence": pl.Float64(),
    "mean_intelligence": pl.Float64(),
    "n_boxed": pl.Int64(),
    "n_deployed": pl.Int64(),
    "n_escaped": pl.Int64(),
    "n_shutdown": pl.Int64(),
    "output": pl.Float64(),
    "power_share_humans": pl.Float64(),
    "power_share_labs": pl.Float64(),
    "power_share_aligned_agi": pl.Float64(),
    "power_share_misaligned_agi": pl.Float64(),
    "human_wealth_gini": pl.Float64(),
    "takeover": pl.Boolean(),
    "n_agis": pl.Int64(),
    "n_misaligned_active": pl.Int64(),
    "output_growth": pl.Float64(),
    "automation": pl.Float64(),
    "rsi_iterations": pl.Int64(),
    "compute_price": pl.Float64(),
    "total_compute": pl.Float64(),
    "max_intelligence_boxed": pl.Float64(),
    "max_intelligence_deployed": pl.Float64(),
    "max_intelligence_escaped": pl.Float64(),
}
"""The per-step frame (``steps.parquet``) before its provenance columns."""

AGENT_SCHEMA: dict[str, pl.DataType] = {
    "step": pl.Int64(),
    "agent_id": pl.Int64(),
    "kind": pl.String(),
    "lab_id": pl.Int64(),
    "status": pl.String(),
    "aligned": pl.Boolean(),
    "intelligence": pl.Float64(),
    "gain": pl.Float64(),
    "gain_same_inputs": pl.Float64(),
    "iterations": pl.Int64(),
    "wealth": pl.Float64(),
    "compute": pl.Float64(),
    "box_strength": pl.Float64(),
    "safety_fraction": pl.Float64(),
}
"""The agent frame (``agents.parquet``) before its provenance columns.

Labs and AGIs have a row every step; the sampled people every ``output.agent_every``
steps. ``gain`` is an AGI's change of intelligence in the step, ``iterations`` the RSI
iterations it performed, and ``gain_same_inputs`` the gain it would have made from the
same state with the inputs of its previous step with iterations (null when there is
none): the k estimator reads these three."""

EVENT_SCHEMA: dict[str, pl.DataType] = {
    "step": pl.Int64(),
    "kind": pl.String(),
    "agent_id": pl.Int64(),
    "lab_id": pl.Int64(),
    "intelligence": pl.Float64(),
    "aligned": pl.Boolean(),
    "detail": pl.String(),
}
"""The event log (``events.parquet``) before its provenance columns."""

SUMMARY_SCHEMA: dict[str, pl.DataType] = {
    "takeover": pl.Boolean(),
    "takeover_step": pl.Int64(),
    "takeover_year": pl.Float64(),
    "steps_run": pl.Int64(),
    "horizon_years": pl.Float64(),
    "max_intelligence": pl.Float64(),
    "k_hat": pl.Float64(),
    "k_low": pl.Float64(),
    "k_high": pl.Float64(),
    "regime": pl.String(),
    "k_n": pl.Int64(),
    "input_growth": pl.Float64(),
    "input_growth_low": pl.Float64(),
    "input_growth_high": pl.Float64(),
    "bostrom_takeoff_years": pl.Float64(),
    "superhuman_year": pl.Float64(),
    "christiano_slow": pl.Boolean(),
    "output_growth": pl.Float64(),
    "n_agis": pl.Int64(),
    "n_misaligned": pl.Int64(),
    "n_escapes": pl.Int64(),
    "n_detections": pl.Int64(),
    "n_shutdowns": pl.Int64(),
    "n_recaptures": pl.Int64(),
    "rsi_iterations": pl.Int64(),
    "final_output": pl.Float64(),
    "final_power_share_humans": pl.Float64(),
    "final_power_share_labs": pl.Float64(),
    "final_power_share_aligned_agi": pl.Float64(),
    "final_power_share_misaligned_agi": pl.Float64(),
    "final_human_wealth_gini": pl.Float64(),
}
"""A run's summary measures: ``summary.json`` and one row of an experiment's runs."""

RUN_ROW_SCHEMA: dict[str, pl.DataType] = {
    "policy": pl.String(),
    "arm": pl.Int64(),
    "point": pl.Int64(),
    "cell": pl.Int64(),
    "replicate": pl.Int64(),
    "seed": pl.Int64(),
    "status": pl.String(),
    "error": pl.String(),
    **SUMMARY_SCHEMA,
    "scenario": pl.String(),
    "version": pl.String(),
}
"""Columns an experiment's ``runs.parquet`` may hold besides the varied parameters."""

TRAJECTORY_SCHEMA: dict[str, pl.DataType] = {
    "year": pl.Float64(),
    "step": pl.Int64(),
    "max_intelligence": pl.Float32(),
    "power_share_misaligned_agi": pl.Float32(),
    "power_share_humans": pl.Float32(),
    "output": pl.Float32(),
    "escapes": pl.Int64(),
    "takeover": pl.Boolean(),
}
"""One run's thinned trajectory: the rows of an experiment's ``trajectories.parquet``.

That file starts with the run's keys and labels, typed as in :data:`RUN_ROW_SCHEMA`
(``policy``, ``arm``, ``point``, ``cell``, ``replicate``, and the varied parameters).
The four measures are single precision: they are kept for figures, and they are
almost all of the file's bytes (a measure's trailing digits do not compress), so
halving them is what keeps the trajectories small; ``steps.parquet`` keeps every
step in double precision. ``step``, ``year`` and ``escapes`` keep the types they have
in the per-step frame and the summary: they repeat from run to run and compress to a
few bytes per run whatever their width."""


def conform(frame: pl.DataFrame, schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    """``frame`` with each column the schema names cast to its stated type.

    Casts are strict: a value that does not fit its column's type raises rather
    than becoming null.
    """
    current = frame.schema  # built afresh on every access
    casts = {k: t for k, t in schema.items() if k in current and current[k] != t}
    return frame.cast(casts, strict=True) if casts else frame


def with_provenance(frame: pl.DataFrame, provenance: Mapping[str, object]) -> pl.DataFrame:
    """``frame`` with the provenance columns appended, each of its stated type.

    Each column is its one value repeated (``new_from_index``) and joined on with
    ``hstack``: the same frame as ``with_columns`` of literals gives, in a fifth of the
    time (that goes through a query plan), which a run pays three times.
    """
    n = frame.height
    tags = [
        pl.Series(k, [v], dtype=PROVENANCE_SCHEMA.get(k)).new_from_index(0, n)
        for k, v in provenance.items()
    ]
    return frame.hstack(tags)
