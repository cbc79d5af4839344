"""Forecasts that follow the evidence: an ensemble whose parameters come from the posterior.

Each replicate takes one joint draw of the posterior (``posterior_draws.parquet``, the
parameter of every family in a new setting, theta_new) and sets the scenario fields the
scenario's growth rules read from it (:data:`TARGETS`):

- criticality: ``agis.growth.k`` = k of algorithmic self-improvement (k = lambda r);
- self_finetune: ``agis.growth.rho`` = the self-finetuning ratio rho;
- software_r: ``agis.growth.software_returns`` = r = k / lambda;
- and, in a world whose labs buy compute, ``labs.compute_growth`` = ln 2 / d from the
  doubling time d of training compute (``drawn.COMPUTE_TARGETS``; with ``compute_trend``
  = ``price`` also ``economy.compute_price_decline``, so that the price falls at the
  whole trend; ``none`` leaves the scenario's compute dynamics as they are).

The scaling-law rule takes no draw: its exponents are the scenario's chosen published
fit, and the evidence on them constrains k only through gamma, a judgement the
scenario sets. Replicate ``i`` of every policy arm has the same seed and the same draw
(:mod:`~agi_economy.experiment.draws`), so arms are compared under the same uncertainty.
The posterior is written into the results folder before any run, and a resumed
forecast reads it back from there, so a forecast is repeated exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

from agi_economy.evidence.drawn import (
    DRAWS_FILE,
    INFO_FILE,
    compute_targets,
    pool_from,
    record_drawn,
    save_posterior,
    saved_families,
    saved_trend,
)
from agi_economy.experiment.compare import (
    ExperimentResult,
    base_scenario,
    check_replicates,
    checked_spacing,
    choose_seed,
    comparison_cells,
    labelled_runs,
    write_policy_table,
    write_trajectories,
)
from agi_economy.experiment.design import varied_rules, varied_values
from agi_economy.experiment.draws import ParameterDraws
from agi_economy.experiment.runner import Experiment, Progress, execute
from agi_economy.experiment.store import ResultStore, StoreError
from agi_economy.experiment.trajectory import DEFAULT_POINTS
from agi_economy.experiment.vary import Vary, parse_vary, set_path
from agi_economy.scenario import Scenario, ScenarioError, load_scenario

TARGETS: dict[str, tuple[str, str]] = {
    "criticality": ("agis.growth.k", "software_returns"),
    "self_finetune": ("agis.growth.rho", "self_improvement"),
    "software_r": ("agis.growth.software_returns", "software_returns"),
}
"""Growth rule -> (scenario field it reads, evidence family whose draw sets it)."""


def rules_of(cfg: Scenario) -> list[str]:
    """The growth rules a scenario's AGIs can use: its rule, its mix and a base rule."""
    growth = cfg.agis.growth
    rules = {growth.rule} | {r for r, w in growth.rule_mix.items() if w > 0}
    if "breakthroughs" in rules:
        rules.add(growth.base_rule)
    return sorted(rules)


def targets_for(cfg: Scenario, rules: Sequence[str] = ()) -> dict[str, str]:
    """Scenario field -> evidence family, for every rule of ``cfg`` (or ``rules``) taking a draw.

    Raises:
        ScenarioError: no rule of the scenario reads a parameter the evidence informs.
    """
    every = sorted({*rules_of(cfg), *rules})
    targets = dict(TARGETS[r] for r in every if r in TARGETS)
    if not targets:
        raise ScenarioError(
            "agis.growth.rule",
            [
                f"the scenario's growth rules ({', '.join(every)}) read no parameter "
                f"the evidence informs; expected one of {', '.join(TARGETS)}"
            ],
        )
    return targets


def with_varied(pool: ParameterDraws, varies: Sequence[Vary], seed: int) -> ParameterDraws:
    """The posterior's pool with a column per varied field, one design point per draw."""
    if not varies:
        return pool
    columns = {**pool.columns, **varied_values(varies, pool.size, seed)}
    return ParameterDraws.from_arrays(columns, label=pool.label)


def _posterior_runs(
    out: Path,
    experiment_of: Any,
    targets_of: Any,
    cells: Any,
    executor: Any,
    *,
    resume: bool,
    force: bool,
    retry_failed: bool,
    checkpoint: float,
    progress: Progress | None,
    posterior: dict[str, Any],
) -> tuple[Experiment, pl.DataFrame, dict[str, str]]:
    """Save (or keep) the posterior in ``out``, then run the experiment its draws make.

    ``targets_of(families, trend)`` gives the fields to draw from the saved posterior.
    """
    store = ResultStore(out)
    held = store.read_manifest() is not None
    if held and not (resume or force):
        raise StoreError(
            f"{out} already holds an experiment: add --resume to complete it, "
            "or --force to delete it and start over"
        )
    saved = (out / DRAWS_FILE).is_file() and (out / INFO_FILE).is_file()
    if resume and held and not saved and not force:
        raise StoreError(f"{out} holds no saved posterior: it is not a forecast's folder")
    if resume and held and saved:
        if posterior["evidence"] or posterior["without"] or posterior["posterior_from"]:
            raise ScenarioError(
                "--resume",
                [
                    "a resumed forecast uses the posterior saved in its folder: "
                    "drop --evidence, --without and --posterior, or use --force"
                ],
            )
        trend = saved_trend(out, posterior["trend"])
    else:
        trend = posterior["trend"] or "spending"
        save_posterior(out, **{k: v for k, v in posterior.items() if k != "trend"})
    targets = targets_of(saved_families(out), trend)
    record_drawn(out, targets, trend)
    experiment = experiment_of(pool_from(out, targets))
    runs = execute(
        experiment,
        out,
        executor,
        resume=resume,
        force=force,
        retry_failed=retry_failed,
        checkpoint=checkpoint,
        progress=progress,
    )
    runs = labelled_runs(runs, cells)
    store.write_runs(runs)
    return experiment, runs, targets


def forecast(
    scenario: Any,
    policies: Sequence[str] = (),
    *,
    out: str | Path,
    replicates: int = 200,
    seed: int | None = None,
    executor: Any = None,
    resume: bool = False,
    force: bool = False,
    retry_failed: bool = False,
    checkpoint: float = 5.0,
    progress: Progress | None = None,
    plot: bool = True,
    trajectory_points: int | None = DEFAULT_POINTS,
    years: Sequence[float] | None = None,
    evidence: Sequence[Path] = (),
    without: Sequence[str] = (),
    mapping: Any = None,
    prior: Any = None,
    posterior_seed: int = 0,
    posterior_from: Path | None = None,
    vary: Sequence[str] = (),
    compute_trend: str | None = None,
    **overrides: Any,
) -> ExperimentResult:
    """Run ``replicates`` paired runs per arm, each with parameters drawn from the posterior.

    Writes what ``compare`` writes, the posterior used (``posterior_draws.parquet``,
    ``posterior.json``) and ``forecast.parquet`` (each measure per arm with its interval,
    :func:`~agi_economy.evidence.forecast_report.forecast_table`). With ``evidence`` or
    ``without`` it also runs the same seeds and draw indices under the library's
    posterior alone (in ``library_alone/``) and writes ``forecast_delta.parquet``, how
    each measure moved (:mod:`~agi_economy.evidence.forecast_delta`). A resumed
    forecast uses the posteriors its folder holds; ``evidence``, ``without`` and
    ``posterior_from`` apply to a new forecast only.

    ``vary`` adds dimensions the evidence does not inform, as ``sweep --vary`` writes
    them; ``agis.growth.rule=criticality@1,software_r@1`` makes the form of the returns
    uncertain too. Each joint draw of the pool takes a Latin-hypercube point of them (so
    the pool holds the levels in their weights' proportions), and replicate ``i`` takes
    the same draw, rule included, in every arm.

    ``compute_trend`` (``spending``, the default; ``price``; ``none``) says where the
    drawn trend of training compute goes (``drawn.COMPUTE_TARGETS``); a resumed forecast
    keeps the one it saved. ``posterior.json`` in ``out`` records the fields drawn.
    """
    from agi_economy.evidence.forecast_delta import BASELINE_DIR, DELTA_FILE, delta_table
    from agi_economy.evidence.forecast_report import default_years, forecast_table

    check_replicates(replicates)
    cfg, base = base_scenario(scenario, overrides)
    cells = comparison_cells(policies, base)
    varies = [parse_vary(v, cfg) for v in vary]
    for v in varies:  # a level the scenario rejects fails here, naming its field
        for value in v.levels or (v.from_unit(0.0), v.from_unit(1.0)):
            load_scenario(set_path(base, v.path, value))
    rule_targets = targets_for(cfg, varied_rules(varies))
    if compute_trend is not None:
        compute_targets(cfg, compute_trend, ())  # an unknown trend fails before any run

    def targets_of(families: Sequence[str], trend: str) -> dict[str, str]:
        return {**rule_targets, **compute_targets(cfg, trend, families)}

    every = checked_spacing(base, cells, trajectory_points)
    out = Path(out)
    seed = choose_seed(seed, cfg, out, resume)
    store = ResultStore(out)
    alone_dir = out / BASELINE_DIR
    changed = bool(evidence or without) or (
        resume and not force and ResultStore(alone_dir).read_manifest() is not None
    )

    def experiment_of(draws: ParameterDraws) -> Experiment:
        varied = with_varied(draws, varies, seed)  # the same design points in both folders
        return Experiment(
            "forecast", base, cells, replicates, seed, trajectory_every=every, draws=varied
        )

    posterior = {
        "evidence": evidence,
        "without": without,
        "mapping": mapping,
        "prior": prior,
        "posterior_seed": posterior_seed,
        "posterior_from": posterior_from,
        "trend": compute_trend,
    }
    flags = {
        "resume": resume,
        "force": force,
        "retry_failed": retry_failed,
        "checkpoint": checkpoint,
        "progress": progress,
    }
    experiment, runs, targets = _posterior_runs(
        out, experiment_of, targets_of, cells, executor, posterior=posterior, **flags
    )
    table = write_policy_table(store, runs, cells)
    chosen = list(years) if years else default_years(float(table["horizon_years"].max() or 0))
    result = forecast_table(runs, cells, chosen, [*sorted(targets), *(v.path for v in varies)])
    result.write_parquet(store.root / "forecast.parquet")
    title = f"{cfg.meta.name}: forecast, {replicates} runs per arm drawn from the posterior"
    extra = write_trajectories(
        store, cells, replicates, ["replicate"], title, plot=plot, executor=executor
    )
    extra["forecast"] = result
    extra["targets"] = targets
    if changed:
        trend = saved_trend(out, None)
        alone = {**posterior, "evidence": (), "without": (), "posterior_from": None}
        alone["trend"] = trend

        def same_targets(families: Sequence[str], _trend: str) -> dict[str, str]:
            return targets  # the library alone is drawn into the same fields

        _, alone_runs, _ = _posterior_runs(
            alone_dir, experiment_of, same_targets, cells, executor, posterior=alone, **flags
        )
        delta = delta_table(runs, alone_runs, cells, chosen, sorted(targets))
        delta.write_parquet(store.root / DELTA_FILE)
        extra["delta"] = delta
    return ExperimentResult(runs, table, store.root, experiment, extra)
