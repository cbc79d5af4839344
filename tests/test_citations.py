"""Shipped text cites only what a user can follow: files in the repository, or sources by name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from agi_economy.cli import main
from agi_economy.validation.references import REFERENCES

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ("src", "docs", "examples", "scenarios", "README.md", "pyproject.toml")
"""What a user of a clone or a wheel reads: code, documents, notebooks, worlds."""

SUFFIXES = {".py", ".md", ".toml", ".ipynb", ".yml", ".yaml", ".txt", ".cfg"}

MISSING = re.compile(r"DESIGN\.md|STYLE\.md|(?<![\w.-])(?:shared|seeds)/|/work/")
"""Files and folders of the simulator's development that are not in the repository."""

POST_URL = (
    "https://www.lesswrong.com/posts/byKF3mnaNRrbkDPWv/"
    "evidence-on-recursive-self-improvement-from-current-ml"
)


def _shipped_files() -> list[Path]:
    files: list[Path] = []
    for name in SHIPPED:
        path = ROOT / name
        if path.is_file():
            files.append(path)
        else:
            files += [p for p in path.rglob("*") if p.is_file() and p.suffix in SUFFIXES]
    return [p for p in files if "__pycache__" not in p.parts and "site" not in p.parts]


def test_no_shipped_text_cites_a_file_outside_the_repository():
    """No code, document, notebook or world names the design notes or a development folder."""
    hits = []
    for path in _shipped_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if MISSING.search(line):
                hits.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}")
    assert not hits, "cite by title and link, or state it in docs/model.md:\n" + "\n".join(hits)


def test_every_markdown_file_named_in_shipped_text_exists():
    """Each ``*.md`` path a shipped text names is a file of the repository."""
    named = set()
    for path in _shipped_files():
        named |= set(re.findall(r"[\w./-]+\.md\b", path.read_text(encoding="utf-8")))
    exists = [ROOT, ROOT / "docs"]
    absent = sorted(n for n in named if not any((where / n).is_file() for where in exists))
    assert not absent, f"shipped text names files the repository lacks: {absent}"


@pytest.mark.parametrize("pattern", [r"DESIGN\.md", r"shared/", r"seeds/"])
def test_the_scan_catches_each_missing_file(tmp_path, pattern):
    """The pattern that scans shipped text matches each way of citing a missing file."""
    examples = {r"DESIGN\.md": "(DESIGN.md section 9)", "shared/": "see shared/notes/x.md"}
    examples["seeds/"] = "read seeds/000.txt"
    assert MISSING.search(examples[pattern])
    assert not MISSING.search("shared out among the auditors; seeds of the replicates")


def test_research_post_is_cited_by_title_and_link():
    """The validation references cite the research post by its title and its address."""
    post = REFERENCES["research post"]
    assert "Evidence on recursive self-improvement from current ML" in post
    assert POST_URL in post


def test_validate_model_sources_all_resolve():
    """Every source a validation case cites has a full reference, and none is a missing file."""
    from agi_economy.validation import cases

    cited = {part for case in cases() for part in case.source.split("; ")}
    assert cited <= set(REFERENCES), f"cited without a reference: {cited - set(REFERENCES)}"
    assert not [key for key in cited if MISSING.search(key + REFERENCES[key])]


def test_validate_model_prints_followable_sources(capsys):
    """`validate-model` lists each source with its reference; none names the design notes."""
    assert main(["validate-model", "--group", "criticality"]) == 0
    out = capsys.readouterr().out
    assert "docs/model.md: The simulator's model description" in " ".join(out.split())
    assert not MISSING.search(out)
