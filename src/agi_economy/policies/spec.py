"""Policies written on the command line: ``audit_mandate:rate=0.5,interpretability=0.8``.

A spec is a policy name, then ``:`` and comma-separated ``key=value`` pairs. Values
are read as TOML (``0.5``, ``true``), else as text. The trigger's keys (``from_month``,
``until_month``, ``when``, ``latch``, ``duration``) may be given flat, as in
``pause:above=2,when=max_intelligence>2,duration=12``; ``+`` joins several policies
into one arm of a comparison (``pause:above=2+audit_mandate``).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from agi_economy.scenario import ScenarioError, parse_value
from agi_economy.scenario.policy_schema import POLICIES, policy_from
from agi_economy.scenario.trigger_schema import Trigger

TRIGGER_KEYS = tuple(Trigger.model_fields)


def _problems(exc: ValidationError) -> list[str]:
    problems = []
    for err in exc.errors():
        path = ".".join(str(p) for p in err["loc"]) or "(policy)"
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown parameter"
        elif "input" in err:
            msg = f"{msg} (got {repr(err['input'])[:60]})"
        problems.append(f"{path}: {msg}")
    return problems


def parse_policy_spec(text: str) -> dict[str, Any]:
    """Parse and validate one policy spec into its scenario table.

    ``parse_policy_spec("audit_mandate:rate=0.5,interpretability=0.8")`` returns
    ``{"name": "audit_mandate", "rate": 0.5, "interpretability": 0.8}``; trigger keys
    go into a nested ``"trigger"`` table.

    Raises:
        ScenarioError: an unknown policy or parameter, a malformed pair or a bad value,
            naming the parameter.
    """
    source = f"policy {text.strip()!r}"
    name, _, rest = text.strip().partition(":")
    name = name.strip()
    if not name:
        raise ScenarioError(source, ["expected NAME[:key=value,...], e.g. pause:above=2"])
    table: dict[str, Any] = {"name": name}
    trigger: dict[str, Any] = {}
    problems = []
    for item in filter(None, (part.strip() for part in rest.split(","))):
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            problems.append(f"{item!r}: expected key=value")
            continue
        target = trigger if key in TRIGGER_KEYS else table
        if key in target:
            problems.append(f"{key}: given twice")
        target[key] = parse_value(value.strip())
    if problems:
        raise ScenarioError(source, problems)
    if trigger:
        table["trigger"] = trigger
    try:
        policy_from(table)
    except ValidationError as exc:
        raise ScenarioError(source, _problems(exc)) from None
    return table


def split_arm(text: str) -> list[str]:
    """Split ``a:x=1+b`` into policy specs, keeping a ``+`` inside a value (``1e+3``)."""
    pieces: list[str] = []
    for piece in text.split("+"):
        head = piece.strip().partition(":")[0].strip()
        if pieces and head not in POLICIES:
            pieces[-1] += "+" + piece
        else:
            pieces.append(piece)
    return [p.strip() for p in pieces]


def parse_arm(text: str) -> list[dict[str, Any]]:
    """Parse an arm of a comparison: ``none`` (no policy) or specs joined by ``+``."""
    if text.strip() == "none":
        return []
    return [parse_policy_spec(spec) for spec in split_arm(text)]
