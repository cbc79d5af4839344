"""Cognitive domains: the bands of intelligence the research post names.

Intelligence is a capability index with 1.0 = par-human (a median expert). The bands
(very subhuman ... strongly superhuman) come from the post's discussion; their bounds
are scenario parameters (``agis.domain_bounds``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from agi_economy.scenario.schema import DOMAIN_NAMES


def domain_index(intelligence: float, bounds: Sequence[float]) -> int:
    """Index into :data:`DOMAIN_NAMES` of the band holding ``intelligence``."""
    return bisect_right(bounds, intelligence)


def domain_name(intelligence: float, bounds: Sequence[float]) -> str:
    """Name of the cognitive domain holding ``intelligence``."""
    return DOMAIN_NAMES[domain_index(intelligence, bounds)]
