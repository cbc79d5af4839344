"""Limits the command line checks before it loads anything heavy (no imports here).

The scenario schema's bounds (:mod:`agi_economy.scenario.bounds`) use the same values.
"""

MAX_STEPS = 100_000
"""Most steps in a run: the step frame holds one row per step."""
SEED_MAX = 2**63 - 1
"""Largest seed: a seed is a 64-bit integer in every output file."""
