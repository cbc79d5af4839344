"""Reading the evidence library: the files shipped with the package and a user's own.

Evidence files are TOML data validated against :class:`~agi_economy.evidence.schema.Source`;
nothing in them is executed. A bad file raises :class:`EvidenceError`, which names the
file, the field and what was expected (the command line exits with status 2).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from agi_economy.evidence.schema import Source
from agi_economy.scenario.loader import ScenarioError, _describe, read_toml


class EvidenceError(ScenarioError):
    """An evidence file, or a choice of sources, is invalid; names the file and field."""


def library_dir() -> Path:
    """Folder of the evidence files shipped with the package."""
    return Path(str(resources.files("agi_economy.evidence") / "data"))


def read_source(path: Path) -> Source:
    """Read and validate one evidence file."""
    try:
        raw = read_toml(path)
    except ScenarioError as exc:
        raise EvidenceError(exc.source, exc.problems) from None
    try:
        return Source.model_validate(raw)
    except ValidationError as exc:
        raise EvidenceError(str(path), _describe(exc.errors())) from None


def builtin_sources() -> list[Source]:
    """Every source of the shipped library, sorted by family, year and id."""
    return _sorted(read_source(p) for p in sorted(library_dir().glob("*.toml")))


def _sorted(sources: Iterable[Source]) -> list[Source]:
    return sorted(sources, key=lambda s: (s.family, s.citation.year, s.id))


def select_sources(
    extra: Sequence[Path] = (), without: Sequence[str] = (), *, builtin: bool = True
) -> list[Source]:
    """The library plus the user's files, less the sources named in ``without``.

    Raises:
        EvidenceError: a file is invalid, two sources share an id, or ``without`` names
            a source that is not there.
    """
    sources = builtin_sources() if builtin else []
    for path in extra:
        sources.append(read_source(Path(path)))
    ids = [s.id for s in sources]
    clashes = sorted({i for i in ids if ids.count(i) > 1})
    if clashes:
        raise EvidenceError("--evidence", [f"id {i!r} is used by two sources" for i in clashes])
    unknown = sorted(set(without) - set(ids))
    if unknown:
        raise EvidenceError(
            "--without",
            [f"no source {u!r}: expected one of {', '.join(sorted(ids))}" for u in unknown],
        )
    return _sorted(s for s in sources if s.id not in set(without))
