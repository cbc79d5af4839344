"""The model document's parameter tables, generated from the scenario schema.

``docs/model.md`` is hand-written except for the block between :data:`BEGIN` and
:data:`END`, which this module renders from the pydantic schema: every field of every
section, policy and trigger, with its default, allowed values, unit, meaning (the
field's description) and the source or reason for its value
(:mod:`agi_economy.parameter_sources`). The tests fail when the block is stale, so the
document cannot drift from the code. Regenerate with::

    python -m agi_economy.docs            # rewrite docs/model.md in place
    python -m agi_economy.docs --check    # exit 1 if it is out of date
"""

from __future__ import annotations

import argparse
import re
import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from agi_economy.parameter_sources import source_of
from agi_economy.scenario.schema import Scenario

BEGIN = "<!-- BEGIN GENERATED: parameters (python -m agi_economy.docs) -->"
END = "<!-- END GENERATED: parameters -->"
CASES_BEGIN = "<!-- BEGIN GENERATED: validation cases (python -m agi_economy.docs) -->"
CASES_END = "<!-- END GENERATED: validation cases -->"
DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "model.md"
REGENERATE = "python -m agi_economy.docs"

_UNIT = re.compile(r"\s*\[([^\]]+)\]\.?\s*$")


@dataclass(frozen=True)
class Param:
    """One documented parameter: where it lives and what the schema says of it."""

    path: str
    table: str
    type: str
    default: str
    allowed: str
    unit: str
    meaning: str
    described: bool


@dataclass(frozen=True)
class Table:
    """One table of the document: a section, a policy or a trigger."""

    key: str
    title: str
    params: tuple[Param, ...]


# ------------------------------------------------------------------ reading annotations


def _strip(annotation: Any) -> Any:
    """Drop Annotated and Optional wrappers."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _strip(args[0])
    return annotation


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """Pydantic models an annotation holds, directly or inside containers and unions."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in get_args(annotation):
        for model in _models_in(arg):
            if model not in found:
                found.append(model)
    return found


def _is_container(annotation: Any) -> bool:
    return get_origin(_strip(annotation)) in (tuple, list, dict)


def _type_name(annotation: Any) -> str:
    optional = get_origin(annotation) in (Union, types.UnionType) and type(None) in get_args(
        annotation
    )
    core = _strip(annotation)
    origin = get_origin(core)
    if origin is Literal:
        name = "str"
    elif origin in (tuple, list):
        inner = [a for a in get_args(core) if a is not Ellipsis]
        name = f"list of {_type_name(inner[0])}" if inner else "list"
    elif origin is dict:
        key, value = get_args(core)
        name = f"table of {_type_name(key)} to {_type_name(value)}"
    elif isinstance(core, type):
        name = core.__name__ if not issubclass(core, BaseModel) else "table"
    else:
        name = str(core).replace("typing.", "")
    return f"{name} or none" if optional else name


def _bounds(metadata: list[Any]) -> list[str]:
    parts = []
    for item in metadata:
        if isinstance(item, FieldInfo):
            parts += _bounds(item.metadata)
        elif isinstance(item, Ge):
            parts.append(f">= {item.ge:g}")
        elif isinstance(item, Gt):
            parts.append(f"> {item.gt:g}")
        elif isinstance(item, Le):
            parts.append(f"<= {item.le:g}")
        elif isinstance(item, Lt):
            parts.append(f"< {item.lt:g}")
    return parts


def _allowed(field: FieldInfo) -> str:
    core = _strip(field.annotation)
    if get_origin(core) is Literal:
        return "one of " + ", ".join(f"`{v}`" for v in get_args(core))
    if core is bool:
        return "true, false"
    parts = _bounds(field.metadata)
    if get_origin(core) is dict:
        key, value = get_args(core)
        if get_origin(_strip(key)) is Literal:
            parts.append("keys " + ", ".join(f"`{v}`" for v in get_args(_strip(key))))
        if get_origin(value) is Annotated:
            inner = _bounds(list(get_args(value)[1:]))
            if inner:
                parts.append("values " + " and ".join(inner))
    for arg in get_args(core) if get_origin(core) in (tuple, list) else ():
        if get_origin(arg) is Annotated:
            inner = _bounds(list(get_args(arg)[1:]))
            if inner:
                parts.append("each " + " and ".join(inner))
    if parts == [">= 0", "<= 1"]:
        return "[0, 1]"
    if parts == ["> 0", "<= 1"]:
        return "(0, 1]"
    return " and ".join(parts) if parts else "any"


def _fmt(value: Any) -> str:
    """A default as it would be written in a scenario file (TOML)."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        text = f"{value:g}"
        return text if any(c in text for c in ".en") else f"{text}.0"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_fmt(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_fmt(v)}" for k, v in value.items()) + "}"
    if isinstance(value, BaseModel):
        return "(table)"
    return str(value)


def _default(field: FieldInfo) -> str:
    if field.is_required():
        return "required"
    value = field.get_default(call_default_factory=True)
    if isinstance(value, BaseModel):
        return "(table below)"
    return _fmt(value)


def _split_unit(description: str | None) -> tuple[str, str]:
    text = " ".join((description or "").split())
    match = _UNIT.search(text)
    if match is None:
        return text, ""
    return (text[: match.start()].rstrip() + ".").replace("..", "."), match.group(1)


# ------------------------------------------------------------------ walking the schema


def _policy_name(model: type[BaseModel]) -> str | None:
    field = model.model_fields.get("name")
    if field is not None and get_origin(_strip(field.annotation)) is Literal:
        return str(field.default)
    return None


def _subclasses(model: type[BaseModel]) -> list[type[BaseModel]]:
    found = []
    for sub in model.__subclasses__():
        found.append(sub)
        found += _subclasses(sub)
    return found


def _walk(
    model: type[BaseModel], prefix: str, title: str, seen: tuple[type, ...], skip: set[str]
) -> Iterator[Table]:
    """Tables for ``model`` at ``prefix`` and for every model nested inside it."""
    rows, nested = [], []
    for name, field in model.model_fields.items():
        if name in skip:
            continue
        path = f"{prefix}.{name}" if prefix else name
        models = [m for m in _models_in(field.annotation) if m not in seen]
        if models and not _is_container(field.annotation) and len(models) == 1:
            sub_title = " ".join((field.description or path).split()).rstrip(".")
            nested.append((models[0], path, sub_title, set()))
            continue
        meaning, unit = _split_unit(field.description)
        rows.append(
            Param(
                path=path,
                table=prefix,
                type=_type_name(field.annotation),
                default=_default(field),
                allowed=_allowed(field),
                unit=unit,
                meaning=meaning,
                described=bool(meaning.strip(" .")),
            )
        )
        for sub in models:
            item = f"{path}[*]" if _is_container(field.annotation) else path
            doc = " ".join((sub.__doc__ or sub.__name__).split())
            nested.append((sub, item, f"every entry of `{path}`: {doc}", set()))
            base = set(sub.model_fields)
            for child in _subclasses(sub):
                label = _policy_name(child) or child.__name__
                doc = getattr(child, "description", "") or child.__doc__ or ""
                own = {n for n in child.model_fields if n in base}
                nested.append((child, f"{path}[{label}]", f"policy `{label}`: {doc}", own))
    if rows or skip:  # a policy without parameters of its own still gets its heading
        yield Table(prefix or "(top level)", title, tuple(rows))
    for sub, path, sub_title, sub_skip in nested:
        yield from _walk(sub, path, " ".join(sub_title.split()), (*seen, sub), sub_skip)


def schema_tables(model: type[BaseModel] = Scenario) -> list[Table]:
    """Every table of the parameter reference, in document order."""
    return list(_walk(model, "", "Top level of a scenario file", (model,), set()))


def schema_params(model: type[BaseModel] = Scenario) -> list[Param]:
    """Every documented parameter, in document order."""
    return [p for table in schema_tables(model) for p in table.params]


# ------------------------------------------------------------------ rendering


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_tables(model: type[BaseModel] = Scenario) -> str:
    """The generated block: one Markdown table per section, policy and trigger."""
    out = [
        BEGIN,
        "",
        f"_Generated from the scenario schema by `{REGENERATE}`; do not edit by hand._",
        "",
    ]
    for table in schema_tables(model):
        out += [
            f"#### `{table.key}`: {_cell(table.title)}",
            "",
            "| parameter | default | allowed | unit | meaning | source or reason |",
            "|---|---|---|---|---|---|",
        ]
        if not table.params:
            out.append("| _(no parameters of its own)_ | | | | | |")
        for p in table.params:
            source = source_of(p.path) or "**missing: add to `parameter_sources.py`**"
            cells = [f"`{p.path}`", f"`{p.default}`", p.allowed, p.unit, p.meaning, source]
            out.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        out.append("")
    out.append(END)
    return "\n".join(out)


def render_cases() -> str:
    """The generated list of validation cases: group, case, kind of reference and source."""
    from agi_economy.validation import KINDS, cases, counts_line
    from agi_economy.validation.references import REFERENCES

    out = [
        CASES_BEGIN,
        "",
        f"_Generated from `agi_economy.validation` by `{REGENERATE}`._",
        "",
        "Kinds of reference:",
        "",
        *(f"- **{kind}**: {meaning}." for kind, meaning in KINDS.items()),
        "",
        "| group | case | kind | source |",
        "|---|---|---|---|",
    ]
    every = cases()
    for case in every:
        cells = [case.group, _cell(case.name), case.kind, _cell(case.source)]
        out.append("| " + " | ".join(cells) + " |")
    out += ["", counts_line(every) + "."]
    cited = sorted({part for case in every for part in case.source.split("; ")})
    out += ["", "Sources cited by the cases:", ""]
    out += [f"- **{key}**: {REFERENCES[key]}" for key in cited if key in REFERENCES]
    out += ["", CASES_END]
    return "\n".join(out)


def _replace(text: str, begin: str, end: str, block: str) -> str:
    start, stop = text.find(begin), text.find(end)
    if start < 0 or stop < start:
        raise ValueError(f"model document: needs the lines {begin!r} and {end!r}, in order")
    return text[:start] + block + text[stop + len(end) :]


def render_document(text: str, model: type[BaseModel] = Scenario) -> str:
    """``text`` with its generated blocks (parameters, validation cases) rendered afresh.

    Raises:
        ValueError: a pair of markers is missing or out of order.
    """
    text = _replace(text, BEGIN, END, render_tables(model))
    return _replace(text, CASES_BEGIN, CASES_END, render_cases())


# ------------------------------------------------------------------ checks the tests run


def undocumented(model: type[BaseModel] = Scenario) -> list[str]:
    """Paths of parameters whose schema field has no description."""
    return [p.path for p in schema_params(model) if not p.described]


def missing_sources(model: type[BaseModel] = Scenario) -> list[str]:
    """Paths of parameters with no note in :mod:`agi_economy.parameter_sources`."""
    return [p.path for p in schema_params(model) if source_of(p.path) is None]


def stale_sources(model: type[BaseModel] = Scenario) -> list[str]:
    """Notes in :mod:`agi_economy.parameter_sources` that match no parameter."""
    from agi_economy.parameter_sources import SOURCES

    paths = [p.path for p in schema_params(model)]
    return [
        key
        for key in SOURCES
        if not (key in paths or (key.endswith("*") and any(p.startswith(key[:-1]) for p in paths)))
    ]


_PATH_IN_TEXT = re.compile(r"`([a-z_]+(?:\[[a-z_*]+\])?(?:\.[a-z_]+)+)`")


def unknown_paths(text: str, model: type[BaseModel] = Scenario) -> list[str]:
    """Parameter paths cited in backticks in ``text`` that the schema does not have.

    Only paths starting with a top-level field of the schema count (so `numpy.exp` and
    file names such as `network.py` pass); section names count as known. This catches
    prose that still names a renamed parameter.
    """
    tables = schema_tables(model)
    known = {p.path for t in tables for p in t.params} | {t.key for t in tables}
    sections = set(model.model_fields)
    cited = {m.group(1) for m in _PATH_IN_TEXT.finditer(text)}
    return sorted(
        c
        for c in cited
        if c.split(".")[0].split("[")[0] in sections and c not in known and not c.endswith(".py")
    )


def main(argv: list[str] | None = None) -> int:
    """Rewrite (or with ``--check`` verify) the parameter tables of ``docs/model.md``."""
    parser = argparse.ArgumentParser(prog="python -m agi_economy.docs", description=__doc__)
    parser.add_argument("path", nargs="?", type=Path, default=DOC_PATH)
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = parser.parse_args(argv)
    text = args.path.read_text(encoding="utf-8")
    fresh = render_document(text)
    if args.check:
        stale = fresh != text
        sys.stdout.write(f"{args.path}: {'out of date' if stale else 'up to date'}\n")
        return 1 if stale else 0
    if fresh != text:
        args.path.write_text(fresh, encoding="utf-8")
        sys.stdout.write(f"{args.path}: parameter tables regenerated\n")
    else:
        sys.stdout.write(f"{args.path}: already up to date\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
