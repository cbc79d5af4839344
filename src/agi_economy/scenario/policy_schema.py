"""The typed policy library: each intervention's parameters, and the levers it sets.

A scenario lists policies as ``[[policies]]`` tables; each names a policy of
:data:`POLICIES` and gives its parameters, an optional ``trigger`` (when it is on,
see :mod:`~agi_economy.scenario.trigger_schema`) and an optional ``enforcement``::

    [[policies]]
    name = "pause"
    above = 2.0
    trigger = { when = "max_intelligence > 2", duration = 24 }

A policy acts only through :class:`~agi_economy.levers.Levers`, so each class here is
data plus a pure mapping from its parameters to levers; the engine
(:mod:`agi_economy.policies`) decides when it is on and which labs comply. The
alignment taxes of the myopia and impact-regularisation mandates follow the research
post's point that safety methods cost capability and output.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    ConfigDict,
    Field,
    SerializeAsAny,
    ValidationError,
    WrapValidator,
)
from pydantic_core import PydanticCustomError

from agi_economy.levers import Levers
from agi_economy.scenario.bounds import Bounded
from agi_economy.scenario.trigger_schema import Trigger

Share = Annotated[float, Field(ge=0.0, le=1.0)]


class PolicySpec(Bounded):
    """Base of every policy: its name, trigger and enforcement."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)

    description: ClassVar[str] = ""
    name: str = Field(description="Which policy (a key of POLICIES).")
    trigger: Trigger = Field(default_factory=Trigger, description="When the policy is on.")
    enforcement: Share = Field(
        0.0,
        description="Raises each lab's chance of complying from c to c + e (1 - c) "
        "(0: labs comply by their own compliance; 1: every lab complies).",
    )

    def levers(self) -> Levers:
        """Levers of a lab that complies."""
        return Levers()

    def lab_levers(self, labs: Sequence[Any], complies: Sequence[bool]) -> list[Levers | None]:
        """Levers for each lab (None: the policy does not bind that lab)."""
        lever = self.levers()
        return [lever if ok else None for ok in complies]

    def params(self) -> dict[str, Any]:
        """The policy's own parameters (without name, trigger and enforcement)."""
        skip = {"name", "trigger", "enforcement"}
        return {k: getattr(self, k) for k in type(self).model_fields if k not in skip}

    def label(self) -> str:
        """Short text naming the policy and its parameters, e.g. ``pause(above=2)``."""
        params = ",".join(f"{k}={_fmt(v)}" for k, v in self.params().items())
        return f"{self.name}({params})" if params else self.name


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).lower() if isinstance(value, bool) else str(value)


class ComputeCap(PolicySpec):
    """Cap on the compute any lab may hold."""

    description: ClassVar[str] = "Cap the compute each lab may hold."
    name: Literal["compute_cap"] = "compute_cap"
    cap: float = Field(50.0, gt=0.0, description="Most compute a lab may hold [compute units].")

    def levers(self) -> Levers:
        """A compute cap."""
        return Levers(compute_cap=self.cap)


class SafetyFloor(PolicySpec):
    """Least share of a lab's spend that goes to safety."""

    description: ClassVar[str] = "Require a least share of spend on safety."
    name: Literal["safety_floor"] = "safety_floor"
    fraction: Share = Field(0.3, description="Least safety fraction s.")

    def levers(self) -> Levers:
        """A safety floor."""
        return Levers(safety_floor=self.fraction)


class BoxStandard(PolicySpec):
    """Least box strength every lab must keep."""

    description: ClassVar[str] = "Require a least box strength."
    name: Literal["box_standard"] = "box_standard"
    strength: float = Field(2.0, ge=0.0, description="Least box strength [I].")

    def levers(self) -> Levers:
        """A box floor."""
        return Levers(box_floor=self.strength)


class AuditMandate(PolicySpec):
    """Mandatory audits and investment in interpretability."""

    description: ClassVar[str] = "Mandate an audit rate and interpretability investment."
    name: Literal["audit_mandate"] = "audit_mandate"
    rate: Share = Field(0.5, description="Least chance per month each AGI is audited [1/month].")
    interpretability: Share = Field(
        0.2, description="Interpretability added to each lab's detection chance (capped at 1)."
    )

    def levers(self) -> Levers:
        """Audit rate and interpretability."""
        return Levers(audit_rate=self.rate, interpretability=self.interpretability)


class RsiGating(PolicySpec):
    """Every self-improvement iteration waits for a human auditor's approval."""

    description: ClassVar[str] = "Every RSI iteration waits for human approval (an audit)."
    name: Literal["rsi_gating"] = "rsi_gating"

    def levers(self) -> Levers:
        """RSI gating."""
        return Levers(rsi_gating=True)


class Pause(PolicySpec):
    """No training or self-improvement at or above a capability threshold."""

    description: ClassVar[str] = (
        "No training or RSI at or above a capability (use trigger.duration for how long)."
    )
    name: Literal["pause"] = "pause"
    above: float = Field(1.0, ge=0.0, description="Intelligence from which work pauses [I].")

    def levers(self) -> Levers:
        """A pause threshold."""
        return Levers(pause_above=self.above)


class DeploymentBan(PolicySpec):
    """No deployment at or above a capability threshold (deployed systems are recalled)."""

    description: ClassVar[str] = "Ban (and recall) deployment at or above a capability."
    name: Literal["deployment_ban"] = "deployment_ban"
    above: float = Field(1.0, ge=0.0, description="Intelligence from which deployment is banned.")

    def levers(self) -> Levers:
        """A deployment ban threshold."""
        return Levers(deploy_ban_above=self.above)


class Licensing(PolicySpec):
    """Only licensed labs may train new AGIs; licences go to the safest compliant labs."""

    description: ClassVar[str] = (
        "Licence at most max_labs labs to train (safest compliant first); others may not."
    )
    name: Literal["licensing"] = "licensing"
    max_labs: int = Field(1, ge=0, description="Most labs licensed to train [labs].")
    enforced: bool = Field(
        True,
        description="Non-compliant labs are excluded too (true), or train regardless (false).",
    )

    def lab_levers(self, labs: Sequence[Any], complies: Sequence[bool]) -> list[Levers | None]:
        """Licences to the compliant labs with the highest safety fraction, in lab order."""
        ranked = sorted(
            (j for j, ok in enumerate(complies) if ok),
            key=lambda j: (-float(labs[j].base_safety_fraction), j),
        )
        licensed = set(ranked[: self.max_labs])
        result: list[Levers | None] = []
        for j, ok in enumerate(complies):
            if j in licensed:
                result.append(Levers())
            elif ok or self.enforced:
                result.append(Levers(licensed=False))
            else:
                result.append(None)
        return result


class MyopiaMandate(PolicySpec):
    """AGIs must be myopic, at an alignment tax on growth and output."""

    description: ClassVar[str] = "Mandate myopia (less drive to escape), at an alignment tax."
    name: Literal["myopia_mandate"] = "myopia_mandate"
    myopia: Share = Field(0.5, description="Least myopia of each lab's AGIs.")
    growth_tax: Share = Field(0.1, description="Share of RSI iterations lost to the mandate.")
    productivity_tax: Share = Field(0.05, description="Share of deployed output lost.")

    def levers(self) -> Levers:
        """Myopia and its tax."""
        return Levers(
            myopia=self.myopia, growth_tax=self.growth_tax, productivity_tax=self.productivity_tax
        )


class ImpactRegularisation(PolicySpec):
    """AGIs must be impact-regularised, at an alignment tax on growth and output."""

    description: ClassVar[str] = (
        "Mandate impact regularisation (slower power grab), at an alignment tax."
    )
    name: Literal["impact_regularisation"] = "impact_regularisation"
    strength: Share = Field(0.5, description="Least impact regularisation of each lab's AGIs.")
    growth_tax: Share = Field(0.1, description="Share of RSI iterations lost to the mandate.")
    productivity_tax: Share = Field(0.1, description="Share of deployed output lost.")

    def levers(self) -> Levers:
        """Impact regularisation and its tax."""
        return Levers(
            impact_regularisation=self.strength,
            growth_tax=self.growth_tax,
            productivity_tax=self.productivity_tax,
        )


class Redistribution(PolicySpec):
    """A share of each lab's AGI revenue is paid out equally to people."""

    description: ClassVar[str] = "Pay a share of AGI revenue out to people."
    name: Literal["redistribution"] = "redistribution"
    share: Share = Field(0.3, description="Share of lab AGI revenue paid to people.")

    def levers(self) -> Levers:
        """A redistribution share."""
        return Levers(redistribution=self.share)


class InformationSharing(PolicySpec):
    """Labs see rivals' capability exactly (less misjudged racing)."""

    description: ClassVar[str] = "Labs see rivals' capability exactly."
    name: Literal["information_sharing"] = "information_sharing"

    def levers(self) -> Levers:
        """Visible capability."""
        return Levers(capability_visible=True)


class SafetyInspection(PolicySpec):
    """Inspections find out labs that develop unsafely in the race game.

    The detection of Han et al. (2020)'s DSAIR game as the published replication
    writes it (github.com/PaoloBova/gh-pages-example, `gh_pages_example/payoffs.py`,
    ``payoffs_sr_pfo_extension``): a lab found out loses the round's benefit. It binds
    every lab, since being inspected is not a lab's choice.
    """

    description: ClassVar[str] = "Inspect labs: unsafe play in the race game is found out."
    name: Literal["safety_inspection"] = "safety_inspection"
    detection: Share = Field(
        0.5,
        description="Chance a lab playing unsafe is found out in a round of the race game "
        "(it then loses the round's benefit).",
    )

    def levers(self) -> Levers:
        """A detection chance."""
        return Levers(race_detection=self.detection)

    def lab_levers(self, labs: Sequence[Any], complies: Sequence[bool]) -> list[Levers | None]:
        """The same detection for every lab, complying or not."""
        lever = self.levers()
        return [lever for _ in complies]


POLICIES: dict[str, type[PolicySpec]] = {
    cls.model_fields["name"].default: cls
    for cls in (
        ComputeCap,
        SafetyFloor,
        BoxStandard,
        AuditMandate,
        RsiGating,
        Pause,
        DeploymentBan,
        Licensing,
        MyopiaMandate,
        ImpactRegularisation,
        Redistribution,
        InformationSharing,
        SafetyInspection,
    )
}
"""Every policy by name; ``POLICIES[name].description`` says what it does in one line."""


def policy_from(value: Any) -> PolicySpec:
    """Validate one policy table (a mapping with a ``name``) into its typed spec.

    Raises:
        pydantic.ValidationError: naming each bad field (``name``, ``above``, ...).
    """
    if isinstance(value, PolicySpec):
        return value
    if not isinstance(value, Mapping):
        raise PydanticCustomError("policy_type", "expected a table with a policy name")
    name = value.get("name")
    if not isinstance(name, str) or name not in POLICIES:  # a list is unhashable
        problem = PydanticCustomError(
            "unknown_policy",
            "unknown policy: expected one of {names}",
            {"names": ", ".join(POLICIES)},
        )
        raise ValidationError.from_exception_data(
            "policy", [{"type": problem, "loc": ("name",), "input": name}]
        )
    return POLICIES[name].model_validate(dict(value))


def _validate_policy(value: Any, handler: Any) -> PolicySpec:
    return policy_from(value)


Policy = Annotated[SerializeAsAny[PolicySpec], WrapValidator(_validate_policy)]
"""A policy field: validated by its name into its own class; errors name its path."""

PolicyList = tuple[Policy, ...]
"""The ``policies`` field of a scenario."""
