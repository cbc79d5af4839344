"""Writing a posterior with its provenance: the draws and a summary a later run can read."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import polars as pl

from agi_economy.evidence.mapping import MappingSettings, regime_probabilities
from agi_economy.evidence.posterior import Posterior


def summary(posterior: Posterior, mapping: MappingSettings, sources: list[str]) -> dict:
    """Seed, version, settings, sources and per-family results of ``posterior``."""
    from agi_economy import __version__

    families = {}
    for fam, fp in posterior.families.items():
        med, lo, hi = fp.interval()
        entry = {
            "sources": [d.source for d in fp.data],
            "median": med,
            "interval_90": [lo, hi],
            "ess": fp.ess,
            "rhat": fp.rhat,
        }
        if fp.is_k:
            entry["regimes"] = regime_probabilities(fp.value(), mapping.combustion_band)
        families[fam] = entry
    return {
        "seed": posterior.seed,
        "version": __version__,
        "sources": sources,
        "mapping": mapping.model_dump(),
        "prior": posterior.settings.model_dump(),
        "divergences": posterior.divergences,
        "families": families,
    }


def write_posterior(
    posterior: Posterior, mapping: MappingSettings, sources: list[str], out: Path
) -> list[Path]:
    """Write ``posterior_draws.parquet`` (log mu, tau, log theta_new per draw) and the summary."""
    out.mkdir(parents=True, exist_ok=True)
    frames = [
        pl.DataFrame(
            {
                "family": [fam] * fp.log_mu.shape[0],
                "draw": np.arange(fp.log_mu.shape[0]),
                "log_mu": fp.log_mu,
                "tau": fp.tau,
                "log_new": fp.log_new,
            }
        )
        for fam, fp in posterior.families.items()
    ]
    draws = out / "posterior_draws.parquet"
    pl.concat(frames).write_parquet(draws)
    info = out / "posterior.json"
    info.write_text(json.dumps(summary(posterior, mapping, sources), indent=2), encoding="utf-8")
    return [draws, info]
