"""The posterior a forecast draws from: saved with its results, read back as field values.

A forecast first writes the posterior it uses into its results folder
(:func:`save_posterior`, fitted then or copied from an earlier fit), then reads the
draws of each family as the values of the scenario fields they set (:func:`pool_from`).

A family's parameter becomes a field's value here: k, rho and r as they are (r = k /
lambda), and the doubling time d of training compute as the trend ln 2 / d per month of
``labs.compute_growth`` (and, when the trend is read as the price's, as the monthly fall
of the compute price at that rate). The forecast's choice and the fields it drew are
written into the saved ``posterior.json``, so a resumed forecast draws the same fields.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from agi_economy.experiment.draws import ParameterDraws
from agi_economy.scenario import Scenario, ScenarioError

DRAWS_FILE = "posterior_draws.parquet"
INFO_FILE = "posterior.json"

COMPUTE_FAMILY = "compute_growth"
COMPUTE_TARGETS: dict[str, tuple[str, ...]] = {
    "spending": ("labs.compute_growth",),
    "price": ("labs.compute_growth", "economy.compute_price_decline"),
    "none": (),
}
"""Where the trend of training compute goes (section 6.1): the fields its draw sets.

``spending``: the labs' compute follows the trend and the price keeps its own sourced
fall, so what investors spend grows at the rest; ``price``: the price falls at the whole
trend too, so investors' spending stays about flat in money."""


def compute_targets(cfg: Scenario, trend: str, families: Sequence[str]) -> dict[str, str]:
    """Scenario field -> evidence family for the trend of training compute, if it applies.

    Nothing when ``trend`` is ``none``, when the posterior holds no ``compute_growth``
    family, or when the scenario's labs buy no compute (no labs, or none of their capital
    spent): such a world holds compute fixed by design (``davidson_houlden``).
    """
    if trend not in COMPUTE_TARGETS:
        raise ScenarioError(
            "--compute-trend", [f"expected one of {', '.join(COMPUTE_TARGETS)} (got {trend!r})"]
        )
    if COMPUTE_FAMILY not in families or cfg.labs.count == 0 or cfg.labs.spend_fraction == 0:
        return {}
    return dict.fromkeys(COMPUTE_TARGETS[trend], COMPUTE_FAMILY)


def saved_families(folder: Path) -> list[str]:
    """The evidence families of the posterior saved in ``folder``."""
    frame = pl.read_parquet(folder / DRAWS_FILE, columns=["family"])
    return sorted(set(frame["family"].to_list()))


def field_values(path: str, draws: np.ndarray, parallelism: float) -> np.ndarray:
    """A field's values from the draws of its family's parameter (on the log scale)."""
    values = np.exp(draws)
    if path == "agis.growth.software_returns":
        return values / parallelism  # the family's parameter is k = lambda r
    if path == "labs.compute_growth":
        return np.log(2.0) / values  # a doubling time d [months] -> ln 2 / d [1/month]
    if path == "economy.compute_price_decline":
        return -np.expm1(-np.log(2.0) / values)  # the monthly fall of a price at that rate
    return values


def saved_trend(folder: Path, given: str | None) -> str:
    """The compute trend a forecast in ``folder`` uses: the one it saved, else ``given``."""
    info = folder / INFO_FILE
    saved = None
    if info.is_file():
        saved = json.loads(info.read_text(encoding="utf-8")).get("forecast", {}).get("trend")
    if saved is not None and given is not None and given != saved:
        raise ScenarioError(
            "--compute-trend",
            [f"this forecast drew compute growth as {saved!r}: drop the option or use --force"],
        )
    return saved or given or "spending"


def record_drawn(folder: Path, targets: dict[str, str], trend: str) -> None:
    """Write into the saved ``posterior.json`` which fields the forecast drew, and how."""
    info_path = folder / INFO_FILE
    info = json.loads(info_path.read_text(encoding="utf-8"))
    info["forecast"] = {"drawn": targets, "trend": trend}
    info_path.write_text(json.dumps(info, indent=2), encoding="utf-8")


def pool_from(folder: Path, targets: dict[str, str]) -> ParameterDraws:
    """The draws of the posterior saved in ``folder``, as values of the target fields."""
    frame = pl.read_parquet(folder / DRAWS_FILE)
    info = json.loads((folder / INFO_FILE).read_text(encoding="utf-8"))
    parallelism = float(info["mapping"]["parallelism"])
    columns = {}
    for path, family in targets.items():
        draws = frame.filter(pl.col("family") == family).sort("draw")["log_new"].to_numpy()
        columns[path] = field_values(path, draws, parallelism)
    return ParameterDraws.from_arrays(columns, label="evidence posterior")


def save_posterior(
    out: Path,
    *,
    evidence: Sequence[Path] = (),
    without: Sequence[str] = (),
    mapping: Any = None,
    prior: Any = None,
    posterior_seed: int = 0,
    posterior_from: Path | None = None,
) -> None:
    """Write the posterior a forecast uses into ``out``: fitted now, or copied from a folder."""
    out.mkdir(parents=True, exist_ok=True)
    if posterior_from is not None:
        for name in (DRAWS_FILE, INFO_FILE):
            if not (posterior_from / name).is_file():
                raise ScenarioError(
                    "--posterior",
                    [f"{posterior_from} holds no {name}: expected the --out "]
                    + ["folder of 'agi-economy evidence posterior'"],
                )
        for name in (DRAWS_FILE, INFO_FILE):
            shutil.copyfile(posterior_from / name, out / name)
        return
    from agi_economy.evidence import select_sources
    from agi_economy.evidence.mapping import MappingSettings, to_datum
    from agi_economy.evidence.outputs import write_posterior
    from agi_economy.evidence.posterior import fit

    mapping = mapping or MappingSettings()
    sources = select_sources(evidence, without)
    post = fit([to_datum(s, mapping) for s in sources], prior, seed=posterior_seed)
    write_posterior(post, mapping, [s.id for s in sources], out)
