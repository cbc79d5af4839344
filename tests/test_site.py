"""The documentation site: it builds strictly, its reference is current, its tutorial runs."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from agi_economy.cli import reference
from tests.tables import column_texts, squash

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
TUTORIAL = DOCS / "tutorial.md"
SMALL = {
    "run": ["--set", "humans.count=100", "--steps", "24"],
    "compare": ["--set", "humans.count=100", "--steps", "24", "-r", "4", "--executor", "serial"],
}
"""Options appended to the tutorial's commands in the test: small worlds, the same lines."""

BOX = set("│┃┏┡└├┌┗┝┠╭╰━─")


def _build(config_dir: Path, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=config_dir,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    """The project's site, built once for the tests that read it: the build and its folder."""
    site = tmp_path_factory.mktemp("built") / "site"
    return _build(ROOT, site), site


def test_site_builds_in_strict_mode(built):
    """`mkdocs build --strict` succeeds: no broken link, anchor or page left out of the nav."""
    proc, site = built
    assert proc.returncode == 0, proc.stderr
    for page in ("index", "tutorial", "reference", "model", "security"):
        assert (site / page / "index.html").is_file() or page == "index"
    assert (site / "index.html").is_file()


def test_site_needs_no_network_and_its_equations_are_mathml(built):
    """No page loads a script, style or font from elsewhere; every formula is MathML.

    The equations were TeX for a script fetched from a CDN and the theme fetched its
    fonts from Google, so offline the formulas showed as raw TeX.
    """
    proc, site = built
    assert proc.returncode == 0, proc.stderr
    remote = re.compile(r"""<(?:script|link|img)\b[^>]*(?:src|href)=["'](?:https?:)?//""")
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not remote.findall(text), (page, remote.findall(text))
        assert "arithmatex" not in text, page
        assert "\\(" not in text, page
    # No formula is left as TeX (above); the model's hundreds of formulas are MathML.
    model = (site / "model" / "index.html").read_text(encoding="utf-8")
    assert model.count("<math ") > 100


def test_strict_build_fails_on_a_broken_link(tmp_path):
    """The strict build is the link check: a link to a missing page makes it fail."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(DOCS, tmp_path / "docs")
    index = tmp_path / "docs" / "index.md"
    index.write_text(index.read_text() + "\nSee [the missing page](missing.md).\n")
    proc = _build(tmp_path, tmp_path / "site")
    assert proc.returncode != 0
    assert "missing.md" in proc.stderr


def test_command_reference_is_current():
    """docs/reference.md is what the command line generates now."""
    assert reference.render() == reference.PATH.read_text(encoding="utf-8"), (
        f"docs/reference.md is stale: run `{reference.REGENERATE}`"
    )


def test_reference_covers_every_command():
    """Each registered command (and subcommand) has its section in the reference."""
    import typer.main

    from agi_economy.cli import app

    text = reference.PATH.read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    names = []
    for name, command in group.commands.items():
        names.append(name)
        names += [f"{name} {sub}" for sub in getattr(command, "commands", {})]
    missing = [n for n in names if f"`agi-economy {n}`" not in text]
    assert not missing


def test_readme_links_the_site_and_its_build_command():
    """The README says how to build the site and links its pages."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "mkdocs build --strict" in readme
    assert "docs/tutorial.md" in readme


# ------------------------------------------------------------------ the tutorial runs


def _blocks(text: str) -> list[tuple[str, str, str]]:
    """Fenced blocks of a page: (language, attributes, body)."""
    fence = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
    return [(m.group(1), m.group(2).strip(), m.group(3)) for m in fence.finditer(text)]


def _sessions(body: str) -> list[tuple[str, list[str]]]:
    """Each ``$ command`` of a console block with the output lines shown under it."""
    sessions: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            sessions.append((line[2:], []))
        elif sessions:
            sessions[-1][1].append(line)
    return sessions


def _plain_lines(lines: list[str]) -> list[str]:
    """Lines outside tables, digits and spacing dropped: what a smaller world prints too."""
    kept = [ln for ln in lines if ln.strip() and ln.strip()[0] not in BOX and ln != "..."]
    return [squash(re.sub(r"\d", "", ln)) for ln in kept]


def _check_output(command: str, shown: list[str], got: str) -> None:
    """The key lines shown are printed: text lines, and each table's first column whole."""
    printed = "".join(_plain_lines(got.splitlines()))  # wrapped anywhere, read whole
    for line in _plain_lines(shown):
        assert line in printed, f"{command}: {line!r} not printed"
    shown_tables = column_texts("\n".join(shown))
    if shown_tables:
        first = column_texts(got)[0]
        excerpt = "..." in shown
        assert first.startswith(shown_tables[0]) if excerpt else first == shown_tables[0], command


def test_tutorial_commands_run_and_print_what_it_shows(tmp_path):
    """Each tutorial command runs (in a small world) with status 0 and prints the lines shown."""
    text = TUTORIAL.read_text(encoding="utf-8")
    ran = 0
    for language, attributes, body in _blocks(text):
        title = re.search(r'title="([^"]+)"', attributes)
        if title:  # a file the reader is asked to save
            (tmp_path / title.group(1)).write_text(body)
        if language == "python":
            code = subprocess.run(
                [sys.executable, "-c", body], cwd=tmp_path, capture_output=True, text=True
            )
            assert code.returncode == 0, code.stderr
        if language != "console":
            continue
        for command, shown in _sessions(body):
            words = shlex.split(command)
            if words[0] != "agi-economy":
                assert words[:2] == ["pip", "install"], command  # the only other command
                continue
            args = [*words[1:], *SMALL.get(words[1], [])]
            proc = subprocess.run(
                [sys.executable, "-m", "agi_economy", *args],
                cwd=tmp_path,
                capture_output=True,
                text=True,
                check=False,
                env={**os.environ, "COLUMNS": "100"},  # the width the page was written at
            )
            assert proc.returncode == 0, f"{command}: {proc.stderr}"
            _check_output(command, shown, proc.stdout)
            ran += 1
    assert ran >= 8


@pytest.mark.parametrize(
    ("shown", "printed", "ok"),
    [
        (["a  seed 7", "┌─┐", "│ x │", "│ y │"], "a  seed 9\n│ x │\n│ y │\n", True),
        (["a  seed 7", "│ x │", "│ y │"], "a  seed 9\n│ x │\n", False),
        (["a  seed 7", "│ x │", "..."], "a  seed 9\n│ x │\n│ y │\n", True),
        (["a  seed 7"], "b  seed 7\n", False),
        (["wrote a, b,", "c"], "wrote a,\nb, c\n", True),
    ],
)
def test_output_check_can_fail(shown, printed, ok):
    """The tutorial check rejects a missing text line or table row, and accepts excerpts."""
    if ok:
        _check_output("cmd", shown, printed)
    else:
        with pytest.raises(AssertionError):
            _check_output("cmd", shown, printed)
