"""Finite limits on every number of a scenario, each with the reason for it.

The schema's own constraints say what a value means (a share lies in [0, 1]); the
limits here say how far the model stays finite and a run stays within a machine's
memory. A value past a limit would make a frame overflow to inf or NaN (and a NaN
power share never reaches the takeover threshold, so such a world would silently
never take over), or would need more memory than a run should take.

:class:`Bounded` adds each limit to its field when the schema's classes are built:
pydantic then enforces it with the field's own path in the message, the JSON
schema and the model document show it, and the reason joins the field's
description. NaN and inf are refused for every float.
"""

from __future__ import annotations

import re
from typing import Any, get_args, get_origin

from annotated_types import Ge, Gt, Le
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict

from agi_economy.limits import MAX_STEPS, SEED_MAX

MAX_PEOPLE = 10_000_000
"""Most people in a world: about 0.45 kB each (peak memory of build and three steps:
422 B a person at 1,000,000 people, 232 B at 10,000,000 in 2.2 GiB)."""
MAX_MONTHS = 12_000_000.0
"""Longest calendar span a field may name: 100,000 steps of at most 120 months."""
MAX_LABS = 1_000
"""Most labs: every lab watches every rival each step (a count squared)."""
MAX_I = 1e30
"""Largest intelligence any field may name: I^4 stays below 1e120, far from overflow."""
MAX_WEALTH = 1e9
"""Largest amount of wealth or compute per person or lab a field may start with."""
SIGMA = (5.0, "a log-normal spread above 5 puts draws beyond e^40 times the median")

_SHARE_OF_COUNT = "an integer above the count it is taken from only costs memory"

LIMITS: dict[str, dict[str, tuple[float | None, float, str]]] = {
    "MetaConfig": {
        "steps": (None, MAX_STEPS, "the step frame holds a row per step"),
        "seed": (None, SEED_MAX, "seeds are stored in 64-bit integer columns"),
        "months_per_step": (1e-3, 120.0, "rates per month times the step stay finite"),
    },
    "NetworkConfig": {
        "ba_m": (None, 1000, "ties cost memory per person times this"),
        "ws_k": (None, 1000, "ties cost memory per person times this"),
        "er_mean_degree": (None, 1000.0, "ties cost memory per person times this"),
    },
    "HumansConfig": {
        "count": (None, MAX_PEOPLE, "each person costs about 0.45 kB of memory"),
        "initial_wealth": (None, MAX_WEALTH, "sums of wealth over every person stay finite"),
        "wealth_sigma": (None, *SIGMA),
        "productivity_sigma": (None, *SIGMA),
    },
    "LabsConfig": {
        "count": (None, MAX_LABS, "each lab compares itself with every rival each step"),
        "initial_capital": (None, MAX_WEALTH, "sums of capital stay finite"),
        "initial_compute": (None, MAX_WEALTH, "compute ratios raised to powers stay finite"),
        "size_sigma": (None, *SIGMA),
        "funding": (None, 1e6, "capital grows by at most this a step and stays finite"),
        "compute_growth": (
            None,
            3.0,
            "compute grows by at most e^(3 m) a step, e^360 over ten years",
        ),
        "perception_noise": (None, *SIGMA),
        "careless": (None, MAX_LABS, _SHARE_OF_COUNT),
        "training_threshold": (None, 1e12, "a larger multiple is never reached"),
        "training_interval": (None, MAX_MONTHS, "a longer interval than any run is never reached"),
        "deploy_intelligence": (None, MAX_I, "no intelligence passes the largest cap"),
        "audits_before_deploy": (None, 1e6, "more audits than any run holds are never passed"),
        "race_benefit": (None, 1e12, "race payoffs and their gaps stay finite"),
        "race_safety_cost": (None, 1e12, "race payoffs and their gaps stay finite"),
        "race_speedup": (None, 1e6, "the unsafe share of the prize, s B / W, stays finite"),
        "race_prize": (None, 1e15, "race payoffs and their gaps stay finite"),
        "race_rounds": (1e-6, 1e12, "the prize per round, B / W, stays finite"),
        "race_selection": (None, 1e6, "beyond it imitation of the better-paid is sure anyway"),
        "race_learning_rate": (None, 100.0, "each round of revision costs time per lab"),
    },
    "GrowthConfig": {
        "rule_mix": (None, 1e6, "each weight; the sum of the weights stays finite"),
        "k": (None, 100.0, "D <- k D stays finite over every iteration of a run"),
        "initial_gain": (None, 1e3, "the first gain stays far from overflow"),
        "iterations_per_month": (None, 100.0, "each iteration of a step costs time"),
        "intelligence_cap": (None, 1e100, "I^theta and I^b (both at most 2) stay finite below it"),
        "domain_k": (None, 100.0, "each k; D <- k D stays finite"),
        "threshold": (None, MAX_I, "no intelligence passes the largest cap"),
        "threshold_boost": (None, 100.0, "k times the boost stays a finite growth factor"),
        "max_valuable_intelligence": (1e-6, MAX_I, "returns fall within the cap's range"),
        "k_above_max": (None, 100.0, "D <- k D stays finite"),
        "gamma": (1e-3, 10.0, "the loss ratio raised to gamma stays finite"),
        "reference_compute": (1.0, 1e40, "compute ratios stay within floating point"),
        "flop_per_compute_unit": (1.0, 1e40, "compute ratios stay within floating point"),
        "rho": (None, 100.0, "successive gains stay finite"),
        "noise": (None, *SIGMA),
        "ceiling": (1e-6, 1e100, "I^theta and I^b (both at most 2) stay finite below it"),
        "breakthrough_rate": (None, 1e3, "the expected jumps of a step stay countable"),
        "breakthrough_exponent": (-2.0, 2.0, "I^b stays finite for I up to the largest cap"),
        "jump_mu": (-50.0, 50.0, "a jump's factor e^mu stays finite"),
        "jump_sigma": (None, *SIGMA),
        "software_speedup": (1e-3, 1e6, "the pace of software progress stays finite"),
        "software_returns": (1e-3, 100.0, "doublings per doubling of input stay finite"),
        "software_limit_years": (1e-3, 1000.0, "the distance to the limits stays finite"),
        "software_parallel": (1e-3, 10.0, "labour raised to this stays finite"),
        "software_doubling_months": (1e-3, 1200.0, "the recent pace stays a finite rate"),
        "software_reference_compute": (1e-12, 1e40, "compute ratios stay within floating point"),
        "software_share": (1e-3, 0.999, "progress divided by the share stays finite"),
    },
    "AgisConfig": {
        "initial_per_lab": (None, 1000, "each AGI costs memory and time per step"),
        "initial_intelligence": (None, MAX_I, "no intelligence passes the largest cap"),
        "initial_sigma": (None, *SIGMA),
        "new_agi_scaling": (None, 3.0, "compute ratios raised to this stay finite"),
        "max_agis": (None, 100_000, "each AGI costs memory and time per step"),
        "misalignment_exponent": (None, 1e3, "(1 - s)^kappa is then as good as 0 anyway"),
        "domain_bounds": (None, MAX_I, "each bound; no intelligence passes the largest cap"),
    },
    "ContainmentConfig": {
        "box_strength": (None, MAX_I, "no intelligence passes the largest cap"),
        "box_safety_coefficient": (None, 1e6, "box strength stays finite"),
        "escape_temperature": (1e-6, MAX_I, "(I - B) / tau stays finite"),
        "deployed_box_factor": (None, 1e3, "box strength stays finite"),
        "auditor_intelligence": (1e-6, MAX_I, "capability gaps stay finite"),
        "gap_penalty": (None, 1e6, "detection stays a number between 0 and 1"),
        "recapture_scale": (1e-6, 1e6, "power gaps over the scale stay finite"),
        "audit_capacity": (None, 1e9, "audit counts stay exact in floating point"),
    },
    "EconomyConfig": {
        "agi_productivity": (None, 1e6, "output sums stay finite"),
        "agi_output_exponent": (None, 2.0, "I^theta stays below 1e200 up to the largest cap"),
        "automation_rate": (None, 1e6, "the automated share stays a finite number"),
        "compute_price": (1e-12, 1e12, "compute bought for a budget stays finite"),
        "escaped_accrual": (None, 1e6, "what an escaped system takes stays finite"),
    },
    "OutputConfig": {
        "agent_every": (None, MAX_STEPS, "a longer interval than any run records nothing"),
        "human_sample": (None, MAX_PEOPLE, _SHARE_OF_COUNT),
    },
    "ComputeCap": {"cap": (None, 1e30, "compute stays finite")},
    "BoxStandard": {"strength": (None, MAX_I, "no intelligence passes the largest cap")},
    "Pause": {"above": (None, MAX_I, "no intelligence passes the largest cap")},
    "DeploymentBan": {"above": (None, MAX_I, "no intelligence passes the largest cap")},
    "Licensing": {"max_labs": (None, MAX_LABS, _SHARE_OF_COUNT)},
    "Trigger": {
        "from_month": (None, MAX_MONTHS, "no run is longer"),
        "until_month": (None, MAX_MONTHS, "no run is longer"),
        "duration": (None, MAX_MONTHS, "no run is longer"),
    },
    "Condition": {"value": (-1e300, 1e300, "a comparison with a finite number")},
}
"""Per schema class and field: (lowest or None, highest, why); containers bound each item."""

SIZE_BYTES: dict[str, tuple[int, str]] = {
    "humans.count": (450, "people"),
    "labs.count": (5000, "labs"),
    "meta.steps": (5000, "steps"),
    "agis.max_agis": (2000, "AGIs"),
    "agis.initial_per_lab": (2000, "AGIs per lab"),
}
"""Memory one unit of a size field costs (peak memory per person measured at 1,000,000
people and per lab at 1,000 labs; steps and AGIs from the rows they add)."""


def memory_note(path: str, value: Any) -> str:
    """What a size past its limit would need, e.g. "1,000,000,000 people: about 419 GB"."""
    if path not in SIZE_BYTES or not isinstance(value, int | float) or isinstance(value, bool):
        return ""
    each, unit = SIZE_BYTES[path]
    return f"; {value:,.0f} {unit} would need about {value * each / 2**30:,.1f} GB of memory"


_UNIT = re.compile(r"\s*\[([^\]]+)\]\.?\s*$")


def _each_within(low: float | None, high: float):
    def check(value: Any) -> Any:
        items = value.values() if isinstance(value, dict) else value
        for item in items:
            if item > high or (low is not None and item < low):
                shown = f"between {low:g} and {high:g}" if low is not None else f"<= {high:g}"
                raise ValueError(f"every value must be {shown} (got {item!r})")
        return value

    return check


def _with_reason(description: str | None, reason: str) -> str:
    text = description or ""
    match = _UNIT.search(text)
    body, unit = (text[: match.start()], f" [{match.group(1)}].") if match else (text, "")
    body = body.rstrip()
    if body and not body.endswith("."):
        body += "."
    return f"{body} Limited because {reason}.{unit}".strip()


def apply_limits(cls: type[BaseModel]) -> bool:
    """Add the limits of ``cls``'s own fields to them; True if any was added."""
    limits = LIMITS.get(cls.__name__, {})
    own = cls.__dict__.get("__annotations__", {})
    for name, (low, high, reason) in limits.items():
        if name not in own:
            if name in cls.model_fields:
                continue  # inherited: added where it is declared
            raise TypeError(f"limit given for {cls.__name__}.{name}, which is not a field")
        field = cls.model_fields[name]
        if get_origin(field.annotation) in (tuple, dict):  # a limit on each item
            field.metadata.append(AfterValidator(_each_within(low, high)))
        else:
            if low is not None:  # the limit replaces a weaker lower bound (> 0, >= 0)
                weaker = [m for m in field.metadata if isinstance(m, Gt | Ge)]
                field.metadata[:] = [m for m in field.metadata if m not in weaker]
                field.metadata.append(Ge(low))
            tighter = [m.le for m in field.metadata if isinstance(m, Le)]
            field.metadata[:] = [m for m in field.metadata if not isinstance(m, Le)]
            field.metadata.append(Le(min([high, *tighter])))  # one upper bound, the lower
        field.description = _with_reason(field.description, reason)
    return bool(limits) and any(n in own for n in limits)


def _printable(value: Any) -> Any:
    if isinstance(value, str) and not all(c.isprintable() or c in "\n\t" for c in value):
        raise ValueError("expected printable text (no control characters or escapes)")
    return value


def _not_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("expected an integer, not true or false")
    return value


def guard_kinds(cls: type[BaseModel]) -> bool:
    """Text fields take printable text only; integer fields refuse true and false.

    A name with escape sequences would reach the terminal raw (and could retitle the
    window or clear the screen); ``true`` would silently count as 1.
    """
    own = cls.__dict__.get("__annotations__", {})
    changed = False
    for name in own:
        field = cls.model_fields.get(name)
        if field is None:
            continue
        kinds = set(get_args(field.annotation) or (field.annotation,)) - {type(None)}
        if kinds == {str}:
            field.metadata.append(AfterValidator(_printable))
            changed = True
        elif kinds == {int}:
            field.metadata.append(BeforeValidator(_not_bool))  # outermost: runs first
            changed = True
    return changed


class Bounded(BaseModel):
    """Base of the schema's classes: floats are finite and every limit is applied."""

    model_config = ConfigDict(allow_inf_nan=False)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """Apply the class's limits once pydantic has built its fields."""
        super().__pydantic_init_subclass__(**kwargs)
        if apply_limits(cls) | guard_kinds(cls):
            cls.model_rebuild(force=True)
