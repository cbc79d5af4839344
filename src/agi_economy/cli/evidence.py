"""``evidence``: the cited library, the posterior of k per mechanism, and the backtest."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from agi_economy.cli.app import app
from agi_economy.cli.common import BadInput, console

evidence_app = typer.Typer(
    help="The evidence library, the posterior of k it implies, and its backtest.",
    no_args_is_help=False,
    add_completion=False,
)
app.add_typer(evidence_app, name="evidence")

EvidenceFiles = Annotated[
    list[Path] | None,
    typer.Option("--evidence", help="Add a source from this TOML file (repeatable)."),
]
Without = Annotated[
    list[str] | None, typer.Option("--without", help="Leave this source id out (repeatable).")
]
Seed = Annotated[int, typer.Option("--seed", help="Seed of the sampler.")]
Draws = Annotated[int, typer.Option("--draws", help="NUTS draws kept per chain.")]
Warmup = Annotated[int, typer.Option("--warmup", help="NUTS warm-up iterations per chain.")]


def _prior(draws: int, warmup: int):
    from pydantic import ValidationError

    from agi_economy.evidence.posterior import PriorSettings

    try:
        return PriorSettings(samples=draws, warmup=warmup)
    except ValidationError as exc:
        err = exc.errors()[0]
        name = {"samples": "draws"}.get(str(err["loc"][0]), str(err["loc"][0]))
        raise BadInput(f"--{name}: {err['msg']}") from None


@evidence_app.callback(invoke_without_command=True)
def evidence(ctx: typer.Context) -> None:
    """List the evidence library: each source, what it measured, and where each number stands.

    Example: agi-economy evidence
    """
    if ctx.invoked_subcommand is not None:
        return
    from agi_economy.evidence import builtin_sources

    table = Table(title="evidence library", title_justify="left")
    for col in ("id", "family", "citation", "numbers [dim](where in the source)[/dim]"):
        table.add_column(col, overflow="fold")
    for s in builtin_sources():
        cite = f"{s.citation.authors[0]} et al. {s.citation.year}, {s.citation.identifier}"
        nums = "\n".join(
            f"{m.quantity} = {m.value:g} {m.unit} [dim]({escape(m.location)})[/dim]"
            for m in s.measurements
        )
        table.add_row(s.id, s.family, escape(cite), nums)
    console.print(table)


def _settings(
    band: float,
    unreported_se: float,
    parallelism: float,
    gamma: float,
    reducible_share: float = 1.0,
):
    from pydantic import ValidationError

    from agi_economy.evidence.mapping import MappingSettings

    try:
        return MappingSettings(
            combustion_band=band,
            unreported_log_se=unreported_se,
            parallelism=parallelism,
            gamma=gamma,
            reducible_share=reducible_share,
        )
    except ValidationError as exc:
        err = exc.errors()[0]
        options = {
            "combustion_band": "band",
            "unreported_log_se": "unreported-se",
            "parallelism": "parallelism",
            "gamma": "gamma",
            "reducible_share": "reducible-share",
        }
        raise BadInput(f"--{options[str(err['loc'][0])]}: {err['msg']}") from None


def _data(sources, mapping):
    from agi_economy.evidence.mapping import to_datum

    return [to_datum(s, mapping) for s in sources]


def _summary_table(title: str, posterior, band: float) -> Table:
    from agi_economy.evidence.mapping import PARAMETERS, regime_probabilities

    table = Table(title=title, title_justify="left")
    for col in (
        "family [dim](parameter)[/dim]",
        "n",
        "median",
        "90% interval",
        "P(fizzle)",
        "P(comb.)",
        "P(expl.)",
        "ESS",
        "R-hat",
    ):
        table.add_column(col, overflow="fold")
    for fam, fp in posterior.families.items():
        if not fp.data:
            table.add_row(
                f"{fam}\n[dim]({PARAMETERS[fam]})[/dim]",
                "0",
                "[dim]no data: prior only[/dim]",
                "",
                "",
                "",
                "",
                "",
            )
            continue
        med, lo, hi = fp.interval()
        probs = regime_probabilities(fp.value(), band) if fp.is_k else None
        cells = (
            [f"{probs[r]:.2f}" for r in ("fizzle", "combustion", "explosion")]
            if probs
            else [""] * 3
        )
        table.add_row(
            f"{fam}\n[dim]({PARAMETERS[fam]})[/dim]",
            str(len(fp.data)),
            f"{med:.3g}",
            f"{lo:.3g} to {hi:.3g}",
            *cells,
            f"{fp.ess:.0f}",
            f"{fp.rhat:.3f}",
        )
    return table


def _beside(new: float, old: float) -> str:
    """A number, then (dimmed) its value from the library alone and the change."""
    return f"{new:.3g}\n[dim]without: {old:.3g}, change: {new - old:+.3g}[/dim]"


def _moved_table(post, base, band: float) -> Table:
    """Each mechanism's numbers with the user's changes, beside the library's alone."""
    from agi_economy.evidence.mapping import regime_probabilities

    table = Table(
        title="how the answer moved (library alone -> with your changes): each number, "
        "its value from the library alone and the change",
        title_justify="left",
    )
    for col in ("mechanism", "median", "5%", "95%", "P(fizzle)", "P(comb.)", "P(expl.)"):
        table.add_column(col)
    for fam, fp in post.families.items():
        bp = base.families[fam]
        if not (fp.data or bp.data):
            continue
        cells = [_beside(n, o) for n, o in zip(fp.interval(), bp.interval(), strict=True)]
        if fp.is_k:
            new = regime_probabilities(fp.value(), band)
            old = regime_probabilities(bp.value(), band)
            cells += [_beside(new[r], old[r]) for r in ("fizzle", "combustion", "explosion")]
        else:
            cells += [""] * 3
        table.add_row(fam, *cells)
    return table


@evidence_app.command("posterior")
def posterior(
    evidence_files: EvidenceFiles = None,
    without: Without = None,
    seed: Seed = 0,
    band: Annotated[
        float, typer.Option("--band", help="Half-width of the combustion band around k = 1.")
    ] = 0.05,
    unreported_se: Annotated[
        float,
        typer.Option(
            "--unreported-se", help="Log-scale se for numbers published without uncertainty."
        ),
    ] = 0.5,
    parallelism: Annotated[
        float, typer.Option("--parallelism", help="lambda in k = lambda r.")
    ] = 1.0,
    gamma: Annotated[
        float, typer.Option("--gamma", help="Loss-to-capability exponent of scaling's k.")
    ] = 1.0,
    reducible_share: Annotated[
        float,
        typer.Option(
            "--reducible-share",
            help="Reducible share of the loss where a total-loss compute exponent was measured.",
        ),
    ] = 1.0,
    out: Annotated[Path, typer.Option("--out", help="Folder for the figures.")] = Path(
        "evidence_posterior"
    ),
    draws: Draws = 1000,
    warmup: Warmup = 500,
) -> None:
    """Pool the library per mechanism and report the posterior of k with P(each regime).

    With --evidence or --without the report also shows how the answer moved from the
    library alone.

    Example: agi-economy evidence posterior --without hoffmann2022 --out figs
    """
    from agi_economy.evidence import select_sources
    from agi_economy.evidence.figures import plot_data_fit, plot_densities
    from agi_economy.evidence.posterior import fit

    mapping = _settings(band, unreported_se, parallelism, gamma, reducible_share)
    prior = _prior(draws, warmup)
    sources = select_sources(evidence_files or (), without or ())
    start = time.perf_counter()
    post = fit(_data(sources, mapping), prior, seed=seed)
    changed = bool(evidence_files or without)
    console.print(
        _summary_table("posterior per mechanism (parameter in a new setting)", post, band)
    )
    if changed:
        base = fit(_data(select_sources(), mapping), prior, seed=seed)
        console.print(_moved_table(post, base, band))
    seconds = time.perf_counter() - start
    out.mkdir(parents=True, exist_ok=True)
    from agi_economy.evidence.outputs import write_posterior

    figs = [
        plot_densities(post, band, out / "posterior_densities.png"),
        plot_data_fit(post, out / "data_vs_fit.png"),
        *write_posterior(post, mapping, [s.id for s in sources], out),
    ]
    console.print(
        f"seed {seed}, {post.settings.chains} chains x {post.settings.samples} draws, "
        f"{post.divergences} divergent transitions, {seconds:.1f} s; wrote "
        + ", ".join(str(f) for f in figs)
    )


@evidence_app.command("backtest")
def backtest(
    evidence_files: EvidenceFiles = None,
    seed: Seed = 0,
    level: Annotated[
        float, typer.Option("--level", help="Coverage of the predictive intervals.")
    ] = 0.9,
    draws: Draws = 1000,
    warmup: Warmup = 500,
    write: Annotated[
        Path | None, typer.Option("--write", help="Also rewrite the generated block of this file.")
    ] = None,
) -> None:
    """Fit on earlier sources (or iterations), predict later ones, print the coverage table.

    Example: agi-economy evidence backtest
    """
    from agi_economy.evidence import select_sources
    from agi_economy.evidence.backtest import library_backtest, markdown_table

    if not 0.0 < level < 1.0:
        raise BadInput(f"--level: expected a number between 0 and 1 (got {level})")
    sources = select_sources(evidence_files or ())
    rows = library_backtest(sources, level, _prior(draws, warmup), seed=seed)
    table = markdown_table(rows, level)
    console.print(table, markup=False, highlight=False, soft_wrap=True)
    if write is not None:
        from agi_economy.evidence.backtest import replace_block

        try:
            text = write.read_text(encoding="utf-8")
            write.write_text(replace_block(text, table), encoding="utf-8")
        except (OSError, ValueError) as exc:
            raise BadInput(f"--write: {exc}") from None
