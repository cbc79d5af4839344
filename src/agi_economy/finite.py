"""The last guard against non-finite numbers: a run's frames hold finite values only.

The scenario's limits (:mod:`agi_economy.scenario.bounds`) keep every field's own
extremes finite; a combination of extremes could still overflow. A NaN would pass
unseen (``NaN >= threshold`` is never true, so a world would never take over), so a
run whose frames hold NaN or inf is refused before anything is written.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from agi_economy.scenario import ScenarioError


def check_finite(source: str, frames: dict[str, pl.DataFrame]) -> None:
    """Raise :class:`ScenarioError` naming the first column and step holding NaN or inf."""
    for name, frame in frames.items():
        floats = [c for c, t in frame.schema.items() if t.is_float()]
        if not floats or all(_finite(frame.get_column(c)) for c in floats):
            continue
        # one pass over the frame says which columns hold a bad value, if any
        bad_columns = frame.select(
            [(pl.col(c).is_not_null() & ~pl.col(c).is_finite()).any() for c in floats]
        ).row(0)
        for column, has_bad in zip(floats, bad_columns, strict=True):
            if not has_bad:
                continue
            bad = frame.filter(pl.col(column).is_not_null() & ~pl.col(column).is_finite())
            if bad.height:
                value = bad[column][0]
                at = f" at step {bad['step'][0]}" if "step" in bad.columns else ""
                raise ScenarioError(
                    source,
                    [
                        f"{name}.{column}: the run reached {value}{at}; the scenario's values "
                        "together take the model past what floating point holds "
                        "(bring the largest of them closer to their defaults)"
                    ],
                )


def _finite(column: pl.Series) -> bool:
    """Whether every value of a float column that is not null is finite.

    A null reads as NaN in numpy, so the column is finite when it holds exactly as
    many non-finite numbers as nulls: one numpy pass, without a Polars query.
    """
    values = column.to_numpy()
    return int(np.count_nonzero(~np.isfinite(values))) == column.null_count()
