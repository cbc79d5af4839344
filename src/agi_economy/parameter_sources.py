"""Why each default parameter has its value: the source, or the reason.

Keys are parameter paths as the model document shows them (``agis.growth.k``,
``policies[pause].above``); a key ending in ``*`` covers every path that starts with
the rest of it (brackets are literal), and the longest such key wins.
Notes never repeat a default value (the document takes those from the schema, which
the lead calibrates); they say where a value comes from or why it is a free choice.
A test fails when a parameter has no note, or a note names no parameter.
"""

from __future__ import annotations

_CHOICE = "Modelling choice"
_NUMERIC = "Numerical safeguard, not a behavioural parameter"
_DSAIR = (
    "Han et al. (2020) as the published replication builds it (github.com/PaoloBova/"
    "gh-pages-example @ b419385, gh_pages_example/payoffs.py)"
)
_DH = "Davidson & Houlden (2025, How quick and big would a software intelligence explosion be?)"

SOURCES: dict[str, str] = {
    # ---------------------------------------------------------------- top level, meta
    "extends": "Convenience: a scenario file inherits another's values.",
    "policies": "No intervention by default: the baseline worlds are policy-free, so "
    "policy effects are measured against them.",
    "meta.name": "Label only.",
    "meta.description": "Label only.",
    "meta.steps": "Ten years of monthly steps: the post's horizon of interest is the next "
    "decades, and ten years covers a slow takeoff's first output doublings.",
    "meta.seed": "Reproducibility: a run without a seed draws one and records it, so every "
    "run can be repeated exactly.",
    "meta.months_per_step": "A month resolves Christiano's 1-year doubling window (12 steps) "
    "and lab budgeting cycles; every rate is per month and converted by the clock, so a "
    "longer step changes resolution, not the world.",
    # ---------------------------------------------------------------- network
    "network.kind": "Barabasi and Albert (1999): social and economic contact networks are "
    "heavy-tailed; the other topologies are for sensitivity analysis.",
    "network.ba_m": "Barabasi and Albert (1999); the smallest m that keeps the graph "
    "connected with a realistic mean degree of about 2m.",
    "network.ws_k": "Watts and Strogatz (1998): small-world ring lattice degree.",
    "network.ws_p": "Watts and Strogatz (1998): a rewiring probability in the small-world "
    "regime (short paths, high clustering).",
    "network.er_mean_degree": "Erdos and Renyi (1959); matched to the mean degree of the "
    "Barabasi-Albert default so topologies compare at equal density.",
    "network.path": "No file by default; set with kind = 'file' to use an empirical network.",
    "network.agi_contact_share": f"{_CHOICE}: users and auditors an AGI reaches directly "
    "(2% of people, 20 of the default 1,000); it sets where an escaped system starts taking "
    "wealth, as a share so that worlds of any size agree.",
    # ---------------------------------------------------------------- humans
    "humans.count": "Large enough for stable shares and Gini, small enough for interactive "
    "runs; money is per person, so results do not depend on it (model.py `scale`).",
    "humans.initial_wealth": f"{_CHOICE}: in units of a median worker's output per month; "
    "starts people near the steady state wage / consumption.",
    "humans.wealth_sigma": "Log-normal bulk of wealth and income (Gibrat 1931; Aitchison and "
    "Brown 1957). A log-normal's Gini is 2 Phi(sigma / sqrt 2) - 1; the default gives a "
    "Gini near that of OECD incomes (about 0.3).",
    "humans.productivity_sigma": f"{_CHOICE}: mean-preserving log-normal spread of worker "
    "productivity (exp(sigma eps - sigma^2 / 2)).",
    "humans.auditor_fraction": f"{_CHOICE}: a small professional class, recorded as a "
    "role of the people simulated; the capacity that limits the pace of RSI under gating "
    "is containment.audit_capacity.",
    "humans.regulator_fraction": f"{_CHOICE}: recorded as a role; no process reads it yet.",
    # ---------------------------------------------------------------- labs
    "labs.count": "A few frontier labs, as in the post's multi-lab world; the race world "
    "raises it.",
    "labs.initial_capital": f"{_CHOICE}, calibrated by the lead: per person, so worlds of "
    "any size agree.",
    "labs.initial_compute": f"{_CHOICE}: sets the compute unit; training thresholds and "
    "new AGIs' intelligence are relative to it.",
    "labs.size_sigma": f"{_CHOICE}: labs differ in size (log-normal, mean-preserving), so "
    "there is a leader to race.",
    "labs.funding": f"{_CHOICE}, calibrated by the lead: outside investment keeps labs "
    "training before AGI revenue arrives.",
    "labs.compute_growth": "Unset by default: the built-in worlds' compute grows by what "
    "labs buy. A forecast draws it from the library's compute_growth family (Epoch AI 2024, "
    "The training compute of notable AI models has been doubling roughly every six months, "
    "results table: 4.7x a year, 90% interval 4.3x to 5.2x), as ln 2 / d for a doubling "
    "time of d months (docs/model.md section 6.1).",
    "labs.spend_fraction": f"{_CHOICE}, calibrated by the lead: monthly spending of capital.",
    "labs.safety_fraction": f"{_CHOICE}: a careful lab spends a minority of its budget on "
    "safety; careless labs and safety floors move it.",
    "labs.compliance": f"{_CHOICE}: most labs obey most policies; careless labs do not.",
    "labs.interpretability": f"{_CHOICE}: an even chance to detect misalignment in a system "
    "no smarter than its auditors; the post lists interpretability as a containment tool.",
    "labs.racing_pressure": "Armstrong, Bostrom and Shulman (2016), Racing to the "
    "precipice: teams behind cut safety. Off by default; the race world turns it on.",
    "labs.capability_visible": "Armstrong, Bostrom and Shulman (2016): knowing rivals' "
    "capabilities changes racing; hidden (noisy) by default.",
    "labs.perception_noise": f"{_CHOICE}: log-normal misjudgement of a rival's capability.",
    "labs.careless": "None by default; the careless-lab world adds one (the post: 'some "
    "group that does not care much about safety or is careless').",
    "labs.careless_safety_fraction": "The post's careless group: almost no safety spend.",
    "labs.careless_compliance": "The post's careless group: rarely obeys policy.",
    "labs.training_threshold": f"{_CHOICE}: a new model each doubling of compute, a "
    "stylised training cadence.",
    "labs.training_interval": f"{_CHOICE}, calibrated by the lead: about a year between "
    "frontier trainings at one lab.",
    "labs.deploy_intelligence": f"{_CHOICE}: systems are deployed once useful, well below "
    "par-human.",
    "labs.audits_before_deploy": f"{_CHOICE}: one passed audit before deployment.",
    "labs.safety_choice": "Fixed by default, so the built-in worlds keep their calibrated "
    "safety; the race game is Han, Pereira, Santos and Lenaerts (2020, To regulate or not, "
    "arXiv:1907.12393), switched on per scenario.",
    "labs.race_benefit": f"{_DSAIR}: b, `build_DSAIR` (line 29).",
    "labs.race_safety_cost": f"{_DSAIR}: c, `build_DSAIR` (line 30).",
    "labs.race_speedup": f"{_DSAIR}: inside the swept range of s (1 to 5, `build_DSAIR` "
    "lines 31-33), where with the default risk the world is in the dilemma region "
    "(unsafe wins although all would be better off safe).",
    "labs.race_risk": f"{_DSAIR}: inside the swept range of p = 1 - p_r (0 to 1, `build_DSAIR` "
    "lines 34-36), between the two thresholds at the default speed-up (the dilemma region).",
    "labs.race_prize": f"{_DSAIR}: B, `build_DSAIR` (line 37).",
    "labs.race_rounds": f"{_DSAIR}: W, `build_DSAIR` (line 38).",
    "labs.race_selection": f"{_DSAIR}: beta, `build_DSAIR` (line 45).",
    "labs.race_learning_rate": f"{_CHOICE}: labs review their safety stance about monthly, "
    "as they set budgets; the race papers give no calendar time.",
    "labs.race_network": "Well mixed (complete) as in the race papers' populations; the "
    "other lab networks show what structure adds (docs/model.md section 7.9).",
    # ---------------------------------------------------------------- agis
    "agis.initial_per_lab": "Each lab starts with one proto-AGI (the post's 'proto-AGIs "
    "that we build').",
    "agis.initial_intelligence": "Starts below par-human (I = 1), just under the near-human "
    "band of agis.domain_bounds: the post's question is what happens from here.",
    "agis.initial_sigma": f"{_CHOICE}: labs' first systems differ a little.",
    "agis.new_agi_scaling": f"{_CHOICE}, calibrated by the lead: stronger systems from "
    "more compute, with sublinear returns (the post on scaling).",
    "agis.max_agis": f"{_NUMERIC}: bounds the cost of a step.",
    "agis.misaligned_probability": f"{_CHOICE}: alignment is unsolved, so a system trained "
    "without safety spend is misaligned with substantial chance.",
    "agis.misalignment_exponent": f"{_CHOICE}: safety spend lowers misalignment with "
    "diminishing (kappa = 1: linear) returns.",
    "agis.myopia": "The post lists myopia as a containment strategy; off by default, "
    "switched on by the myopia mandate.",
    "agis.impact_regularisation": "The post lists impact regularisation; off by default, "
    "switched on by its mandate.",
    "agis.domain_bounds": "The cognitive domains named in the post's comments (very "
    "subhuman ... strongly superhuman); 1 = par-human; the post gives no numbers, so the "
    "bounds are a modelling choice (docs/model.md section 10).",
    # ---------------------------------------------------------------- growth
    "agis.growth.rule": "Criticality is the post's central model (Yudkowsky 2013); the "
    "other rules are its listed areas of evidence.",
    "agis.growth.rule_mix": "Empty by default, one rule for every AGI; a mix lets one "
    "world hold systems that improve in different ways (the post's several areas of "
    "evidence at once).",
    "agis.growth.k": "Below 1: the post reads the scaling evidence as k < 1 (a fizzle); the "
    "built-in worlds set their own k.",
    "agis.growth.initial_gain": f"{_CHOICE}: the first iteration's gain relative to the "
    "starting intelligence; with k it sets the fizzle ceiling I_0 + D_0 k / (1 - k).",
    "agis.growth.iterations_per_month": f"{_CHOICE}: one RSI iteration a month; the speed "
    "of RSI is a scenario choice (the post's 'each iteration of RSI').",
    "agis.growth.intelligence_cap": f"{_NUMERIC}: foom must saturate, never overflow "
    "(docs/model.md section 7.1); far above every domain.",
    "agis.growth.domain_k": "The post's footnote and comments: returns differ by domain; "
    "these rise from well below 1 (subhuman) through 1 (par-human) to above 1 "
    "(superhuman), one illustrative shape.",
    "agis.growth.threshold": "The post: scaling 'might cause a model to cross some "
    "capabilities threshold that enable more powerful RSI'; placed at the top of par-human.",
    "agis.growth.threshold_boost": "No boost by default (1 = off); a scenario sets it to "
    "model the threshold hunch.",
    "agis.growth.max_valuable_intelligence": "The post's footnote: 'some maximum valuable "
    "intelligence level' past which returns fall below 1; placed deep in the strongly "
    "superhuman band.",
    "agis.growth.k_above_max": "The post's footnote: above the maximum valuable "
    "intelligence, returns fall below 1.",
    "agis.growth.fit": "Hoffmann et al. (2022), approach 3, the most-cited fit; Besiroglu "
    "et al. (2024) refit selectable.",
    "agis.growth.gamma": f"{_CHOICE}: no accepted mapping from loss to capability exists; "
    "gamma sets the elasticity d ln I / d ln C = gamma alpha beta / (alpha + beta).",
    "agis.growth.reference_compute": "Frontier training runs of 2023-24 used about 1e24 to "
    "1e25 FLOP (Epoch AI, notable models data); par-human is placed at that scale.",
    "agis.growth.flop_per_compute_unit": f"{_CHOICE}: converts the economy's compute units "
    "into training FLOP per month.",
    "agis.growth.rho": "The post's guess (65% confidence) of diminishing returns per "
    "iteration of self-finetuning: rho < 1.",
    "agis.growth.noise": f"{_CHOICE}: moderate log-normal noise on each iteration's gain.",
    "agis.growth.ceiling": f"{_NUMERIC}: no ceiling of its own by default (the cap applies).",
    "agis.growth.base_rule": "The compute-overhang hunch in the post's comments: jumps in "
    "effective compute over scaling-law growth.",
    "agis.growth.breakthrough_rate": f"{_CHOICE}: a breakthrough every few years at "
    "par-human (0.025 per iteration, 0.3 a year at one iteration a month), illustrating the "
    "overhang hunch.",
    "agis.growth.breakthrough_exponent": f"{_CHOICE}: more capable systems find "
    "breakthroughs proportionally faster (b = 1: linear in I).",
    "agis.growth.jump_mu": f"{_CHOICE}: a jump multiplies effective compute several-fold.",
    "agis.growth.jump_sigma": f"{_CHOICE}: jumps vary in size (log-normal).",
    "agis.growth.software_speedup": f"{_DH}, section 'Initial speed-up of software "
    "progress from deploying ASARA': median of the log-uniform prior 2-32.",
    "agis.growth.software_returns": f"{_DH}, section 'Returns to software R&D': median "
    "of the log-uniform prior 0.4-3.6.",
    "agis.growth.software_limit_years": f"{_DH}, section 'Summary of parameter "
    "assumptions': median of the uniform prior 6-16 years of progress.",
    "agis.growth.software_parallel": f"{_DH}, section 'Diminishing returns to parallel "
    "labour': p = lambda alpha = 0.6 * 0.5, median of the log-uniform prior 0.15-0.6.",
    "agis.growth.software_labour_share": f"{_DH}, section 'Diminishing returns to "
    "parallel labour': the share of software progress attributable to cognitive labour.",
    "agis.growth.software_rho": f"{_DH}, section 'Model dynamics': the elasticity of "
    "substitution between labour and compute is 1 (Cobb-Douglas, rho = 0); Davidson (2025), "
    "Will compute bottlenecks prevent a software intelligence explosion?, finds -0.2 to 0 "
    "most likely.",
    "agis.growth.software_doubling_months": f"{_DH}, appendix 'AI software has recently "
    "been doubling every 3 months'.",
    "agis.growth.software_share": f"{_DH}, appendix 'Calculating the summary "
    "statistics': half of recent AI progress is due to software.",
    "agis.growth.software_constant_r": "Off, as in the paper's main results; the published "
    "code's 'Constant Diminishing Returns' option (multiple_sims.py, lines 58-59) when on.",
    "agis.growth.software_reference_compute": f"{_CHOICE}: the default starting compute of "
    "a lab, so an AGI at a default lab's compute starts at the paper's speed-up.",
    # ---------------------------------------------------------------- containment
    "containment.audit_capacity": f"{_CHOICE}: the audits the world's auditors complete "
    "a month (20 auditors at 2 audits each, as in the default world of 1,000 people); a "
    "world total, since the number of AGIs does not grow with the people simulated.",
    "containment.box_strength": "A box holds systems up to about par-human (B in units of "
    "I); the post's premise that boxing can contain near-future proto-AGIs.",
    "containment.box_safety_coefficient": f"{_CHOICE}: safety spend strengthens the box with "
    "diminishing (square-root) returns, B_0 + b sqrt(S_j / H) (docs/model.md section 7.2).",
    "containment.escape_temperature": f"{_CHOICE}: escape becomes likely within a fraction "
    "of a capability unit above the box.",
    "containment.escape_scale": f"{_CHOICE}: monthly escape chance of a misaligned system "
    "that just matches its box.",
    "containment.deployed_box_factor": f"{_CHOICE}: a deployed system is half as contained "
    "as a boxed one.",
    "containment.iteration_failure": "Off by default; the few-shot world sets it: the "
    "post's 'with each iteration of RSI there is some probability that the box will fail'.",
    "containment.audit_rate": f"{_CHOICE}: each system audited about every few months.",
    "containment.auditor_intelligence": "An unaided human expert is par-human, I = 1, "
    "by the definition of the index (docs/model.md section 2).",
    "containment.gap_penalty": f"{_CHOICE}: detection falls by a factor e per unit of "
    "capability the system has over its auditors (the post: a superhuman system can "
    "'outwit any human operators').",
    "containment.on_detection": "Shutdown by default; rollback is the iterative-"
    "development alternative the post discusses.",
    "containment.rollback_fraction": f"{_CHOICE}: a rollback loses half of what was gained "
    "since the last audit.",
    "containment.rsi_gating": "Off by default; the gating policy and the post's comment "
    "('each iteration of RSI is only executed once unboxed by a human') turn it on.",
    "containment.recapture_rate": f"{_CHOICE}: monthly chance of recapture when people "
    "clearly outweigh the system.",
    "containment.recapture_scale": f"{_CHOICE}: softness of recapture in the power gap.",
    # ---------------------------------------------------------------- economy
    "economy.agi_productivity": f"{_CHOICE}: a par-human deployed system produces a few per "
    "cent of all people's output.",
    "economy.agi_output_exponent": f"{_CHOICE}: output proportional to capability (theta = 1).",
    "economy.automation_rate": "Acemoglu and Restrepo (2018), task model: AGI output "
    "displaces human tasks; the rate is a modelling choice.",
    "economy.max_automation": "Acemoglu and Restrepo (2018): some tasks stay human.",
    "economy.agi_share": f"{_CHOICE}, calibrated by the lead: the share of its output a "
    "deployed system keeps (its own power base).",
    "economy.consumption": f"{_CHOICE}, calibrated by the lead: people consume a share of "
    "their wealth each month; steady-state wealth is wage / consumption.",
    "economy.transfer_rate": f"{_CHOICE}: small monthly sharing along social ties.",
    "economy.redistribution": "None by default; the redistribution policy sets it.",
    "economy.compute_price": f"{_CHOICE}, calibrated by the lead: per person, like money.",
    "economy.compute_price_decline": "Hobbhahn and Besiroglu (2022), Trends in GPU "
    "price-performance (Epoch AI), table 1, 'Our dataset (n=470)': FLOP/s per dollar doubles "
    "every 2.46 years (95% interval 2.24 to 2.72); converted to a monthly fall in "
    "agi_economy.trends.",
    "economy.compute_depreciation": f"{_CHOICE}: hardware retired over several years.",
    "economy.escaped_accrual": f"{_CHOICE}: how fast an escaped system converts capability "
    "into power taken from what it reaches: 2.5% of it a month per unit of I, the take of "
    "the earlier per-person rule at 1,000 people and 20 contacts.",
    "economy.escaped_spread": f"{_CHOICE}: an escaped system follows the ties of 0.5% of "
    "people a month (5 of the default 1,000), faster as it grows.",
    "economy.takeover_threshold": "A majority of power: more than everyone else together "
    "(docs/model.md section 7.6).",
    "economy.human_output_growth": "Piketty (2014), Capital in the Twenty-First Century, "
    "table 2.1 (World growth since the Industrial Revolution): world GDP grew 3.0% a year "
    "on average 1913-2012 (1.4% population, 1.6% per capita). People are not added, so "
    "their productivity carries the whole rate; converted to a continuous monthly rate in "
    "agi_economy.trends.",
    # ---------------------------------------------------------------- output
    "output.agent_every": "Every step: the k estimator needs successive steps.",
    "output.human_sample": f"{_NUMERIC}: a fixed sample of people keeps the agent frame small.",
    # ---------------------------------------------------------------- policies
    "policies[*].name": "Names the policy; required.",
    "policies[*].enforcement": "No extra enforcement by default: labs comply by their own "
    "compliance.",
    "policies[*].trigger.*": "Unset by default: a policy is on from the start unless its "
    "trigger says otherwise.",
    "policies[pause].*": "Pauses at par-human by default: the post's point that slow, "
    "contained systems give humanity 'a lot of shots'.",
    "policies[deployment_ban].*": "Bans deployment from par-human by default; set per experiment.",
    "policies[licensing].*": "One licensed lab by default: the strongest form; set per experiment.",
    "policies[myopia_mandate].*": "The post lists myopia; the taxes express that safety "
    "methods cost capability (an alignment tax); illustrative values.",
    "policies[impact_regularisation].*": "The post lists impact regularisation; the taxes "
    "are an alignment tax; illustrative values.",
    "policies[redistribution].*": "Illustrative share; set per experiment.",
    "policies[safety_inspection].*": "An even chance of being found out, illustrative; "
    "the replication sweeps pfo over [0, 1] (`build_DSAIR`, line 39).",
    "policies[*": "Illustrative strength of the intervention; set per experiment.",
}


def source_of(path: str) -> str | None:
    """The note for ``path``: an exact key, else the longest matching ``prefix*`` key."""
    if path in SOURCES:
        return SOURCES[path]
    matches = [k for k in SOURCES if k.endswith("*") and path.startswith(k[:-1])]
    return SOURCES[max(matches, key=len)] if matches else None
