"""The typed schema of an evidence file: one published source and what it measured.

Evidence is data, like a scenario: each file holds one source (its citation, what was
measured, under which conditions, which mechanism of the model it informs) and its
numbers, each with its published uncertainty and *where in the source it stands*.
Files are validated here once, at the boundary.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Finite = Annotated[float, Field(allow_inf_nan=False)]

Family = Literal[
    "scaling_law", "algorithmic_progress", "compute_growth", "self_improvement", "software_returns"
]
"""The kinds of datum the library holds; each kind has one mapping to the model."""

FAMILIES: tuple[str, ...] = Family.__args__  # type: ignore[attr-defined]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(_Frozen):
    """Who published the number, when, and how to find it."""

    authors: list[Text] = Field(min_length=1, description="Authors, as the source lists them.")
    year: int = Field(ge=1900, le=2100, description="Year of publication.")
    title: Text = Field(description="Title of the paper, report or page.")
    identifier: Text = Field(description="arXiv id, DOI or URL that finds the source.")
    retrieved_from: str = Field(
        "",
        description="Where the text the numbers were read from is published, if not the "
        "identifier (for example the authors' code repository).",
    )


class Uncertainty(_Frozen):
    """A published uncertainty: an interval (with its level) or a standard error, or none."""

    kind: Literal["interval", "standard_error", "none"] = Field(
        description="'interval' (give level, low, high), 'standard_error' (give se) or 'none' "
        "(the source publishes no uncertainty)."
    )
    level: float | None = Field(None, gt=0.0, lt=1.0, description="Coverage of the interval.")
    low: Finite | None = Field(None, description="Lower end of the interval.")
    high: Finite | None = Field(None, description="Upper end of the interval.")
    se: Finite | None = Field(None, gt=0.0, description="Standard error.")

    @model_validator(mode="after")
    def _complete(self) -> Uncertainty:
        if self.kind == "interval":
            if self.level is None or self.low is None or self.high is None:
                raise ValueError("an interval needs level, low and high")
            if not self.low < self.high:
                raise ValueError(f"low must be below high (got {self.low} and {self.high})")
        elif self.kind == "standard_error" and self.se is None:
            raise ValueError("a standard error needs se")
        return self


class Measurement(_Frozen):
    """One published number, its uncertainty and where in the source it stands."""

    quantity: Text = Field(
        description="What the number is, in the family's vocabulary (e.g. 'alpha', "
        "'halving_time', 'doubling_time', 'r', 'score')."
    )
    value: Finite = Field(description="The published value, in `unit`.")
    unit: str = Field("", description="Unit of the value ('months', '' for a pure number).")
    uncertainty: Uncertainty = Field(description="The published uncertainty of the value.")
    location: Text = Field(
        description="Where in the source the number stands: table, section, figure, "
        "equation, page, or file and line (or notebook cell) of the authors' code or data."
    )
    iteration: int | None = Field(
        None, ge=0, description="Iteration index, for iteration-by-iteration results."
    )


class Source(_Frozen):
    """One evidence file: a source, what it measured and the mechanism it informs."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$")] = Field(
        description="Short unique name (lower case, digits, underscores), used by --without."
    )
    family: Family = Field(description="Kind of datum; picks the mapping to the model.")
    citation: Citation
    measured: Text = Field(description="What was measured, in one sentence.")
    conditions: Text = Field(description="Under which conditions (domain, data, period).")
    informs: Text = Field(description="The mechanism and parameter of the model it informs.")
    notes: str = Field("", description="Anything a reader must know to judge the numbers.")
    measurements: list[Measurement] = Field(min_length=1)

    @model_validator(mode="after")
    def _family_quantities(self) -> Source:
        have = {m.quantity for m in self.measurements}
        for needed in REQUIRED_QUANTITIES[self.family]:
            if not needed & have:
                raise ValueError(
                    f"a {self.family} source needs a measurement of {' or '.join(sorted(needed))}"
                )
        if self.family == "self_improvement":
            iterations = [m.iteration for m in self.measurements if m.quantity == "score"]
            if None in iterations or len(set(iterations)) != len(iterations):
                raise ValueError("every score needs its own iteration number")
            if len(iterations) < 3:
                raise ValueError("a self-improvement curve needs scores at 3 or more iterations")
        return self

    def get(self, quantity: str) -> Measurement:
        """The measurement of ``quantity`` (the first, if there are several)."""
        return next(m for m in self.measurements if m.quantity == quantity)


REQUIRED_QUANTITIES: dict[str, list[set[str]]] = {
    # the exponents alpha and beta of L = E + A/N^alpha + B/D^beta, or the exponent of
    # loss in compute on the compute-optimal frontier (which the two imply)
    "scaling_law": [{"alpha", "compute_exponent"}, {"beta", "compute_exponent"}],
    "algorithmic_progress": [{"halving_time"}],
    "compute_growth": [{"doubling_time", "annual_growth_factor"}],
    "self_improvement": [{"score"}],
    "software_returns": [{"r"}],
}
"""The quantities each family's mapping reads: one of each set."""
