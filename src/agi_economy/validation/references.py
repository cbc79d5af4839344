"""The sources validation cases cite: short citation -> full reference."""

from __future__ import annotations

REFERENCES: dict[str, str] = {
    "Yudkowsky 2013": "E. Yudkowsky (2013), Intelligence Explosion Microeconomics, MIRI "
    "technical report 2013-1: the fission (criticality) model of reinvested intelligence.",
    "Bostrom 2014": "N. Bostrom (2014), Superintelligence, ch. 4 'The kinetics of an "
    "intelligence explosion': rate of change in intelligence = optimisation power / "
    "recalcitrance; takeoff from human level to superintelligence.",
    "Hoffmann 2022": "J. Hoffmann et al. (2022), Training Compute-Optimal Large Language "
    "Models (Chinchilla), arXiv:2203.15556: parametric fit L = E + A/N^alpha + B/D^beta "
    "(approach 3), Table 2 (exponents a, b), Table 3 (optimal sizes).",
    "Besiroglu 2024": "T. Besiroglu, E. Erdil, M. Barnett, J. You (2024), Chinchilla Scaling: "
    "A replication attempt, arXiv:2404.10102: refit of approach 3 (E = 1.8172, A = 482.01, "
    "B = 2085.43, alpha = 0.3478, beta = 0.3658; a = 0.5126).",
    "Christiano 2018": "P. Christiano (2018), Takeoff speeds, sideways-view.com: a slow "
    "takeoff has a complete 4-year doubling of world output before the first 1-year "
    "doubling.",
    "research post": "'Evidence on recursive self-improvement from current ML' (LessWrong, "
    "https://www.lesswrong.com/posts/byKF3mnaNRrbkDPWv/"
    "evidence-on-recursive-self-improvement-from-current-ml), the post behind this "
    "simulator: the few-shot alignment world, where each RSI iteration may fail the box.",
    "docs/model.md": "The simulator's model description (docs/model.md, ODD protocol), "
    "section 7.1: every growth rule saturates at agis.growth.intelligence_cap; the "
    "scaling-law rule maps loss to capability as I = ((L_ref - E) / (L - E))^gamma.",
    "Student 1908": "W. S. Gosset ('Student', 1908), The probable error of a mean: the "
    "t interval, exact for normal errors.",
    "Davidson & Houlden 2025": "T. Davidson, T. Houlden (2025), How quick and big would a "
    "software intelligence explosion be?, Forethought: results table (section 'Results'); "
    "code github.com/thoulden/Accelerated_AI_Progress, multiple_sims.py at commit edd7318.",
    "Davidson 2025": "T. Davidson (2025), Will compute bottlenecks prevent a software "
    "intelligence explosion?, Forethought research note: CES max speeds (section "
    "'Economist version').",
    "Han et al. 2020 (replication)": "T. A. Han, L. M. Pereira, F. C. Santos, T. Lenaerts "
    "(2020), To regulate or not: a social dynamics analysis of an idealised AI race, JAIR "
    "69 (arXiv:1907.12393); thresholds as its published replication states them, "
    "github.com/PaoloBova/gh-pages-example at commit b419385, gh_pages_example/"
    "conditions.py lines 21-47 and 50-76 (the paper's own text is not in the stored sources).",
    "run summary": "agi_economy.run.summarize, a function of the written frames, against "
    "agi_economy.analysis.pooled_k on the recorded agent frame.",
}
