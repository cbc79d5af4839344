"""Loading scenarios: built-in names, TOML files, ``extends`` chains and dotted overrides.

Scenario files are data. They are parsed with :mod:`tomllib` and validated against
:class:`~agi_economy.scenario.schema.Scenario`; nothing in them is ever executed.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from agi_economy.files import (
    MAX_SCENARIO_BYTES,
    FileRefused,
    builtin_dir,
    builtin_names,
    read_text_bounded,
)
from agi_economy.scenario.bounds import memory_note
from agi_economy.scenario.schema import Scenario

_MAX_EXTENDS_DEPTH = 16
MAX_DEPTH = 64
"""Deepest nesting of tables, arrays and trigger conditions a scenario may have."""
MAX_PROBLEMS = 50
"""Most problems listed for one source; the rest are counted."""
_TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep (tables, arrays or conditions)"


class ScenarioError(ValueError):
    """A scenario, file or override is invalid; ``problems`` lists every problem found."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{source}:\n{lines}" if len(problems) > 1 else f"{source}: {problems[0]}")


def _describe(errors: list[dict[str, Any]], prefix: str = "") -> list[str]:
    problems = []
    for err in errors:
        path = ".".join(str(part) for part in err["loc"]) or "(top level)"
        if prefix:
            path = f"{prefix}.{path}" if err["loc"] else prefix
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown field"
        elif "input" in err and err["type"] not in ("missing",):
            given = repr(err["input"])
            msg = f"{msg} (got {given[:60]})"
            if err["type"] == "less_than_equal":
                msg += memory_note(path, err["input"])
        problems.append(f"{path}: {msg}")
    return problems


def read_toml(path: Path) -> dict[str, Any]:
    """Parse one TOML file, turning syntax errors into a :class:`ScenarioError`."""
    try:
        text = read_text_bounded(path, MAX_SCENARIO_BYTES)
    except FileNotFoundError:
        raise ScenarioError(str(path), ["file not found"]) from None
    except FileRefused as exc:
        raise ScenarioError(str(path), [str(exc)]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(str(path), [f"cannot read file ({exc})"]) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(str(path), [f"not valid TOML: {exc}"]) from None
    except RecursionError:
        raise ScenarioError(str(path), [_TOO_DEEP]) from None
    if _depth(raw) > MAX_DEPTH:  # before merging or overriding, which recurse
        raise ScenarioError(str(path), [_TOO_DEEP])
    return raw


def _resolve_source(name_or_path: str, relative_to: Path | None) -> Path:
    candidate = Path(name_or_path)
    if not candidate.is_absolute() and relative_to is not None:
        candidate = relative_to / candidate  # beside the file, whatever the working folder
    if candidate.suffix == ".toml" or candidate.exists() or "/" in name_or_path:
        return candidate
    builtin = builtin_dir() / f"{name_or_path}.toml"
    if builtin.exists():
        return builtin
    names = ", ".join(builtin_names())
    raise ScenarioError(
        "scenario", [f"unknown scenario {name_or_path!r}: expected a file or one of {names}"]
    )


def deep_merge(base: Mapping[str, Any], update: Mapping[str, Any]) -> dict[str, Any]:
    """Merge ``update`` into a copy of ``base``; tables merge, everything else replaces."""
    merged = dict(base)
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _check_extends(parent: Any, source: str) -> None:
    """Refuse an ``extends`` that is not a non-empty name or path (``""`` would be a folder)."""
    if not isinstance(parent, str) or not parent.strip():
        raise ScenarioError(
            source,
            [
                "extends: expected a built-in scenario name or a path to a TOML file "
                f"(got {parent!r})"
            ],
        )


def _raw_with_extends(path: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    raw = read_toml(path)
    parent = raw.get("extends")
    if parent is None:
        return raw
    _check_extends(parent, str(path))
    try:
        parent_path = _resolve_source(parent, path.parent).resolve()
    except ScenarioError as exc:  # name the file and the field that asked for it
        raise ScenarioError(str(path), [f"extends: {p}" for p in exc.problems]) from None
    if parent_path in seen or parent_path == path.resolve():
        raise ScenarioError(str(path), [f"extends: cycle through {parent!r}"])
    if len(seen) >= _MAX_EXTENDS_DEPTH:
        raise ScenarioError(
            str(path), [f"extends: a chain of more than {_MAX_EXTENDS_DEPTH} files"]
        )
    base = _raw_with_extends(parent_path, (*seen, path.resolve()))
    base.pop("extends", None)
    return deep_merge(base, raw)


def parse_value(text: str) -> Any:
    """Read a command-line value as TOML (``0.8``, ``true``, ``[1, 2]``), else as a string."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def apply_overrides(raw: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Set fields by dotted path (``agis.growth.k``) or double underscores (``agis__growth__k``)."""
    result = deep_merge({}, raw)
    problems = []
    for key, value in overrides.items():
        dotted = key.replace("__", ".")
        parts = dotted.split(".")
        if not all(parts):
            problems.append(f"{dotted}: not a field path")
            continue
        if dotted == "extends":  # resolved before overrides, so it would do nothing
            problems.append("extends: cannot be overridden; name the scenario to start from")
            continue
        node = result
        for depth, part in enumerate(parts[:-1], 1):
            child = node.get(part)
            if child is None:
                child = node[part] = {}
            if not isinstance(child, dict):
                problems.append(f"{dotted}: {'.'.join(parts[:depth])} is a value, not a section")
                break
            node = child
        else:
            node[parts[-1]] = value
    if problems:
        raise ScenarioError("overrides", problems)
    return result


def validate(raw: Mapping[str, Any], source: str = "scenario") -> Scenario:
    """Validate a raw mapping into a :class:`Scenario`, reporting every problem."""
    if _depth(raw) > MAX_DEPTH:
        raise ScenarioError(source, [_TOO_DEEP])
    try:
        return Scenario.model_validate(dict(raw))
    except ValidationError as exc:
        raise ScenarioError(source, capped(_describe(exc.errors()))) from None
    except RecursionError:
        raise ScenarioError(source, [_TOO_DEEP]) from None


def capped(problems: list[str], most: int = MAX_PROBLEMS) -> list[str]:
    """The first ``most`` problems and a count of the rest ("and 2,499,990 more")."""
    if len(problems) <= most:
        return problems
    return [*problems[:most], f"and {len(problems) - most:,} more"]


def _depth(value: Any, limit: int = MAX_DEPTH + 1) -> int:
    """Nesting depth of tables and arrays, counted up to ``limit`` (no recursion)."""
    deepest, frontier = 0, [(value, 0)]
    while frontier:
        node, depth = frontier.pop()
        deepest = max(deepest, depth)
        if deepest >= limit:
            return deepest
        children = node.values() if isinstance(node, Mapping) else node
        if isinstance(node, Mapping | list | tuple):
            frontier.extend((child, depth + 1) for child in children)
    return deepest


def raw_scenario(source: str | Path | Mapping[str, Any] | Scenario) -> tuple[dict[str, Any], str]:
    """The unvalidated mapping of a scenario source, with ``extends`` resolved, and its label."""
    if isinstance(source, Scenario):
        return source.model_dump(mode="python", exclude={"extends"}), source.meta.name
    if isinstance(source, Mapping):
        raw = dict(source)
        if isinstance(raw.get("extends"), str):
            _check_extends(raw["extends"], "scenario")
            parent, _ = raw_scenario(raw["extends"])
            raw = deep_merge(parent, {k: v for k, v in raw.items() if k != "extends"})
        return raw, "scenario"
    path = _resolve_source(str(source), None)
    raw = _raw_with_extends(path)
    raw.pop("extends", None)
    if "meta" not in raw or "name" not in raw.get("meta", {}):
        raw = deep_merge(raw, {"meta": {"name": path.stem}})
    return raw, str(path)


def _policy_tables(policies: Any) -> Any:
    """Policy specs in the command line's form (``"pause:above=1.5"``) as tables."""
    if isinstance(policies, str):
        policies = [policies]
    if not isinstance(policies, list | tuple):
        return policies  # validation names the field and what it expected
    from agi_economy.policies.spec import parse_policy_spec

    return [parse_policy_spec(p) if isinstance(p, str) else p for p in policies]


def load_scenario(
    source: str | Path | Mapping[str, Any] | Scenario = "slow_takeoff", **overrides: Any
) -> Scenario:
    """Load a scenario by built-in name, path, mapping or value, then apply overrides.

    Overrides name fields by dotted path or with double underscores, so
    ``load_scenario("foom", agis__growth__k=1.3)`` sets ``agis.growth.k``. A
    ``policies`` override replaces the scenario's policies; each may be a table or
    the command line's form, ``policies=["pause:above=1.5"]``.

    Raises:
        ScenarioError: (a ``ValueError``) naming the source, each field path and what
            was expected.
    """
    raw, label = raw_scenario(source)
    if "policies" in overrides:
        overrides = {**overrides, "policies": _policy_tables(overrides["policies"])}
    if overrides:
        raw = apply_overrides(raw, overrides)
        label = f"{label} (with overrides)"
    return validate(raw, label)
