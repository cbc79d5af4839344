"""A hierarchical posterior over each mechanism's parameter, pooled across sources.

For each family f and source i of it (mapping.py gives y_i, se_i on the log scale):

    mu_f ~ N(m_f, s_f^2),  tau_f ~ HalfNormal(t),  z_i ~ N(0, 1),
    theta_i = mu_f + tau_f z_i,  y_i ~ N(theta_i, se_i^2).

The source effects theta_i are integrated out in closed form (y_i ~ N(mu_f, tau_f^2 +
se_i^2)), so NUTS samples only mu_f and tau_f, and each theta_i is drawn afterwards from
its normal conditional. Partial pooling: tau_f is the spread between sources, so
sources that disagree more than their own errors allow widen tau_f and with it the
predictive theta_new = mu_f + tau_f eps (the parameter in a new setting), which is
what the report calls k. Sampled with NumPyro's NUTS (Hoffman and Gelman 2014);
diagnostics are NumPyro's split R-hat and effective sample size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from agi_economy.evidence.mapping import K_FAMILIES, Datum
from agi_economy.evidence.schema import FAMILIES


class PriorSettings(BaseModel):
    """Priors on the log scale and the sampler's settings; every one a user can change."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    k_prior_median: float = Field(
        1.0, gt=0.0, description="Prior median of every k (1: no lean to fizzle or explosion)."
    )
    time_prior_median: float = Field(
        12.0, gt=0.0, description="Prior median of halving and doubling times [months]."
    )
    prior_log_sd: float = Field(1.0, gt=0.0, le=10.0, description="Prior sd of each log mu_f.")
    tau_scale: float = Field(
        0.5, gt=0.0, le=10.0, description="Scale of the half-normal prior on the spread tau_f."
    )
    warmup: int = Field(500, ge=50, le=20000, description="NUTS warm-up iterations per chain.")
    samples: int = Field(1000, ge=100, le=50000, description="Draws kept per chain.")
    chains: int = Field(2, ge=2, le=8, description="Chains (R-hat needs two or more).")


@dataclass
class FamilyPosterior:
    """Draws of one family's population mean, spread and new-setting parameter (log scale)."""

    family: str
    data: list[Datum]
    log_mu: np.ndarray
    tau: np.ndarray
    log_new: np.ndarray
    log_theta: dict[str, np.ndarray] = field(default_factory=dict)
    ess: float = float("nan")
    rhat: float = float("nan")

    @property
    def is_k(self) -> bool:
        """Whether the parameter is a criticality k."""
        return self.family in K_FAMILIES

    def value(self) -> np.ndarray:
        """Draws of the parameter in a new setting (k, or a time in months)."""
        return np.exp(self.log_new)

    def interval(self, level: float = 0.9) -> tuple[float, float, float]:
        """Median and central ``level`` interval of :meth:`value`."""
        q = np.quantile(self.value(), [(1 - level) / 2, 0.5, (1 + level) / 2])
        return float(q[1]), float(q[0]), float(q[2])


@dataclass
class Posterior:
    """The posterior of every family, the draws' provenance and the sampler's health."""

    families: dict[str, FamilyPosterior]
    seed: int
    divergences: int
    settings: PriorSettings


def _model(y, se, group, mask, prior_mean, prior_sd, tau_scale):
    import numpyro
    import numpyro.distributions as dist

    n_fam = prior_mean.shape[0]
    with numpyro.plate("family", n_fam):
        mu = numpyro.sample("mu", dist.Normal(prior_mean, prior_sd))
        tau = numpyro.sample("tau", dist.HalfNormal(tau_scale))
    # theta_i ~ N(mu, tau^2) integrated out: y_i ~ N(mu, tau^2 + se_i^2), exactly.
    scale = (tau[group] ** 2 + se**2) ** 0.5
    with numpyro.plate("source", y.shape[0]), numpyro.handlers.mask(mask=mask):
        numpyro.sample("y", dist.Normal(mu[group], scale), obs=y)


def _theta_draws(d: Datum, mu: np.ndarray, tau: np.ndarray, rng: np.random.Generator):
    """Draws of a source's own theta_i given mu, tau and its datum (the normal conjugate)."""
    prec = 1.0 / np.maximum(tau, 1e-12) ** 2 + 1.0 / d.se**2
    mean = (mu / np.maximum(tau, 1e-12) ** 2 + d.y / d.se**2) / prec
    return mean + rng.standard_normal(mu.shape[0]) / np.sqrt(prec)


def fit(
    data: Sequence[Datum],
    settings: PriorSettings | None = None,
    seed: int = 0,
    keep: Sequence[bool] | None = None,
) -> Posterior:
    """Sample the hierarchical posterior of every family from ``data``.

    ``keep`` masks data out of the likelihood without changing the arrays' shape, so
    fits that leave sources out (backtests, ``--without``) reuse one compiled sampler.
    A family without data keeps its prior. Seeded: one seed fixes every draw.
    """
    import jax
    import jax.numpy as jnp
    from numpyro.diagnostics import effective_sample_size, split_gelman_rubin
    from numpyro.infer import MCMC, NUTS

    settings = settings or PriorSettings()
    index = {f: i for i, f in enumerate(FAMILIES)}
    prior_mean = np.array(
        [
            np.log(settings.k_prior_median if f in K_FAMILIES else settings.time_prior_median)
            for f in FAMILIES
        ]
    )
    keep_arr = np.ones(len(data), bool) if keep is None else np.asarray(keep, bool)
    mcmc = MCMC(
        NUTS(_model, target_accept_prob=0.95),
        num_warmup=settings.warmup,
        num_samples=settings.samples,
        num_chains=settings.chains,
        chain_method="sequential",
        progress_bar=False,
    )
    mcmc.run(
        jax.random.PRNGKey(seed),
        y=jnp.array([d.y for d in data]),
        se=jnp.array([d.se for d in data]),
        group=jnp.array([index[d.family] for d in data], dtype=jnp.int32),
        mask=jnp.array(keep_arr),
        prior_mean=jnp.array(prior_mean),
        prior_sd=jnp.full(len(FAMILIES), settings.prior_log_sd),
        tau_scale=settings.tau_scale,
    )
    grouped = {k: np.asarray(v) for k, v in mcmc.get_samples(group_by_chain=True).items()}
    divergences = int(np.asarray(mcmc.get_extra_fields()["diverging"]).sum())
    rng = np.random.default_rng(seed)
    families = {}
    for f, i in index.items():
        mu_c, tau_c = grouped["mu"][:, :, i], grouped["tau"][:, :, i]
        ess = min(float(effective_sample_size(mu_c)), float(effective_sample_size(tau_c)))
        rhat = max(float(split_gelman_rubin(mu_c)), float(split_gelman_rubin(tau_c)))
        mu, tau = mu_c.reshape(-1), tau_c.reshape(-1)
        members = [j for j, d in enumerate(data) if d.family == f]
        post = FamilyPosterior(
            family=f,
            data=[data[j] for j in members if keep_arr[j]],
            log_mu=mu,
            tau=tau,
            log_new=mu + tau * rng.standard_normal(mu.shape[0]),
            ess=ess,
            rhat=rhat,
        )
        post.log_theta = {
            data[j].source: _theta_draws(data[j], mu, tau, rng) for j in members if keep_arr[j]
        }
        families[f] = post
    return Posterior(families, seed, divergences, settings)
