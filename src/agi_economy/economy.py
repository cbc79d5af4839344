"""Economy and power: production, automation, transfers along ties, Gini, power shares.

Arrays in, arrays out: the model keeps people's state in numpy arrays, so every
function here costs time linear in people plus ties.
"""

from __future__ import annotations

import numpy as np


def automation_share(agi_output: float, human_potential: float, rate: float, ceiling: float):
    """Share of human tasks automated: ceiling (1 - exp(-rate AGI output / human output))."""
    if human_potential <= 0.0:
        return ceiling
    return ceiling * -np.expm1(-rate * agi_output / human_potential)


def agi_output(intelligence: np.ndarray, productivity: float, exponent: float) -> np.ndarray:
    """Output of deployed AGIs: A_agi I^theta."""
    return productivity * np.power(np.asarray(intelligence, dtype=float), exponent)


def diffuse(
    wealth: np.ndarray,
    spread,
    has_ties: np.ndarray | None,
    rate: float,
    *,
    out: np.ndarray | None = None,
    give: np.ndarray | None = None,
) -> np.ndarray:
    """Each person with ties gives ``rate`` of their wealth, split equally over their ties.

    ``spread`` is the tie matrix S[j, i] = 1 / degree(i) (see ``network.Ties``) and
    ``has_ties`` marks people with at least one tie (None when everyone has one: the
    product by 1.0 would change nothing). Total wealth is conserved.

    Args:
        wealth: each person's wealth.
        spread: the sharing matrix.
        has_ties: 1.0 where a person has a tie, else 0.0; or None.
        rate: the share each person gives.
        out: where to write the result (``wealth`` itself updates it in place); a new
            array if None.
        give: a buffer of ``wealth``'s size for what each gives, reused step to step.
    """
    if rate == 0.0:
        return wealth
    give = np.multiply(wealth, rate, out=give)
    if has_ties is not None:
        give *= has_ties
    received = spread @ give
    out = np.subtract(wealth, give, out=out)
    out += received
    return out


def take_proportionally(
    wealth: np.ndarray,
    idx: np.ndarray | None,
    amount: float,
    held: np.ndarray | None = None,
    total: float | None = None,
) -> float:
    """Remove up to ``amount`` from ``wealth[idx]`` in proportion to holdings; return the take.

    ``idx`` holds distinct indices; ``None`` means every holder (no gather, no scatter).
    Only the holders taken from are clamped at zero (a rounding below it): the others'
    wealth is not touched. ``held``, when given, is ``wealth[idx]`` already gathered by
    the caller (it is read, not changed), so the holdings are not gathered twice; and
    ``total``, when given with it, is ``float(held.sum())``, so they are not summed twice.
    """
    if (idx is not None and idx.size == 0) or amount <= 0.0:
        return 0.0
    if held is None:
        held = wealth if idx is None else wealth[idx]
        total = None  # a total is only of holdings the caller gathered
    if total is None:
        total = float(held.sum())
    if total <= 0.0:
        return 0.0
    taken = min(amount, total)
    if idx is None:
        wealth -= wealth * (taken / total)
        np.maximum(wealth, 0.0, out=wealth)
    else:
        left = held - held * (taken / total)
        wealth[idx] = np.maximum(left, 0.0, out=left)
    return taken


def gini(values: np.ndarray, scratch: np.ndarray | None = None) -> float:
    """Gini coefficient of non-negative values (0 equal, towards 1 concentrated).

    With ``x`` sorted ascending, ``G = sum_i (2 i - n - 1) x_i / (n sum_i x_i)`` for
    ``i = 1..n``: a sort, then two sums (pairwise, in float64) and one product with the
    ranks, and no BLAS call (whose threads would spin every step). ``scratch``, a float
    array of the values' size, is used for the sorted values and their products with
    the ranks instead of a new array (a caller reuses it every step).
    """
    values = np.asarray(values, dtype=float)
    if scratch is None:
        x = np.sort(values)
    else:
        x = scratch
        np.copyto(x, values)
        x.sort()
    n = x.size
    if n == 0:
        return 0.0
    total = x.sum()
    if total <= 0.0:
        return 0.0
    ranked = np.multiply(x, np.arange(1.0, n + 1.0), out=x).sum()  # sum_i i x_i
    return float((2.0 * ranked - (n + 1) * total) / (n * total))


def shares(holdings: dict[str, float]) -> dict[str, float]:
    """Each group's share of the total; all zero when nothing is held."""
    total = sum(holdings.values())
    if total <= 0.0:
        return dict.fromkeys(holdings, 0.0)
    return {name: value / total for name, value in holdings.items()}
