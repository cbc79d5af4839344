"""Every number of a scenario has finite limits, and the model stays finite within them."""

from __future__ import annotations

import math
import warnings
from typing import Any, get_args, get_origin

import pytest
from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel, ValidationError

from agi_economy import simulate
from agi_economy.scenario.policy_schema import POLICIES
from agi_economy.scenario.schema import Scenario
from agi_economy.scenario.trigger_schema import Condition, Trigger

BASES: dict[type, dict[str, Any]] = {
    Condition: {"metric": "max_intelligence", "op": ">", "value": 1.0},
}
"""The least a class needs to validate, where its defaults alone do not."""

SIZES = {
    "meta.steps", "humans.count", "labs.count", "labs.careless", "agis.max_agis",
    "agis.initial_per_lab", "agis.growth.iterations_per_month", "network.er_mean_degree",
    "network.ba_m", "network.ws_k", "output.human_sample",
    "output.agent_every",
}  # fmt: skip
"""Fields whose limit bounds memory or time, not finiteness (checked by their own tests)."""

RULES = (
    "criticality",
    "domain_returns",
    "scaling_law",
    "self_finetune",
    "breakthroughs",
    "software_r",
)


def _numeric(annotation: Any) -> bool:
    args = [a for a in (get_args(annotation) or (annotation,)) if a is not type(None)]
    return any(a in (int, float) for a in args)


def _models() -> list[tuple[str, type[BaseModel]]]:
    """Every schema class with the path of its fields, sections first."""
    found = [(name, f.annotation) for name, f in Scenario.model_fields.items()]
    found = [(n, m) for n, m in found if isinstance(m, type) and issubclass(m, BaseModel)]
    found.append(
        ("agis.growth", Scenario.model_fields["agis"].annotation.model_fields["growth"].annotation)
    )  # noqa: E501
    found += [(f"policies[{name}]", cls) for name, cls in POLICIES.items()]
    return [*found, ("trigger", Trigger), ("trigger.when", Condition)]


def _number_fields() -> list[tuple[str, type[BaseModel], str, Any]]:
    fields = []
    for prefix, model in _models():
        for name, field in model.model_fields.items():
            inner = get_args(field.annotation)
            container = get_origin(field.annotation) in (tuple, dict)
            if _numeric(field.annotation) or (container and _numeric(inner[-1])):
                fields.append((f"{prefix}.{name}", model, name, field))
    return fields


def _with(model: type[BaseModel], name: str, value: Any) -> dict[str, Any]:
    data = dict(BASES.get(model, {}))
    default = model.model_fields[name].get_default(call_default_factory=True)
    if isinstance(default, tuple):
        value = (*default[:-1], value)
    elif isinstance(default, dict):
        value = {"criticality": value}
    data[name] = value
    return data


NUMBER_FIELDS = _number_fields()


@pytest.mark.parametrize(
    ("path", "model", "name", "field"), NUMBER_FIELDS, ids=[f[0] for f in NUMBER_FIELDS]
)
def test_every_number_refuses_nan_inf_and_huge_values(path, model, name, field):
    """NaN, inf and values past any finite limit (1e308, 10**30) are refused for each field."""
    floats = (
        float in get_args(field.annotation)
        or field.annotation is float
        or get_origin(field.annotation) in (tuple, dict)
    )
    values = [math.nan, math.inf, -math.inf, 1e308, -1e308] if floats else [10**30]
    for value in values:
        with pytest.raises(ValidationError) as caught:
            model.model_validate(_with(model, name, value))
        assert name in {str(p) for e in caught.value.errors() for p in e["loc"]} or any(
            name in e["msg"] for e in caught.value.errors()
        ), (path, value)
    if get_origin(field.annotation) not in (tuple, dict):
        high = _limits(field)[1]
        assert high is not None, f"{path} has no upper limit"
        assert high <= 1 or "Limited because" in (field.description or ""), (
            f"{path}: the description does not say why it is limited"
        )


def _limits(field) -> tuple[float | None, float | None]:
    low = high = None
    for item in field.metadata:
        if isinstance(item, Ge):
            low = item.ge if low is None else max(low, item.ge)
        elif isinstance(item, Gt) and low is None:
            low = math.nextafter(item.gt, math.inf)
        elif isinstance(item, Le):
            high = item.le
        elif isinstance(item, Lt):
            high = math.nextafter(item.lt, -math.inf)
    return low, high


def _extremes() -> list[tuple[str, float]]:
    cases = []
    for path, _model, _name, field in NUMBER_FIELDS:
        if path.split(".")[0] not in Scenario.model_fields or path in SIZES:
            continue
        if get_origin(field.annotation) in (tuple, dict) or path == "meta.seed":
            continue
        low, high = _limits(field)
        cases += [(path, v) for v in (low, high) if v is not None]
    return cases


@pytest.mark.parametrize(("path", "value"), _extremes(), ids=str)
def test_each_field_at_its_limits_keeps_every_frame_finite(path, value):
    """A world with one field at its lowest or highest allowed value records finite numbers."""
    field = dict((p, f) for p, _, _, f in NUMBER_FIELDS)[path]
    overrides = {"humans__count": 100, "meta__steps": 60, path.replace(".", "__"): value}
    rule = next((r for r in RULES if (field.description or "").startswith(r)), None)
    if rule is not None:
        overrides["agis__growth__rule"] = rule
    if path in ("humans.auditor_fraction", "humans.regulator_fraction") and value == 1:
        overrides[
            "humans__auditor_fraction" if "regulator" in path else "humans__regulator_fraction"
        ] = 0.0  # noqa: E501
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # an overflow on the way counts too
        result = simulate("foom", seed=1, **overrides)
    for frame in (result.steps, result.agents):
        for column, dtype in frame.schema.items():
            if dtype.is_float():
                assert frame[column].drop_nulls().is_finite().all(), (path, value, column)


def test_two_huge_weights_are_refused_though_each_is_finite():
    """Rule weights of 1e308 each would sum to inf; the limit refuses them."""
    weights = {"criticality": 1e308, "scaling_law": 1e308}
    with pytest.raises(ValidationError, match="rule_mix"):
        Scenario.model_validate({"agis": {"growth": {"rule_mix": weights}}})
