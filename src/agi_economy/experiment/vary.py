"""Parameters a sweep varies: ``key.path=low:high``, ``key.path=low:high:log`` or levels.

A path names a scenario field (``agis.growth.k``) or a parameter of one of the
scenario's policies (``policies.0.above``). Integer fields take rounded values; a
``:log`` range is sampled uniformly in the logarithm. ``key.path=a,b,c`` lists the
levels of a grid explicitly; ``key.path=a@2,b@1`` (or ``a:2,b:1``) weights them, so a
sampled design (lhs, sobol) draws ``a`` twice as often as ``b`` (a grid runs each level
once). With
``agis.growth.rule=criticality@1,domain_returns@1,software_r@1`` the form of the
returns becomes a dimension of the uncertainty, not only their size.
"""

from __future__ import annotations

import copy
import math
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from pydantic import BaseModel

from agi_economy.scenario import Scenario, ScenarioError, parse_value
from agi_economy.scenario.policy_schema import POLICIES


@dataclass(frozen=True)
class Vary:
    """One varied parameter: a range (or explicit levels) and whether it is an integer."""

    path: str
    low: float
    high: float
    log: bool = False
    integer: bool = False
    levels: tuple[float, ...] | None = None
    weights: tuple[float, ...] | None = None

    def from_unit(self, u: float) -> float | int:
        """The value at position ``u`` in [0, 1] of the range."""
        if self.levels is not None and self.weights is not None:
            edges = np.cumsum(self.weights) / sum(self.weights)
            u = min(u, math.nextafter(1.0, 0.0))  # u = 1 belongs to the last weighted level
            index = min(int(np.searchsorted(edges, u, side="right")), len(self.levels) - 1)
            return self.levels[index]
        if self.levels is not None:
            index = min(int(u * len(self.levels)), len(self.levels) - 1)
            return self.levels[index]
        if self.integer and not self.log:  # every integer in [low, high] equally likely
            return int(min(self.high, math.floor(self.low + u * (self.high - self.low + 1))))
        if self.log:
            value = math.exp(math.log(self.low) + u * (math.log(self.high) - math.log(self.low)))
        else:
            value = self.low + u * (self.high - self.low)
        return int(round(value)) if self.integer else float(value)

    def as_dict(self) -> dict[str, Any]:
        """The spec as plain data (for the manifest)."""
        spec = {
            "path": self.path,
            "low": self.low,
            "high": self.high,
            "log": self.log,
            "integer": self.integer,
            "levels": list(self.levels) if self.levels is not None else None,
        }
        if self.weights is not None:  # absent otherwise, so earlier manifests still match
            spec["weights"] = list(self.weights)
        return spec


def _field_type(model: type[BaseModel], parts: Sequence[str], path: str) -> Any:
    """The annotation of the field at ``parts`` below ``model``."""
    for i, part in enumerate(parts):
        fields = model.model_fields
        if part not in fields:
            where = ".".join(parts[:i]) or "the scenario"
            raise ScenarioError("--vary", [f"{path}: {where} has no field {part!r}"])
        annotation = fields[part].annotation
        if i == len(parts) - 1:
            return annotation
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            raise ScenarioError("--vary", [f"{path}: {part!r} is not a section"])
        model = annotation
    raise ScenarioError("--vary", [f"{path}: not a field path"])


def _kind(annotation: Any) -> str:
    """``int``, ``float`` or ``other`` for a field annotation (optional types unwrapped)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = args[0] if len(args) == 1 else annotation
    if annotation is int:
        return "int"
    return "float" if annotation is float else "other"


def field_kind(path: str, scenario: Scenario) -> str:
    """Whether the field at ``path`` holds an ``int``, a ``float`` or ``other`` values."""
    parts = path.split(".")
    if parts[0] == "policies":
        if len(parts) != 3 or not parts[1].isdigit():
            raise ScenarioError("--vary", [f"{path}: expected policies.<index>.<parameter>"])
        index = int(parts[1])
        if index >= len(scenario.policies):
            raise ScenarioError(
                "--vary", [f"{path}: the scenario has {len(scenario.policies)} policies"]
            )
        return _kind(_field_type(POLICIES[scenario.policies[index].name], parts[2:], path))
    return _kind(_field_type(Scenario, parts, path))


def parse_vary(text: str, scenario: Scenario) -> Vary:
    """Read one ``--vary`` item against the scenario it will vary.

    Raises:
        ScenarioError: a malformed item, an unknown field or a range it cannot take.
    """
    path, sep, spec = text.partition("=")
    path, spec = path.strip().replace("__", "."), spec.strip()
    if not sep or not path or not spec:
        raise ScenarioError("--vary", [f"{text!r}: expected key.path=low:high"])
    kind = field_kind(path, scenario)
    if "," in spec:
        items = [v.strip() for v in spec.split(",") if v.strip()]
        if all(":" in v and "@" not in v for v in items):  # a:0.5,b:0.5 is a@0.5,b@0.5
            items = [v.replace(":", "@", 1) for v in items]
        weights = _weights(text, items)
        levels = tuple(parse_value(v.partition("@")[0].strip()) for v in items)
        numeric = [v for v in levels if isinstance(v, int | float) and not isinstance(v, bool)]
        low, high = (min(numeric), max(numeric)) if len(numeric) == len(levels) else (0.0, 0.0)
        return Vary(
            path, float(low), float(high), integer=kind == "int", levels=levels, weights=weights
        )
    if kind == "other":
        raise ScenarioError(
            "--vary", [f"{path}: not a number; list its values instead, e.g. {path}=a,b"]
        )
    parts = spec.split(":")
    log = len(parts) == 3 and parts[2].strip() == "log"
    if len(parts) != 2 and not log:
        raise ScenarioError("--vary", [f"{text!r}: expected low:high or low:high:log"])
    try:
        low, high = float(parts[0]), float(parts[1])
    except ValueError:
        raise ScenarioError("--vary", [f"{text!r}: low and high must be numbers"]) from None
    if not (math.isfinite(low) and math.isfinite(high)) or high < low:
        raise ScenarioError("--vary", [f"{text!r}: expected finite low <= high"])
    if log and low <= 0:
        raise ScenarioError("--vary", [f"{text!r}: a log range needs low > 0"])
    return Vary(path, low, high, log=log, integer=kind == "int")


def _weights(text: str, items: Sequence[str]) -> tuple[float, ...] | None:
    """The weights of ``level@weight`` items: all weighted or none, non-negative, not all 0."""
    weighted = ["@" in item for item in items]
    if not any(weighted):
        return None
    if not all(weighted):
        raise ScenarioError("--vary", [f"{text!r}: give every level a weight (a@2,b@1) or none"])
    try:
        weights = tuple(float(item.partition("@")[2]) for item in items)
    except ValueError:
        raise ScenarioError("--vary", [f"{text!r}: a weight after @ must be a number"]) from None
    if not all(math.isfinite(w) and w >= 0.0 for w in weights) or sum(weights) <= 0.0:
        raise ScenarioError("--vary", [f"{text!r}: weights must be >= 0 and not all zero"])
    return weights


def set_path(raw: Mapping[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of a scenario mapping with the field at ``path`` set (list indices allowed)."""
    result = copy.deepcopy(dict(raw))
    node: Any = result
    parts = path.split(".")
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
    if isinstance(node, list):
        node[int(parts[-1])] = value
    else:
        node[parts[-1]] = value
    return result
