"""When a policy is on: a window in calendar months, and a declarative language of conditions.

A condition is data, never code. It is a comparison of one named measure of the
model's state with a number (``max_intelligence > 2``), or ``all`` / ``any`` of
conditions. In a scenario file either form works::

    [policies.trigger]
    when = "max_intelligence > 2 and escapes == 0"
    # or: when = { any = [ { metric = "escapes", op = ">", value = 0 },
    #                      { metric = "misaligned_power_share", op = ">", value = 0.1 } ] }

The text form is read by a tiny parser (``and`` binds tighter than ``or``, no
brackets: use the table form to nest) into the table form, which is what the
validated scenario holds. The measures are listed in :data:`METRICS`.
"""

from __future__ import annotations

import math
import re
from typing import Any, Literal

from pydantic import ConfigDict, Field, model_validator

from agi_economy.scenario.bounds import Bounded

METRICS: dict[str, str] = {
    "step": "The step the policy would govern (the first step is 1) [steps].",
    "year": "Calendar time at the start of the step the policy would govern [years].",
    "max_intelligence": "Highest intelligence of any AGI not shut down [I].",
    "max_controlled_intelligence": "Highest intelligence of any boxed or deployed AGI [I].",
    "mean_intelligence": "Mean intelligence of the AGIs not shut down [I].",
    "n_agis": "AGIs not shut down [AGIs].",
    "n_deployed": "Deployed AGIs [AGIs].",
    "n_escaped": "AGIs escaped now [AGIs].",
    "escapes": "Escapes so far [escapes].",
    "detections": "Detections of misalignment by audit so far [detections].",
    "shutdowns": "Shutdowns so far [shutdowns].",
    "misaligned_power_share": "Share of power held by misaligned AGIs.",
    "aligned_agi_power_share": "Share of power held by aligned AGIs.",
    "human_power_share": "Share of power held by people.",
    "lab_power_share": "Share of power held by labs.",
    "automation": "Share of human tasks automated last step.",
}
"""Measures of the state a condition can test, with their meaning and unit."""

Op = Literal[">", ">=", "<", "<=", "==", "!="]
OPS: tuple[str, ...] = (">=", "<=", "==", "!=", ">", "<")  # two-character operators first

_CLAUSE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(>=|<=|==|!=|>|<)\s*(\S+)\s*$")


class _Base(Bounded):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


def parse_condition(text: str) -> dict[str, Any]:
    """Read ``"metric op number [and|or ...]"`` into the table form of a condition.

    Raises:
        ValueError: the text is not a condition, naming the clause that is not.
    """
    alternatives = re.split(r"\s+or\s+", text.strip())
    anys = []
    for alternative in alternatives:
        alls = []
        for clause in re.split(r"\s+and\s+", alternative):
            match = _CLAUSE.match(clause)
            if match is None:
                raise ValueError(
                    f"cannot read {clause.strip()!r}: expected 'metric op number' "
                    f"(op one of {' '.join(OPS)}), joined by 'and' / 'or'"
                )
            metric, op, number = match.groups()
            try:
                value = float(number)
            except ValueError:
                raise ValueError(
                    f"cannot read {clause.strip()!r}: {number!r} is not a number"
                ) from None
            alls.append({"metric": metric, "op": op, "value": value})
        anys.append(alls[0] if len(alls) == 1 else {"all": alls})
    return anys[0] if len(anys) == 1 else {"any": anys}


class Condition(_Base):
    """A test of the model's state: one comparison, or ``all`` / ``any`` of conditions."""

    metric: str | None = Field(None, description="Measure of the state (see METRICS).")
    op: Op | None = Field(None, description="Comparison: >, >=, <, <=, == or !=.")
    value: float | None = Field(None, description="Number the measure is compared with.")
    all: tuple[Condition, ...] | None = Field(None, description="Holds when every one holds.")
    any: tuple[Condition, ...] | None = Field(None, description="Holds when one of them holds.")

    @model_validator(mode="before")
    @classmethod
    def _read_text(cls, data: Any) -> Any:
        if isinstance(data, str):
            return parse_condition(data)
        return data

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        compare = (self.metric, self.op, self.value)
        forms = [any(v is not None for v in compare), self.all is not None, self.any is not None]
        if sum(forms) != 1:
            raise ValueError("expected either metric/op/value, or all = [...], or any = [...]")
        if forms[0]:
            if None in compare:
                raise ValueError("a comparison needs metric, op and value")
            if self.metric not in METRICS:
                raise ValueError(
                    f"unknown metric {self.metric!r}: expected one of {', '.join(METRICS)}"
                )
            if not math.isfinite(self.value):
                raise ValueError("value must be a finite number")
        elif not (self.all or self.any):
            raise ValueError("all / any need at least one condition")
        return self

    def metrics(self) -> set[str]:
        """Names of every measure this condition reads."""
        if self.metric is not None:
            return {self.metric}
        return set().union(*(c.metrics() for c in (self.all or self.any or ())))

    def holds(self, measure: Any) -> bool:
        """Whether the condition holds, reading measures with ``measure(name) -> float``."""
        if self.all is not None:
            return all(c.holds(measure) for c in self.all)
        if self.any is not None:
            return any(c.holds(measure) for c in self.any)
        x, v = float(measure(self.metric)), self.value
        return {
            ">": x > v,
            ">=": x >= v,
            "<": x < v,
            "<=": x <= v,
            "==": x == v,
            "!=": x != v,
        }[self.op]

    def __str__(self) -> str:
        if self.all is not None:
            return " and ".join(_bracketed(c, "or") for c in self.all)
        if self.any is not None:
            return " or ".join(str(c) for c in self.any)
        return f"{self.metric} {self.op} {self.value:g}"


def _bracketed(condition: Condition, weaker: str) -> str:
    text = str(condition)
    return f"({text})" if condition.any is not None and weaker == "or" else text


class Trigger(_Base):
    """When a policy is on: a window in calendar time, a condition, and how long it lasts."""

    from_month: float = Field(
        0.0,
        ge=0.0,
        description="Calendar month from which the policy may be on (0 is the start) [months].",
    )
    until_month: float | None = Field(
        None, ge=0.0, description="Calendar month from which the policy is off for good [months]."
    )
    when: Condition | None = Field(
        None,
        description="Condition on the state; the policy is on while it holds (always if unset).",
    )
    latch: bool = Field(
        False,
        description="Once on, stay on (until until_month) even if the condition stops holding.",
    )
    duration: float | None = Field(
        None,
        gt=0.0,
        description="Once on, stay on this many months whatever the condition, then end [months].",
    )

    @model_validator(mode="after")
    def _window(self) -> Trigger:
        if self.until_month is not None and self.until_month <= self.from_month:
            raise ValueError("until_month must be after from_month")
        return self

    def __str__(self) -> str:
        parts = []
        if self.from_month:
            parts.append(f"from month {self.from_month:g}")
        if self.until_month is not None:
            parts.append(f"until month {self.until_month:g}")
        if self.when is not None:
            parts.append(f"when {self.when}")
        if self.duration is not None:
            parts.append(f"for {self.duration:g} months")
        elif self.latch:
            parts.append("latched")
        return ", ".join(parts) or "always"
