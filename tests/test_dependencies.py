"""Every third-party package the code imports is declared in pyproject.toml.

A package that is only installed because something else pulled it in works on a
developer's machine and fails on a fresh one (Typer 0.29 stopped requiring click, so
``import click`` broke the command line of a plain ``pip install .``).
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE = [ROOT / "src" / "agi_economy"]


def _name(requirement: str) -> set[str]:
    """The distributions a requirement line names: ``dask[distributed]`` names both."""
    match = re.match(r"\s*([A-Za-z0-9_.-]+)\s*(?:\[([^\]]*)\])?", requirement)
    assert match, requirement
    names = {match.group(1)}
    names.update(part.strip() for part in (match.group(2) or "").split(",") if part.strip())
    return {_normal(name) for name in names}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> set[str]:
    """Every distribution pyproject.toml asks for, in the base install or an extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        lines.extend(extra)
    return set().union(*(_name(line) for line in lines))


def imported() -> dict[str, set[str]]:
    """Top-level modules imported anywhere in the code, with the files importing them."""
    found: dict[str, set[str]] = {}
    for folder in CODE:
        for path in folder.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    found.setdefault(name.split(".")[0], set()).add(path.name)
    return found


def test_every_imported_package_is_declared():
    """Each import outside the standard library and the project is a declared distribution."""
    own = {"agi_economy"}
    probed = {"bokeh"}  # only tried: Dask's dashboard is served when it is installed
    distributions = importlib.metadata.packages_distributions()
    wanted = declared()
    missing = {}
    for module, files in imported().items():
        if module in sys.stdlib_module_names or module in own | probed:
            continue
        owners = {_normal(d) for d in distributions.get(module, [])} | {_normal(module)}
        if not owners & wanted:
            missing[module] = sorted(files)
    assert missing == {}, f"imported but not declared in pyproject.toml: {missing}"
