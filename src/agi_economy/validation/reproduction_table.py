"""The README's table of reproductions, generated from :mod:`agi_economy.validation.published`.

``agi-economy reproduce --write README.md`` runs every reproduction and rewrites the
block between :data:`BEGIN` and :data:`END`; a test checks the README against a fresh
run, so the table is never typed by hand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from agi_economy.generated import GeneratedBlock
from agi_economy.validation.published import REPRODUCTIONS, Figure

BEGIN = "<!-- BEGIN GENERATED: reproductions (agi-economy reproduce --write README.md) -->"
END = "<!-- END GENERATED: reproductions -->"


def markdown_table(results: Mapping[str, Sequence[Figure]], draws: int, seed: int) -> str:
    """Every figure of every reproduction: the paper's, ours, the tolerance and the source."""
    lines = [
        "| reproduction | figure | paper | ours | tolerance | pass | source |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, figures in results.items():
        for i, f in enumerate(figures):
            label = f"`{name}`: {REPRODUCTIONS[name].title}" if i == 0 else ""
            mark = "yes" if f.passed else "**no**"
            cells = (label, f.name, f"{f.paper:.4g}", f"{f.ours:.4g}", f"±{f.tolerance:g}")
            lines.append("| " + " | ".join((*cells, mark, f.source)) + " |")
    lines.append("")
    lines.append(f"Monte Carlo reproductions: {draws} Latin-hypercube draws, seed {seed}.")
    return "\n".join(lines)


_BLOCK = GeneratedBlock(BEGIN, END, "reproductions")
replace_block = _BLOCK.replace
read_block = _BLOCK.read
