"""Per-run parameter draws: each replicate takes one set of values from a pool.

A forecast runs every replicate with parameters drawn from a distribution (the
evidence posterior), not with the scenario's fixed values. The distribution is given
as a pool of joint draws, ``columns[path][i]`` the value of scenario field ``path`` in
draw ``i``; replicate ``r`` takes draw ``index_of(seed, r)``, chosen by a generator
seeded with the experiment's seed and ``r`` alone. So:

- one seed fixes every run's parameters, on any executor (the draw is chosen where
  the tasks are made, and shipped with the task);
- adding replicates later keeps the earlier replicates' draws (resume adds runs);
- replicate ``r`` uses the same draw in every arm, so the arms stay paired.

The pool's digest (a hash of its values) is part of the experiment's identity: a folder
refuses to be resumed with another pool.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

_DRAW_TAG = 0x44524157  # entropy tag of the draws' generator ("DRAW")


@dataclass(frozen=True)
class ParameterDraws:
    """A pool of joint draws of scenario fields, one draw per replicate."""

    columns: Mapping[str, tuple[float | str, ...]]  # a level (a growth rule) is a str
    label: str = "draws"

    def __post_init__(self) -> None:
        sizes = {len(v) for v in self.columns.values()}
        if not self.columns or len(sizes) != 1 or 0 in sizes:
            raise ValueError("draws: expected one or more fields with the same, positive count")
        bad = [p for p, v in self.columns.items() if not all(_valid(x) for x in v)]
        if bad:
            raise ValueError(f"draws: {bad[0]} holds a value neither a finite number nor a level")

    @classmethod
    def from_arrays(cls, columns: Mapping[str, Sequence[float | str]], label: str = "draws"):
        """Draws from arrays of equal length, one per scenario field (numbers or levels)."""
        return cls({p: tuple(_value(x) for x in v) for p, v in columns.items()}, label)

    @property
    def size(self) -> int:
        """Number of joint draws in the pool."""
        return len(next(iter(self.columns.values())))

    def digest(self) -> str:
        """SHA-256 of the pool's fields and values (repr of floats: exact)."""
        text = json.dumps({p: [repr(x) for x in v] for p, v in sorted(self.columns.items())})
        return hashlib.sha256(text.encode()).hexdigest()

    def identity(self) -> dict[str, object]:
        """What fixes the draws of an experiment: label, fields, pool size and digest."""
        return {
            "label": self.label,
            "fields": sorted(self.columns),
            "pool": self.size,
            "digest": self.digest(),
        }

    def index_of(self, seed: int, replicate: int) -> int:
        """The draw replicate ``replicate`` takes, from ``seed`` and ``replicate`` alone."""
        rng = np.random.default_rng(np.random.SeedSequence([_DRAW_TAG, seed, replicate]))
        return int(rng.integers(self.size))

    def for_replicate(self, seed: int, replicate: int) -> tuple[tuple[str, float | str], ...]:
        """The (field, value) pairs of replicate ``replicate``, sorted by field."""
        i = self.index_of(seed, replicate)
        return tuple((p, self.columns[p][i]) for p in sorted(self.columns))


def _valid(x: float | str) -> bool:
    return isinstance(x, str) or math.isfinite(x)


def _value(x: float | str) -> float | str:
    return x if isinstance(x, str) else float(x)


def draw_column(path: str) -> str:
    """Name of the runs column that records the value drawn for scenario field ``path``."""
    return f"drawn:{path}"
