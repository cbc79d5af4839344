"""What a view shows: mode, scenarios, seed, overrides and policies, and its URL form.

A :class:`Settings` value is immutable. The page keeps a draft (what the controls
say) and the applied settings (what the worlds were built with); Reset applies the
draft. The query string carries the applied settings, so a link reopens the view:

    ?mode=two&scenario=slow_takeoff&scenario_b=foom&seed=7&agis.growth.k=1.1&policies=a,b

Keys with a dot set a knob (within its slider's range); ``policies`` lists the policy
names switched on; ``full_world=1`` (two worlds, scenario A a published special case)
puts beside A the full world built from A's parameters in place of scenario B.
Nothing else is read from a link (see :meth:`Settings.from_query`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any
from urllib.parse import parse_qsl, urlencode

from agi_economy.scenario import Scenario, ScenarioError, builtin_names, load_scenario
from agi_economy.validation.opened import full_world, reproductions_of, special_cases

MODES = ("one", "two", "ensemble", "explore")
MODE_LABELS = {"one": "One world", "two": "Two worlds", "ensemble": "Ensemble"}
MODE_LABELS["explore"] = "Explore"  # an exploration's folder, read as its runs come in
DEFAULT_SEED = 42
DEFAULT_REPLICATES = 40
MAX_REPLICATES = 1000  # the Replicates field's own cap
SEED_MAX = 2**63 - 1
ENV_DEFAULTS = "AGI_ECONOMY_VIZ_DEFAULTS"  # JSON the command line hands to the app


@dataclass(frozen=True)
class Knob:
    """A main parameter with a slider: its dotted field path and range."""

    path: str
    label: str
    low: float
    high: float
    step: float
    integer: bool = False

    def value_in(self, cfg: Any) -> float:
        """This knob's value in a validated scenario."""
        value = cfg
        for part in self.path.split("."):
            value = getattr(value, part)
        return value

    def read(self, text: str) -> float | None:
        """The number ``text`` names if it lies on this knob's slider, else None."""
        try:
            number = float(text[:40])
        except ValueError:
            return None
        if not self.low <= number <= self.high:  # also refuses NaN
            return None
        if self.integer:
            return int(number) if number.is_integer() else None
        return number


KNOBS = (
    Knob("agis.growth.k", "Returns on reinvestment k", 0.5, 1.6, 0.01),
    Knob("containment.box_strength", "Box strength", 0.0, 10.0, 0.1),
    Knob("containment.audit_rate", "Audit rate", 0.0, 1.0, 0.01),
    Knob("labs.count", "Number of labs", 1, 10, 1, integer=True),
    Knob("labs.racing_pressure", "Racing pressure", 0.0, 1.0, 0.01),
)


def scenario_names() -> list[str]:
    """Built-in scenario names, ``slow_takeoff`` and ``foom`` first when present."""
    names = builtin_names()
    first = [n for n in ("slow_takeoff", "foom") if n in names]
    return first + [n for n in names if n not in first]


def _default_pair() -> tuple[str, str]:
    names = scenario_names() or ["slow_takeoff"]
    return names[0], names[1] if len(names) > 1 else names[0]


@dataclass(frozen=True)
class Settings:
    """Everything that decides the worlds a view builds."""

    mode: str = "one"
    scenario: str = field(default_factory=lambda: _default_pair()[0])
    scenario_b: str = field(default_factory=lambda: _default_pair()[1])
    seed: int = DEFAULT_SEED
    overrides: tuple[tuple[str, Any], ...] = ()  # sorted (dotted path, value) pairs
    policies: tuple[str, ...] | None = None  # None: each scenario's own policies
    replicates: int = DEFAULT_REPLICATES
    full_world: bool = False  # two worlds: B is the full world built from A's parameters
    ignored: tuple[str, ...] = field(default=(), compare=False)  # URL keys left out

    @property
    def scenarios(self) -> tuple[str, ...]:
        """The scenarios of the worlds this mode steps (one, or two side by side)."""
        return (self.scenario, self.scenario_b) if self.mode == "two" else (self.scenario,)

    @property
    def beside_full_world(self) -> bool:
        """Whether world B is the full world from the parameters of A, a special case."""
        return self.mode == "two" and self.full_world

    def sources(self) -> tuple[tuple[str, str | Scenario], ...]:
        """(scenario whose settings apply, what to build) for each world this mode steps.

        Beside a published special case, world B is built from the full world of
        :func:`agi_economy.validation.opened.full_world`, with A's seed and overrides.
        """
        if self.beside_full_world:
            return ((self.scenario, self.scenario), (self.scenario, full_world(self.scenario)))
        return tuple((name, name) for name in self.scenarios)

    def roles(self) -> tuple[str, ...]:
        """What each world is, for its label: a published special case, its full world, or ''."""
        roles = [special_case_label(n) if is_special_case(n) else "" for n in self.scenarios]
        if self.beside_full_world:
            roles[1] = full_world_label(self.scenario)
        return tuple(roles)

    def override_dict(self) -> dict[str, Any]:
        """Overrides as a mapping, without policies."""
        return dict(self.overrides)

    def with_override(self, path: str, value: Any) -> Settings:
        """A copy with ``path`` set to ``value`` (``None`` removes it)."""
        kept = {k: v for k, v in self.overrides if k != path}
        if value is not None:
            kept[path] = value
        return replace(self, overrides=tuple(sorted(kept.items())))

    def model_kwargs(self, scenario: str) -> dict[str, Any]:
        """Keyword arguments for ``AGIEconomy`` building ``scenario`` under these settings."""
        kwargs: dict[str, Any] = {"seed": self.seed, **self.override_dict()}
        if self.policies is not None:
            kwargs["policies"] = policy_tables(scenario, self.policies, self.override_dict())
        return kwargs

    # ------------------------------------------------------------------ URL

    def to_query(self) -> str:
        """The query string that reopens this view."""
        pairs: list[tuple[str, str]] = [("mode", self.mode), ("scenario", self.scenario)]
        if self.mode == "two":
            pairs.append(("scenario_b", self.scenario_b))
        if self.beside_full_world:
            pairs.append(("full_world", "1"))
        pairs.append(("seed", str(self.seed)))
        if self.mode == "ensemble":
            pairs.append(("replicates", str(self.replicates)))
        pairs += [(k, _toml_value(v)) for k, v in self.overrides]
        if self.policies is not None:
            pairs.append(("policies", ",".join(self.policies)))
        return urlencode(pairs, safe=",")

    @classmethod
    def from_query(cls, search: str | None, base: Settings | None = None) -> Settings:
        """Settings from a query string, starting from ``base`` (defaults if ``None``).

        A link sets only what the controls offer: the mode, built-in scenario names (or
        the files the command line was started with, already in ``base``), the seed,
        the replicates and the knobs within their sliders' ranges, the policies the
        switches offer, and ``full_world`` (``1`` or ``0``) when scenario A is a
        published special case. Anything else is left out and named in ``ignored`` (the page
        shows it), so a link can never make the server read a file, build a world
        larger than the controls allow, or set a field the page does not show.
        """
        s = base or cls()
        names = {*scenario_names(), s.scenario, s.scenario_b}
        knobs = {k.path: k for k in KNOBS}
        offered = set(policy_registry())
        overrides, ignored = dict(s.overrides), []
        for key, value in parse_qsl(search or "", keep_blank_values=True):
            if key == "mode" and value in MODES:
                s = replace(s, mode=value)
            elif key in ("scenario", "scenario_b") and value in names:
                s = replace(s, **{key: value})
            elif key == "seed" and value.isdigit() and len(value) < 20 and int(value) <= SEED_MAX:
                s = replace(s, seed=int(value))
            elif key == "replicates" and value.isdigit() and 0 < int(value[:9]) <= MAX_REPLICATES:
                s = replace(s, replicates=int(value))
            elif key == "policies" and set(value.split(",")) - {""} <= offered:
                s = replace(s, policies=tuple(p for p in value.split(",") if p))
            elif key in knobs and (number := knobs[key].read(value)) is not None:
                overrides[key] = number
            elif key == "full_world" and value in ("0", "1"):
                s = replace(s, full_world=value == "1")
            else:
                ignored.append(key[:40])
        if s.full_world and not is_special_case(s.scenario):
            s = replace(s, full_world=False)  # nothing to open up: B stays scenario B
            ignored.append("full_world")
        return replace(s, overrides=tuple(sorted(overrides.items())), ignored=tuple(ignored))


def is_special_case(scenario: str) -> bool:
    """Whether ``scenario`` is a built-in published special case (it can be opened up)."""
    return scenario in special_cases()


def special_case_label(scenario: str) -> str:
    """``published special case: <paper>; <paper>`` for the reproductions run on ``scenario``."""
    papers = "; ".join(r.citation for r in reproductions_of(scenario))
    return f"published special case: {papers}"


def full_world_label(scenario: str) -> str:
    """What world B is beside the special case ``scenario``."""
    return f"full world built from the parameters of {scenario} (same seed and knobs)"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    return str(value)


def defaults_from_env() -> Settings:
    """The starting settings the command line passed (scenarios, seed, overrides)."""
    raw = os.environ.get(ENV_DEFAULTS)
    if not raw:
        return Settings()
    data = json.loads(raw)
    scenarios = data.get("scenarios") or []
    s = Settings()
    if scenarios:
        s = replace(s, scenario=scenarios[0], mode="two" if len(scenarios) > 1 else "one")
    if len(scenarios) > 1:
        s = replace(s, scenario_b=scenarios[1])
    if data.get("seed") is not None:
        s = replace(s, seed=int(data["seed"]))
    if data.get("explore"):
        s = replace(s, mode="explore")  # the folder itself: viz/explore.py reads it
    if data.get("ensemble"):
        replicates = min(max(int(data["ensemble"]), 1), MAX_REPLICATES)
        s = replace(s, mode="ensemble", replicates=replicates)
    if data.get("full_world") and is_special_case(s.scenario):
        s = replace(s, mode="two", full_world=True)
    overrides = data.get("overrides") or {}
    return replace(s, overrides=tuple(sorted(overrides.items())))


@cache
def scenario_config(scenario: str, overrides_json: str = "{}"):
    """The validated scenario (cached: knobs read their defaults from it every render)."""
    return load_scenario(scenario, **json.loads(overrides_json))


def config_of(scenario: str, overrides: dict[str, Any] | None = None):
    """Validated scenario with overrides, or the :class:`ScenarioError` explaining why not."""
    try:
        return scenario_config(scenario, json.dumps(overrides or {}, sort_keys=True))
    except ScenarioError as exc:
        return exc


# ---------------------------------------------------------------------- policies


def policy_registry() -> dict[str, Any]:
    """Policies the package offers, by name; empty until it exposes a registry.

    The policy library publishes ``agi_economy.policies.POLICIES`` (a mapping from
    name to policy class or spec); the toggles only appear when it exists.
    """
    from agi_economy import policies

    registry = getattr(policies, "POLICIES", None)
    return dict(registry) if isinstance(registry, dict) else {}


def policy_tables(scenario: str, names: tuple[str, ...], overrides: dict[str, Any]) -> list:
    """The ``policies`` override: the scenario's own tables for names kept, bare ones for new."""
    cfg = config_of(scenario, overrides)
    own = {} if isinstance(cfg, Exception) else {_policy_name(p): p for p in cfg.policies}
    return [_policy_table(own[name]) if name in own else {"name": name} for name in names]


def scenario_policy_names(scenario: str) -> tuple[str, ...]:
    """Names of the policies a scenario switches on itself."""
    cfg = config_of(scenario)
    if isinstance(cfg, Exception):
        return ()
    return tuple(name for name in map(_policy_name, cfg.policies) if name)


def _policy_name(policy: Any) -> str | None:
    name = policy.get("name") if isinstance(policy, dict) else getattr(policy, "name", None)
    return str(name) if name else None


def _policy_table(policy: Any) -> dict[str, Any]:
    return dict(policy) if isinstance(policy, dict) else policy.model_dump()
