"""Seeds for an experiment: one per replicate, shared by every policy or design point.

Replicate ``i`` of every arm runs with the same seed (common random numbers), so the
differences between arms are paired and much less noisy than between independent
runs. Seeds are spawned from the experiment's seed with
:meth:`numpy.random.SeedSequence.spawn`: child ``i`` depends only on the experiment's
seed and ``i``, so adding replicates later keeps the earlier ones.
"""

from __future__ import annotations

import secrets

import numpy as np

_DESIGN_TAG = 0x44455349  # entropy tag of the design's generator ("DESI")


def fresh_seed() -> int:
    """A seed for an experiment that was given none (recorded in its manifest)."""
    return secrets.randbits(63)


def replicate_seeds(seed: int, replicates: int) -> list[int]:
    """Seeds of replicates ``0 .. replicates-1``: 63-bit integers from spawned children."""
    if replicates < 0:
        raise ValueError(f"replicates: expected a non-negative integer (got {replicates})")
    children = np.random.SeedSequence(seed).spawn(replicates)
    return [int(child.generate_state(1, np.uint64)[0] >> np.uint64(1)) for child in children]


def design_rng(seed: int) -> np.random.Generator:
    """The generator a sampling design draws from, independent of every replicate's."""
    return np.random.default_rng(np.random.SeedSequence([_DESIGN_TAG, seed]))
