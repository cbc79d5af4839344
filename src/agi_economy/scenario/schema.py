"""The typed scenario schema: every parameter of a world, with default, unit and meaning.

A scenario is data. It is validated here once, at the boundary, and the rest of the
package reads typed, frozen values. Every field carries a one-line description (the
model document is generated from it) and its unit in brackets where it has one.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from agi_economy.scenario.bounds import Bounded
from agi_economy.scenario.policy_schema import PolicyList
from agi_economy.trends import COMPUTE_PRICE_DECLINE, HUMAN_OUTPUT_GROWTH

Probability = Annotated[float, Field(ge=0.0, le=1.0)]
NonNegative = Annotated[float, Field(ge=0.0)]
Positive = Annotated[float, Field(gt=0.0)]

DOMAIN_NAMES: tuple[str, ...] = (
    "very_subhuman",
    "subhuman",
    "near_human",
    "par_human",
    "peak_human",
    "superhuman",
    "strongly_superhuman",
)
"""The cognitive domains of the research post, lowest first."""

GrowthRuleName = Literal[
    "criticality", "domain_returns", "scaling_law", "self_finetune", "breakthroughs", "software_r"
]


class Section(Bounded):
    """Base of every scenario section: frozen, unknown keys rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


class MetaConfig(Section):
    """Name, description and clock of a run."""

    name: str = Field("custom", description="Short name of the scenario, used in outputs.")
    description: str = Field("", description="What world of the research post this stands for.")
    steps: int = Field(120, ge=0, description="Number of steps in a run [steps].")
    seed: int | None = Field(
        None, ge=0, description="Seed fixing the run; drawn and recorded when absent."
    )
    months_per_step: Positive = Field(
        1.0,
        description="Length of one step; every rate is per month and converted to a step in "
        "one place (agi_economy.clock), so the step length changes nothing else [months].",
    )


class NetworkConfig(Section):
    """The social graph over people, and how labs and AGIs attach to it."""

    kind: Literal["barabasi_albert", "watts_strogatz", "erdos_renyi", "file"] = Field(
        "barabasi_albert", description="Topology of human-human ties."
    )
    ba_m: int = Field(2, ge=1, description="Barabasi-Albert: edges each new person brings [edges].")
    ws_k: int = Field(
        4, ge=2, description="Watts-Strogatz: ring neighbours of each person [edges]."
    )
    ws_p: Probability = Field(0.1, description="Watts-Strogatz: rewiring probability.")
    er_mean_degree: NonNegative = Field(4.0, description="Erdos-Renyi: mean degree [edges].")
    path: str | None = Field(
        None,
        description="Edge-list file (two integer node ids a line) when kind = 'file'; "
        "its node count replaces humans.count.",
    )
    agi_contact_share: Probability = Field(
        0.02,
        description="Share of people each AGI touches as users and auditors (the people an "
        "escaped system first reaches) [share of people].",
    )

    @model_validator(mode="after")
    def _file_needs_path(self) -> NetworkConfig:
        if self.kind == "file" and not self.path:
            raise ValueError("network.path: an edge-list file is required when kind = 'file'")
        return self


class HumansConfig(Section):
    """People: workers, auditors and regulators."""

    count: int = Field(1000, ge=0, description="Number of people [people].")
    initial_wealth: NonNegative = Field(
        40.0, description="Median starting wealth [output-months of a median worker]."
    )
    wealth_sigma: NonNegative = Field(0.6, description="Log-normal spread of starting wealth.")
    productivity_sigma: NonNegative = Field(0.25, description="Log-normal spread of productivity.")
    auditor_fraction: Probability = Field(
        0.02,
        description="Share of people who are auditors (their role in the agent frame and the "
        "live view; the world's audit capacity is containment.audit_capacity).",
    )
    regulator_fraction: Probability = Field(
        0.01, description="Share of people who regulate (their role, as for auditors)."
    )

    @model_validator(mode="after")
    def _roles_fit(self) -> HumansConfig:
        if self.auditor_fraction + self.regulator_fraction > 1.0:
            raise ValueError(
                "humans.auditor_fraction + humans.regulator_fraction: must not exceed 1"
            )
        return self


class LabsConfig(Section):
    """AI labs: budgets, safety, racing and training."""

    count: int = Field(3, ge=0, description="Number of labs [labs].")
    initial_capital: NonNegative = Field(
        1.0, description="Starting capital of a lab, per person in the world [wealth/person]."
    )
    initial_compute: NonNegative = Field(
        10.0, description="Starting compute of a lab [compute units]."
    )
    size_sigma: NonNegative = Field(
        0.5, description="Log-normal spread of labs' starting capital and compute."
    )
    funding: NonNegative = Field(
        0.02,
        description="Outside investment into each lab per month, per person [wealth/person/month].",
    )
    compute_growth: NonNegative | None = Field(
        None,
        description="Trend of each lab's compute, a continuous rate: outside investors fund "
        "the compute its budget falls short of to keep it at its starting compute times "
        "exp(g t), net of depreciation (section 7.2); unset, no trend [1/month].",
    )
    spend_fraction: Probability = Field(
        0.03,
        description="Share of capital a lab (or an escaped AGI) spends per month on "
        "capability and safety [1/month].",
    )
    safety_fraction: Probability = Field(
        0.2, description="Share of a lab's spend that goes to safety (s)."
    )
    compliance: Probability = Field(0.9, description="Chance a lab obeys a policy.")
    interpretability: Probability = Field(
        0.5, description="Interpretability: audit detection chance at no capability gap (q)."
    )
    racing_pressure: Probability = Field(
        0.0, description="How far being behind the leader cuts safety spend (0 none, 1 all)."
    )
    capability_visible: bool = Field(
        False, description="Labs see rivals' capability exactly (else with noise)."
    )
    perception_noise: NonNegative = Field(
        0.3, description="Log-normal noise on a rival's perceived capability."
    )
    careless: int = Field(0, ge=0, description="How many of the labs are careless [labs].")
    careless_safety_fraction: Probability = Field(
        0.02, description="Safety fraction of a careless lab."
    )
    careless_compliance: Probability = Field(0.1, description="Compliance of a careless lab.")
    training_threshold: Positive = Field(
        2.0,
        description="A lab trains a new AGI each time its compute passes this multiple "
        "of the compute at its last training.",
    )
    training_interval: NonNegative = Field(
        12.0, description="Fewest months between two trainings at one lab [months]."
    )
    deploy_intelligence: NonNegative = Field(
        0.3, description="Intelligence from which a lab deploys a boxed AGI [I]."
    )
    audits_before_deploy: int = Field(
        1, ge=0, description="Passed audits a boxed AGI needs before deployment [audits]."
    )
    safety_choice: Literal["fixed", "race_game"] = Field(
        "fixed",
        description="How labs set safety: fixed fractions (under racing_pressure), or "
        "chosen by the race game, each lab imitating better-paid rivals on the lab network "
        "(race_* fields; careless labs start unsafe).",
    )
    race_benefit: Positive = Field(
        4.0, description="Race game: benefit of a development round, shared by speed (b) [payoff]."
    )
    race_safety_cost: NonNegative = Field(
        1.0, description="Race game: cost of a round of safety precautions (c) [payoff]."
    )
    race_speedup: float = Field(
        1.5,
        ge=1.0,
        description="Race game: how many times faster a lab develops without safety (s) [x].",
    )
    race_risk: Probability = Field(
        0.5, description="Race game: chance of a disaster that voids an unsafe lab's gains (p_r)."
    )
    race_prize: NonNegative = Field(
        1e4, description="Race game: prize for winning the race (B) [payoff]."
    )
    race_rounds: Positive = Field(
        100.0, description="Race game: rounds to win the race when all are safe (W) [rounds]."
    )
    race_selection: NonNegative = Field(
        0.01,
        description="Race game: selection intensity of imitation (beta; 0 imitates at "
        "random) [1/payoff].",
    )
    race_learning_rate: NonNegative = Field(
        1.0,
        description="Race game: rounds of revision per month, each as many imitation "
        "events as labs [1/month].",
    )
    race_network: Literal["complete", "ring", "star", "barabasi_albert"] = Field(
        "complete", description="Race game: the lab network along which labs compare payoffs."
    )

    @model_validator(mode="after")
    def _careless_fit(self) -> LabsConfig:
        if self.careless > self.count:
            raise ValueError("labs.careless: cannot exceed labs.count")
        return self


class GrowthConfig(Section):
    """Recursive self-improvement: the rule and its parameters (each rule reads its own)."""

    rule: GrowthRuleName = Field("criticality", description="Growth rule of each AGI.")
    rule_mix: dict[GrowthRuleName, NonNegative] = Field(
        default_factory=dict,
        description="Optional weights over rules: each new AGI draws its own rule from them "
        "(empty: every AGI uses `rule`).",
    )
    k: NonNegative = Field(
        0.9, description="criticality: returns on reinvested intelligence (D <- k D)."
    )
    initial_gain: NonNegative = Field(
        0.05,
        description="Gain of an AGI's first RSI iteration, as a share of its starting "
        "intelligence (D_1 = g I_0; g_1 for self-finetuning).",
    )
    iterations_per_month: NonNegative = Field(
        1.0,
        description="RSI iterations an AGI attempts per month (RSI speed); a step gets the "
        "iterations its calendar months hold [1/month].",
    )
    intelligence_cap: float = Field(
        1e12, gt=1.0, le=1e100, description="Saturation level no intelligence passes [I]."
    )
    domain_k: tuple[NonNegative, ...] = Field(
        (0.6, 0.8, 0.9, 1.0, 1.05, 1.1, 1.1),
        description="domain_returns: k in each cognitive domain, lowest first (7 values).",
    )
    threshold: NonNegative = Field(
        1.5, description="domain_returns: intelligence that switches on stronger RSI [I]."
    )
    threshold_boost: NonNegative = Field(
        1.0, description="domain_returns: factor on k above the threshold."
    )
    max_valuable_intelligence: Positive = Field(
        1000.0, description="domain_returns: intelligence above which returns fall [I]."
    )
    k_above_max: NonNegative = Field(
        0.5, description="domain_returns: k above the maximum valuable intelligence."
    )
    fit: Literal["hoffmann2022", "besiroglu2024"] = Field(
        "hoffmann2022", description="scaling_law: Chinchilla fit (Hoffmann 2022 or refit 2024)."
    )
    gamma: Positive = Field(2.0, description="scaling_law: I = ((L_ref - E) / (L - E))^gamma.")
    reference_compute: Positive = Field(
        1e25, description="scaling_law: training compute of a par-human system [FLOP]."
    )
    flop_per_compute_unit: Positive = Field(
        1e22,
        description="scaling_law: FLOP one compute unit trains with per month [FLOP/month].",
    )
    rho: NonNegative = Field(
        0.8, description="self_finetune: gain ratio between successive iterations."
    )
    noise: NonNegative = Field(
        0.1, description="self_finetune and noise: log-normal spread of each gain."
    )
    ceiling: Positive = Field(
        1e12, description="self_finetune: intelligence the rule never passes [I]."
    )
    base_rule: Literal["criticality", "domain_returns", "scaling_law", "self_finetune"] = Field(
        "scaling_law", description="breakthroughs: the rule the jumps overlay."
    )
    breakthrough_rate: NonNegative = Field(
        0.025,
        description="breakthroughs: expected jumps per RSI iteration at I = 1 (lambda_0); "
        "jumps are part of self-improvement, so no iterations, no jumps [1/iteration].",
    )
    breakthrough_exponent: float = Field(1.0, description="breakthroughs: rate rises as I^b.")
    jump_mu: float = Field(
        1.5, description="breakthroughs: mean log of the effective-compute factor of a jump."
    )
    jump_sigma: NonNegative = Field(
        0.5, description="breakthroughs: spread of the log factor of a jump."
    )
    # software_r: Davidson & Houlden (2025), "How quick and big would a software
    # intelligence explosion be?"; defaults are the paper's medians (section "Summary of
    # parameter assumptions") and fixed assumptions (appendix "Additional model assumptions").
    software_speedup: Positive = Field(
        8.0,
        le=1e6,
        description="software_r: initial speed-up f of software progress once research is "
        "automated, over its recent pace (paper median 8, prior 2-32) [x].",
    )
    software_returns: Positive = Field(
        1.2,
        le=100.0,
        description="software_r: returns to software research r_0 at automation: doublings of "
        "software per doubling of cumulative research input (paper median 1.2, prior 0.4-3.6).",
    )
    software_limit_years: Positive = Field(
        11.0,
        le=1000.0,
        description="software_r: distance to effective limits of software (paper median 11, "
        "prior 6-16) [years of AI progress at recent rates].",
    )
    software_parallel: Positive = Field(
        0.3,
        le=10.0,
        description="software_r: diminishing returns to parallel labour p = lambda alpha: "
        "doublings of the pace per instant doubling of labour (paper median 0.3, prior 0.15-0.6).",
    )
    software_labour_share: Annotated[float, Field(gt=0.0, lt=1.0)] = Field(
        0.5,
        description="software_r: weight alpha of cognitive labour (against compute) in the "
        "research input (paper: 0.5).",
    )
    software_rho: Annotated[float, Field(ge=-10.0, lt=1.0)] = Field(
        0.0,
        description="software_r: CES substitution parameter between labour and compute in the "
        "research input; 0 is the paper's Cobb-Douglas, below 0 compute bottlenecks research "
        "(Davidson 2025 finds -0.2 to 0 most likely).",
    )
    software_doubling_months: Positive = Field(
        3.0,
        le=1200.0,
        description="software_r: recent doubling time of software before automation "
        "(paper: 3) [months].",
    )
    software_share: Annotated[float, Field(gt=0.0, lt=1.0)] = Field(
        0.5,
        description="software_r: share of recent AI progress due to software rather than "
        "compute (paper: 0.5).",
    )
    software_constant_r: bool = Field(
        False,
        description="software_r: hold r at r_0 with no effective limits (the published code's "
        "constant-returns variant).",
    )
    software_reference_compute: Positive = Field(
        10.0,
        le=1e30,
        description="software_r: compute for experiments at which the initial speed-up holds; "
        "more or less compute changes research through the CES input [compute units].",
    )

    @field_validator("rule_mix")
    @classmethod
    def _some_weight(cls, value: dict[str, float]) -> dict[str, float]:
        if value and sum(value.values()) <= 0.0:
            raise ValueError("weights must not all be zero")
        return value

    @field_validator("domain_k")
    @classmethod
    def _seven_domains(cls, value: tuple[float, ...]) -> tuple[float, ...]:
        if len(value) != len(DOMAIN_NAMES):
            raise ValueError(f"needs {len(DOMAIN_NAMES)} values, one per domain {DOMAIN_NAMES}")
        return value


class AgisConfig(Section):
    """Proto-AGIs: how many, how strong, how aligned, how they grow."""

    initial_per_lab: int = Field(1, ge=0, description="AGIs each lab starts with [AGIs].")
    initial_intelligence: NonNegative = Field(
        0.4, description="Intelligence of a lab's first AGI (1 = par-human) [I]."
    )
    initial_sigma: NonNegative = Field(
        0.1, description="Log-normal spread of the first AGIs' intelligence."
    )
    new_agi_scaling: NonNegative = Field(
        0.3,
        description="A newly trained AGI starts at initial_intelligence * "
        "(lab compute / starting compute)^this.",
    )
    max_agis: int = Field(200, ge=0, description="Most AGIs that may exist at once [AGIs].")
    misaligned_probability: Probability = Field(
        0.3, description="Chance an AGI trained with no safety spend is misaligned (p_mis)."
    )
    misalignment_exponent: NonNegative = Field(
        1.0, description="Safety lowers misalignment as p_mis (1 - s)^kappa (kappa)."
    )
    myopia: Probability = Field(0.0, description="Myopia: how far it lowers the drive to escape.")
    impact_regularisation: Probability = Field(
        0.0, description="Impact regularisation: how far it slows power accrual when escaped."
    )
    domain_bounds: tuple[Positive, ...] = Field(
        (0.1, 0.5, 0.9, 1.5, 3.0, 30.0),
        description="Lower bounds of the domains above very subhuman, increasing (6 values) [I].",
    )
    growth: GrowthConfig = Field(default_factory=GrowthConfig, description="RSI growth rule.")

    @field_validator("domain_bounds")
    @classmethod
    def _bounds_increase(cls, value: tuple[float, ...]) -> tuple[float, ...]:
        if len(value) != len(DOMAIN_NAMES) - 1:
            raise ValueError(f"needs {len(DOMAIN_NAMES) - 1} increasing values")
        if any(b <= a for a, b in zip(value, value[1:], strict=False)):
            raise ValueError("values must increase")
        return value

    @property
    def superhuman(self) -> float:
        """Lower bound of the superhuman domain [I]."""
        return self.domain_bounds[DOMAIN_NAMES.index("superhuman") - 1]


class ContainmentConfig(Section):
    """Boxes, audits, RSI gating and recapture."""

    box_strength: NonNegative = Field(1.0, description="Base box strength B_0 [I].")
    box_safety_coefficient: NonNegative = Field(
        0.2,
        description="Box strength added per sqrt of cumulative safety spend per person (b).",
    )
    escape_temperature: Positive = Field(
        0.25, description="Softness of the escape logistic in (I - B) (tau) [I]."
    )
    escape_scale: Probability = Field(
        0.2,
        description="Escape chance per month when the system just matches its box [1/month].",
    )
    deployed_box_factor: NonNegative = Field(
        0.5, description="A deployed system's effective box is this share of its lab's box."
    )
    iteration_failure: Probability = Field(
        0.0,
        description="Chance each RSI iteration of a lab-held (boxed or deployed) system fails "
        "its containment (the few-shot world, eps) [1/iteration].",
    )
    audit_rate: Probability = Field(
        0.2, description="Chance per month an AGI is audited (a) [1/month]."
    )
    audit_capacity: NonNegative = Field(
        40.0,
        description="Audits (or RSI approvals) the world's auditors complete per month, in all "
        "[audits/month]: a world total, so it does not grow with the people simulated.",
    )
    auditor_intelligence: Positive = Field(
        1.0, description="Capability of an unaided human auditor [I]."
    )
    gap_penalty: NonNegative = Field(
        1.0, description="How fast detection falls with the capability gap (g) [1/I]."
    )
    on_detection: Literal["shutdown", "rollback"] = Field(
        "shutdown", description="What detection of misalignment does."
    )
    rollback_fraction: Probability = Field(
        0.5, description="Rollback: share of intelligence lost on detection."
    )
    rsi_gating: bool = Field(
        False, description="Each RSI iteration waits for an auditor's approval (an audit)."
    )
    recapture_rate: Probability = Field(
        0.1,
        description="Recapture chance per month when people far outweigh the system (r) [1/month].",
    )
    recapture_scale: Positive = Field(
        0.1, description="Softness of recapture in the power gap, as a share of total power."
    )


class EconomyConfig(Section):
    """Production, wages, compute purchases, transfers and power."""

    agi_productivity: NonNegative = Field(
        0.05,
        description="Output of a deployed AGI at I = 1 (A_agi) [share of all people's output].",
    )
    agi_output_exponent: NonNegative = Field(
        1.0, description="Deployed AGI output rises as I^theta (theta)."
    )
    automation_rate: NonNegative = Field(
        0.5, description="How fast AGI output automates human tasks, per worker-output."
    )
    max_automation: Probability = Field(0.95, description="Share of tasks that can be automated.")
    agi_share: Probability = Field(
        0.2, description="Share of its output a deployed AGI keeps as its own wealth."
    )
    consumption: Probability = Field(
        0.02, description="Share of a person's wealth consumed per month [1/month]."
    )
    transfer_rate: Probability = Field(
        0.01, description="Share of a person's wealth spread over their ties per month [1/month]."
    )
    redistribution: Probability = Field(
        0.0, description="Share of lab AGI revenue paid out equally to people."
    )
    compute_price: Positive = Field(
        0.1, description="Starting price of one compute unit, per person [wealth/person]."
    )
    compute_price_decline: Probability = Field(
        COMPUTE_PRICE_DECLINE,
        description="Fall of the compute price per month (hardware progress) [1/month].",
    )
    compute_depreciation: Probability = Field(
        0.01, description="Share of compute retired per month [1/month]."
    )
    escaped_accrual: NonNegative = Field(
        0.025,
        description="Rate at which an escaped system takes what it reaches, per unit of I "
        "(rho): it takes 1 - exp(-rho I m) of the wealth and compute within its reach in a "
        "step of m months [1/(I month)].",
    )
    escaped_spread: Probability = Field(
        0.005,
        description="Share of all people whose ties an escaped system follows per month, "
        "times sqrt(I), reaching their neighbours [share of people/month].",
    )
    takeover_threshold: Annotated[float, Field(gt=0.0, le=1.0)] = Field(
        0.5, description="Misaligned power share that counts as takeover."
    )
    human_output_growth: Annotated[float, Field(ge=0.0, le=0.1)] = Field(
        HUMAN_OUTPUT_GROWTH,
        description="Growth of people's own output without AGIs (labour-augmenting progress), "
        "a continuous rate: productivity rises by exp(g m) in a step of m months [1/month].",
    )


class OutputConfig(Section):
    """What the agent-level frame records."""

    agent_every: int = Field(1, ge=1, description="Record the agent frame every n steps [steps].")
    human_sample: int = Field(
        20, ge=0, description="People recorded in the agent frame (a fixed sample) [people]."
    )


class Scenario(Section):
    """A whole world: one validated, frozen value."""

    extends: str | None = Field(
        None, description="Built-in scenario name or file this one starts from."
    )
    meta: MetaConfig = Field(default_factory=MetaConfig, description="Name, steps, seed, clock.")
    network: NetworkConfig = Field(default_factory=NetworkConfig, description="Social graph.")
    humans: HumansConfig = Field(default_factory=HumansConfig, description="People.")
    labs: LabsConfig = Field(default_factory=LabsConfig, description="AI labs.")
    agis: AgisConfig = Field(default_factory=AgisConfig, description="Proto-AGIs.")
    containment: ContainmentConfig = Field(
        default_factory=ContainmentConfig, description="Boxes, audits, gating, recapture."
    )
    economy: EconomyConfig = Field(default_factory=EconomyConfig, description="Economy.")
    output: OutputConfig = Field(default_factory=OutputConfig, description="Agent frame.")
    policies: PolicyList = Field(
        (), description="Policy interventions, in order ([[policies]] tables)."
    )
