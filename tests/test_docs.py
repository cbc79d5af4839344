"""The model document covers the code: every schema field documented, tables up to date."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel, Field

from agi_economy import docs
from agi_economy.scenario.schema import Scenario

DOC = Path(__file__).resolve().parents[1] / "docs" / "model.md"
README = Path(__file__).resolve().parents[1] / "README.md"
ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "agi_economy"
HOW = f"run `{docs.REGENERATE}` and commit docs/model.md"
ODD_SECTIONS = (
    "## 1. Purpose and patterns",
    "## 2. Entities, state variables and scales",
    "## 3. Process overview and scheduling",
    "## 4. Design concepts",
    "## 5. Initialisation",
    "## 6. Input data",
    "## 7. Submodels",
    "## 8. Validation",
    "## 9. The research post's claims",
    "## 11. Parameter reference",
)


def test_every_schema_field_has_a_description():
    """Each parameter of the schema, including policies and triggers, has a description."""
    missing = docs.undocumented()
    assert not missing, f"add a description= to these schema fields: {missing}; then {HOW}"


def test_model_document_is_up_to_date():
    """The generated blocks of docs/model.md equal what the schema renders now."""
    text = DOC.read_text(encoding="utf-8")
    assert docs.render_document(text) == text, f"docs/model.md is stale: {HOW}"


def test_every_schema_field_appears_in_the_document():
    """Each parameter path is written in docs/model.md."""
    text = DOC.read_text(encoding="utf-8")
    missing = [p.path for p in docs.schema_params() if f"`{p.path}`" not in text]
    assert not missing, f"docs/model.md lacks {missing}: {HOW}"


def test_every_parameter_has_a_source_or_reason():
    """Each parameter has a note in parameter_sources.py, and no note is orphaned."""
    missing, stale = docs.missing_sources(), docs.stale_sources()
    assert not missing, (
        f"add to SOURCES in src/agi_economy/parameter_sources.py why these defaults have "
        f"their value: {missing}; then {HOW}"
    )
    assert not stale, f"notes in parameter_sources.py for no parameter: {stale}"


def test_prose_names_only_existing_parameters():
    """Every parameter path cited in the hand-written text exists in the schema."""
    unknown = docs.unknown_paths(DOC.read_text(encoding="utf-8"))
    assert not unknown, f"docs/model.md names parameters the schema lacks: {unknown}"


def test_readme_validation_counts_are_the_codes():
    """The README's validation section gives the case total and counts per kind the code has."""
    from agi_economy.validation import cases, counts_line

    every = cases()
    lines = README.read_text(encoding="utf-8").splitlines()
    text = "\n".join(lines)
    how = "copy them from the output of `agi-economy validate-model` into README.md"
    assert counts_line(every) in lines, f"README lacks '{counts_line(every)}': {how}"
    assert f"full table: {len(every)} cases" in text, how
    assert any(line.startswith(f"{len(every)}/{len(every)} cases passed") for line in lines), how


def _defines(paths: list[Path], name: str) -> bool:
    pattern = re.compile(rf"^\s*(def|class) {re.escape(name)}\b", re.M)
    files = [f for p in paths for f in ([p] if p.is_file() else sorted(p.rglob("*.py")))]
    return any(pattern.search(f.read_text(encoding="utf-8")) for f in files)


def test_submodel_headings_name_code_where_it_is():
    """Files a section-7 heading names exist, and each function it names is defined there.

    `module.name` must be defined in module.py; a bare name in one of the heading's files.
    """
    text = DOC.read_text(encoding="utf-8")
    problems = []
    for heading in re.findall(r"^### 7\.\d+ [^(\n]*\(([^)]*)\)", text, re.M):
        refs = re.findall(r"`([^`]+)`", heading)
        files = [PACKAGE / r.rstrip("/") for r in refs if r.endswith((".py", "/"))]
        problems += [f"{f.relative_to(PACKAGE)} does not exist" for f in files if not f.exists()]
        for ref in refs:
            if ref.endswith((".py", "/")):
                continue
            module, _, name = ref.rpartition(".")
            where = [PACKAGE / f"{module.replace('.', '/')}.py"] if module else files
            if not _defines([w for w in where if w.exists()], name.split(".")[0]):
                problems.append(f"{ref}: not defined in {', '.join(str(w.name) for w in where)}")
    assert not problems, problems


def test_package_docstrings_name_files_that_exist():
    """A ``something.py`` that a docstring or comment of the package names is a real file."""
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for ref in re.findall(r"``([\w/]+\.py)``", path.read_text(encoding="utf-8")):
            if not any((base / ref).exists() for base in (path.parent, PACKAGE, ROOT)):
                problems.append(f"{path.relative_to(PACKAGE)} names {ref}")
    assert not problems, problems


def test_document_follows_odd():
    """docs/model.md has the ODD sections, in order."""
    text = DOC.read_text(encoding="utf-8")
    positions = [text.find(heading) for heading in ODD_SECTIONS]
    assert -1 not in positions, [h for h, p in zip(ODD_SECTIONS, positions, strict=True) if p < 0]
    assert positions == sorted(positions)


class _Inner(BaseModel):
    described: float = Field(1.0, ge=0.0, le=1.0, description="A share.")
    bare: int = 3


class _Toy(BaseModel):
    section: _Inner = Field(default_factory=_Inner, description="A section.")
    top: str = Field("x", description="Top [unit].")


def test_a_field_without_description_is_caught():
    """A schema field added without a description (even nested) is reported by path."""
    assert docs.undocumented(_Toy) == ["section.bare"]
    assert "`section.bare`" in docs.render_tables(_Toy)


def test_rendering_reads_defaults_bounds_and_units():
    """Defaults, bounds and bracketed units come from the schema."""
    params = {p.path: p for p in docs.schema_params(_Toy)}
    assert params["section.described"].allowed == "[0, 1]"
    assert params["section.described"].default == "1.0"
    assert (params["top"].unit, params["top"].meaning) == ("unit", "Top.")


def test_every_policy_gets_a_table():
    """Each policy of the library has its own table, even without parameters."""
    from agi_economy.scenario.policy_schema import POLICIES

    keys = {t.key for t in docs.schema_tables()}
    assert {f"policies[{name}]" for name in POLICIES} <= keys


def test_check_mode_reports_a_stale_file(tmp_path):
    """`python -m agi_economy.docs --check` exits 1 on a stale file, 0 once regenerated."""
    stale = tmp_path / "model.md"
    stale.write_text(
        f"intro\n{docs.BEGIN}\nold\n{docs.END}\n{docs.CASES_BEGIN}\n{docs.CASES_END}\n"
    )
    assert docs.main([str(stale), "--check"]) == 1
    assert docs.main([str(stale)]) == 0
    assert docs.main([str(stale), "--check"]) == 0
    assert "`agis.growth.k`" in stale.read_text()


def test_missing_markers_are_an_error(tmp_path):
    """A document without the generated-block markers is rejected with a clear message."""
    with pytest.raises(ValueError, match="BEGIN GENERATED"):
        docs.render_document("no markers here", Scenario)


def test_the_security_page_states_the_size_limits_the_code_enforces():
    """Each size limit docs/security.md lists is the constant the checks use."""
    from agi_economy.experiment.design import MAX_POINTS
    from agi_economy.experiment.runner import MAX_RUNS
    from agi_economy.limits import MAX_STEPS
    from agi_economy.scenario.bounds import MAX_LABS, MAX_PEOPLE

    text = " ".join((ROOT / "docs" / "security.md").read_text().split())
    limits = {
        "people": MAX_PEOPLE,
        "labs": MAX_LABS,
        "steps": MAX_STEPS,
        "runs of an experiment": MAX_RUNS,
        "points of a design": MAX_POINTS,
    }
    for name, limit in limits.items():
        stated = re.search(rf"\b{name} \(([\d,]+)\)", text)
        assert stated, f"docs/security.md gives no limit for {name}"
        assert int(stated.group(1).replace(",", "")) == limit, name
