"""A published special case opened up: the full world built from the same parameters.

Each reproduction of :mod:`agi_economy.validation.published` runs a built-in scenario
that collapses the simulator to a published model (one lab and one AGI with no
oversight, escape or economy for Davidson & Houlden; a population of labs playing the
race game for Han et al.). Its ``mechanism`` declares which scenario fields are the
published model. Opening the special case up keeps exactly those fields and takes every
other field from the schema's defaults, the world every built-in scenario departs from:
its people on a social network, several labs of unequal size that buy compute and train
new systems, boxes, audits, escape and recapture, and the economy. So the special case
and its full world differ only in the fields the special case set to collapse the world
(:func:`collapsed_fields`), and a difference in their runs is what those add.

The schema defaults, rather than a named world such as ``slow_takeoff``, are the base
because a named world carries calibration of its own (its growth rule, its boxes, its
AGIs' productivity) that would then pass for what "the full world" adds.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from agi_economy.scenario import Scenario, load_scenario
from agi_economy.scenario.loader import validate
from agi_economy.validation.published import REPRODUCTIONS, Reproduction

LABELS = ("meta.name", "meta.description")
"""What a scenario is called: never a mechanism, never a difference of worlds."""


def leaf_paths(model: BaseModel, prefix: str = "") -> tuple[str, ...]:
    """Dotted paths of every value of a scenario (sections are walked, values are leaves)."""
    paths: list[str] = []
    for name in type(model).model_fields:
        value = getattr(model, name)
        path = f"{prefix}{name}"
        if isinstance(value, BaseModel):
            paths += leaf_paths(value, f"{path}.")
        else:
            paths.append(path)
    return tuple(paths)


def value_at(scenario: Scenario, path: str) -> Any:
    """The value of the field ``path`` (dotted) in ``scenario``."""
    value: Any = scenario
    for part in path.split("."):
        if not isinstance(value, BaseModel) or part not in type(value).model_fields:
            raise ValueError(f"mechanism: {path!r} is not a scenario field")
        value = getattr(value, part)
    return value


def open_up(special: Scenario, mechanism: Iterable[str], base: Scenario | None = None) -> Scenario:
    """``base`` (the schema defaults) carrying ``special``'s value of each ``mechanism`` field.

    Pure: the result is validated by the scenario schema like any scenario file, named
    ``<special>_full``, and depends on nothing but the arguments.

    Raises:
        ValueError: a mechanism path that names no field.
        ScenarioError: (a ``ValueError``) the fields kept do not fit the base world.
    """
    base = base if base is not None else Scenario()
    raw = base.model_dump(mode="python", exclude={"extends"})
    kept = tuple(dict.fromkeys(mechanism))
    for path in kept:
        value = value_at(special, path)
        *sections, field = path.split(".")
        node = raw
        for part in sections:
            node = node[part]
        node[field] = value.model_dump(mode="python") if isinstance(value, BaseModel) else value
    name = special.meta.name
    raw["meta"]["name"] = f"{name}_full"
    raw["meta"]["description"] = (
        f"The full world built from the parameters of {name}: the schema's default world "
        f"(people, labs, network, boxes, audits, economy) with {name}'s " + ", ".join(kept) + "."
    )
    return validate(raw, f"full world of {name}")


def collapsed_fields(
    special: Scenario, mechanism: Iterable[str], base: Scenario | None = None
) -> tuple[str, ...]:
    """The fields in which ``special`` departs from ``base`` outside its mechanism.

    These are what make it a special case; its full world has ``base``'s value in each.
    """
    base = base if base is not None else Scenario()
    kept = set(mechanism) | set(LABELS)
    return tuple(
        path
        for path in leaf_paths(special)
        if path not in kept and value_at(special, path) != value_at(base, path)
    )


def reproductions_of(scenario: str) -> tuple[Reproduction, ...]:
    """The reproductions whose special case is the built-in ``scenario`` (none: not one)."""
    return tuple(r for r in REPRODUCTIONS.values() if r.scenario == scenario)


def special_cases() -> tuple[str, ...]:
    """Built-in scenarios that are a published model's special case, in declaration order."""
    return tuple(dict.fromkeys(r.scenario for r in REPRODUCTIONS.values()))


def mechanism_of(scenario: str) -> tuple[str, ...]:
    """Every mechanism field of the reproductions that run ``scenario``, in order."""
    found = reproductions_of(scenario)
    if not found:
        expected = ", ".join(special_cases())
        raise ValueError(f"scenario: {scenario!r} is not a published special case ({expected})")
    return tuple(dict.fromkeys(path for r in found for path in r.mechanism))


def full_world(scenario: str) -> Scenario:
    """The full world built from the parameters of the special case ``scenario``."""
    return open_up(load_scenario(scenario), mechanism_of(scenario))
