"""One colour for each meaning, in every figure: the headless PNGs and the live view.

A colour names one thing wherever it appears. Alignment (aligned, misaligned) and
who holds power (people, labs) colour the power shares and the intelligence lines;
an AGI's status (boxed, deployed, escaped, shut down) colours its marker in the
network, with hues none of the other meanings use; the arms of a comparison (or the
worlds side by side) take colours from :data:`ARMS`, which avoid every fixed
meaning, so an arm is never read as "misaligned" or "escaped". Reference lines (a
threshold, the maximum, a takeover) are drawn in :data:`INK`. The hues follow Paul
Tol's colour-blind-safe qualitative schemes.

This module is plain data: the simulator's figures and the live view both import it,
and it imports nothing but the standard library.
"""

from __future__ import annotations

from collections.abc import Iterable

ALIGNED = "#228833"
MISALIGNED = "#CC3311"
PEOPLE = "#DDAA33"
LABS = "#7F5A3C"
CARELESS_LAB = "#EE7733"

BOXED = "#4477AA"
DEPLOYED = "#66CCEE"
ESCAPED = "#AA3377"
SHUTDOWN = "#A0A0A0"

AUDITOR = "#009988"
REGULATOR = "#BBCC33"

INK = "#222222"
"""Reference lines and marks: takeover threshold, the maximum, a takeover, output."""
NEUTRAL = "#5F6B76"
"""An event that changes no status (its badge in the event feed)."""
GRID = "#E3E7EB"
BAND_SHADES = ("#F4F6F8", "#E9EDF1")
"""Alternating shades of the cognitive-domain bands behind intelligence."""
BAND_TEXT = "#7B8794"

ARMS = ("#332288", "#EE99AA", "#999933", "#882255", "#44AA99", "#6699CC")
"""Arms of a comparison in order (and worlds A and B side by side); cycled past six."""

BASELINE_ARM = "none"
"""The arm every experiment compares against: it takes the first arm colour."""

FIRST_ORDER = "#004488"
"""A Sobol first-order index (S1): the darker part of a parameter's total."""
TOTAL_ORDER = "#99DDFF"
"""A Sobol total-order index (ST)."""

POSTERIOR = "#0077BB"
"""The evidence posterior: a family's density, the pooled fit of each source."""
NEW_SETTING = "#EE3377"
"""The posterior of a family's parameter in a new setting (the one the simulator uses)."""
COMBUSTION = "#CCBB44"
"""The combustion band around k = 1 (neither fizzle nor explosion)."""

PROBABILITY_MAP = "magma_r"
"""The colour map of a probability or share of runs in [0, 1] (dark: likely)."""

POWER = {
    "power_share_misaligned_agi": ("misaligned AGIs", MISALIGNED),
    "power_share_aligned_agi": ("aligned AGIs", ALIGNED),
    "power_share_labs": ("labs", LABS),
    "power_share_humans": ("people", PEOPLE),
}
"""Power-share columns bottom to top (misaligned first, so the threshold reads off the
axis), with their label and colour."""

ALIGNMENT = {True: ALIGNED, False: MISALIGNED}
STATUS = {"boxed": BOXED, "deployed": DEPLOYED, "escaped": ESCAPED, "shutdown": SHUTDOWN}
ROLES = (PEOPLE, AUDITOR, REGULATOR)
"""A person's colour by role index: worker, auditor, regulator."""

EVENTS = {
    "escape": ESCAPED,
    "takeover": INK,
    "shutdown": SHUTDOWN,
    "deployed": DEPLOYED,
    "recaptured": SHUTDOWN,  # a recaptured system is shut down
    "recalled": BOXED,  # a recalled system goes back in its box
    "new_agi": BOXED,  # a new system starts boxed
    "detection": NEUTRAL,
    "policy_on": NEUTRAL,
    "policy_off": NEUTRAL,
    "rollback": NEUTRAL,
    "domain_crossed": "#9AA5B1",
}
"""Badge colour of an event kind: the colour of the status it leads to, else neutral."""

MEANINGS = {
    "aligned": ALIGNED,
    "misaligned": MISALIGNED,
    "people": PEOPLE,
    "labs": LABS,
    "careless lab": CARELESS_LAB,
    "boxed": BOXED,
    "deployed": DEPLOYED,
    "escaped": ESCAPED,
    "shut down": SHUTDOWN,
    "auditor": AUDITOR,
    "regulator": REGULATOR,
    "reference": INK,
    "first-order index": FIRST_ORDER,
    "total-order index": TOTAL_ORDER,
    "posterior": POSTERIOR,
    "new setting": NEW_SETTING,
    "combustion band": COMBUSTION,
}
"""Every fixed meaning and its colour (no two share one)."""


def arm_colour(i: int) -> str:
    """The colour of the ``i``-th arm (0 is the first, the baseline when there is one)."""
    return ARMS[i % len(ARMS)]


def policy_colours(policies: Iterable[str]) -> dict[str, str]:
    """Each policy arm's colour, the same in every figure of an experiment.

    The baseline (``none``) takes the first arm colour, the other arms the next ones in
    the order of their names. So an arm's colour depends only on which arms there are,
    not on the order a table lists them in (the trajectory tables sort arms by name,
    the robustness table by rank), nor on whether the baseline is drawn (the paired
    differences leave it out).
    """
    names = list(dict.fromkeys(policies))
    others = sorted(p for p in names if p != BASELINE_ARM)
    colours = {BASELINE_ARM: ARMS[0]} if BASELINE_ARM in names else {}
    colours |= {p: arm_colour(i + 1) for i, p in enumerate(others)}
    return {p: colours[p] for p in names}
