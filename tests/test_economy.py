"""Production, automation, transfers along ties, Gini and power shares."""

from fractions import Fraction

import networkx as nx
import numpy as np
import pytest

from agi_economy import economy as e
from agi_economy.network import Ties


def test_diffusion_conserves_wealth_and_gives_the_rate():
    """Sharing along ties moves wealth but keeps the total, and isolated people keep theirs."""
    graph = nx.path_graph(4)
    graph.add_node(4)
    ties = Ties.from_graph(graph, 5)
    wealth = np.array([10.0, 0.0, 0.0, 0.0, 7.0])
    after = e.diffuse(wealth, ties.spread, ties.has_ties, 0.1)
    assert after.sum() == pytest.approx(wealth.sum())
    assert after == pytest.approx([9.0, 1.0, 0.0, 0.0, 7.0])


def test_take_proportionally():
    """Takes fall on holders in proportion to holdings and never exceed what they hold."""
    wealth = np.array([1.0, 3.0, 6.0, 100.0])
    taken = e.take_proportionally(wealth, np.array([0, 1, 2]), 5.0)
    assert taken == 5.0
    assert wealth == pytest.approx([0.5, 1.5, 3.0, 100.0])
    assert e.take_proportionally(wealth, np.array([0, 1]), 1e9) == pytest.approx(2.0)
    assert wealth[:2] == pytest.approx([0.0, 0.0])


def test_take_proportionally_touches_only_the_holders_taken_from():
    """Holders outside the reach keep exactly what they held, whatever it is."""
    wealth = np.array([1.0, 3.0, -2.0, 6.0, 0.5])
    taken = e.take_proportionally(wealth, np.array([0, 1, 3]), 1e9)
    assert taken == 10.0
    assert wealth.tolist() == [0.0, 0.0, -2.0, 0.0, 0.5]


def test_take_proportionally_from_holdings_gathered_by_the_caller_is_the_same_take():
    """Passing ``wealth[idx]`` already gathered changes nothing, bit for bit."""
    rng = np.random.default_rng(3)
    for _ in range(20):
        wealth = rng.lognormal(size=50)
        idx = np.sort(rng.choice(50, 17, replace=False))
        amount = float(rng.uniform(0.0, 30.0))
        mine, theirs = wealth.copy(), wealth.copy()
        taken = e.take_proportionally(mine, idx, amount)
        held = theirs[idx]
        assert e.take_proportionally(theirs, idx, amount, held) == taken
        assert mine.tobytes() == theirs.tobytes()


def test_take_proportionally_with_the_callers_total_is_the_same_take():
    """Passing the gathered holdings' sum too changes nothing, bit for bit.

    From some holders and from every holder (no index); a total given without the
    holdings is not used (it could be of other holdings).
    """
    rng = np.random.default_rng(4)
    for trial in range(20):
        wealth = rng.lognormal(size=50)
        idx = None if trial % 2 else np.sort(rng.choice(50, 17, replace=False))
        amount = float(rng.uniform(0.0, 30.0))
        mine, theirs, other = wealth.copy(), wealth.copy(), wealth.copy()
        taken = e.take_proportionally(mine, idx, amount)
        held = theirs if idx is None else theirs[idx]
        total = float(held.sum())
        assert e.take_proportionally(theirs, idx, amount, held, total=total) == taken
        assert e.take_proportionally(other, idx, amount, total=total + 1.0) == taken
        assert mine.tobytes() == theirs.tobytes() == other.tobytes()


@pytest.mark.parametrize(
    ("values", "expected"),
    [([1, 1, 1, 1], 0.0), ([0, 0, 0, 1], 0.75), ([1, 2, 3, 4], 0.25), ([], 0.0), ([0, 0], 0.0)],
)
def test_gini_known_values(values, expected):
    """Gini of equal holdings is 0, of one holder (n - 1) / n, and matches the textbook case."""
    assert e.gini(np.array(values, dtype=float)) == pytest.approx(expected)


def test_automation_share_is_bounded_and_increasing():
    """Automation rises with AGI output towards its ceiling and starts at 0."""
    values = [e.automation_share(y, 100.0, 0.5, 0.9) for y in (0.0, 10.0, 100.0, 1e9)]
    assert values[0] == 0.0
    assert np.all(np.diff(values) > 0)
    assert values[-1] == pytest.approx(0.9)


def test_shares_sum_to_one():
    """Power shares sum to 1, or are all 0 when nothing is held."""
    got = e.shares({"a": 1.0, "b": 3.0})
    assert got == {"a": 0.25, "b": 0.75}
    assert e.shares({"a": 0.0, "b": 0.0}) == {"a": 0.0, "b": 0.0}


@pytest.mark.parametrize("n", [1, 2, 7, 1000, 100_001])
def test_gini_of_an_arithmetic_sequence_is_closed_form(n):
    """Holdings 1, 2, ..., n (in any order) have Gini (n - 1) / (3 n), derived on paper."""
    values = np.random.default_rng(n).permutation(np.arange(1, n + 1)).astype(float)
    assert e.gini(values) == pytest.approx((n - 1) / (3 * n), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("n", [1, 3, 50, 400])
def test_gini_is_half_the_relative_mean_absolute_difference(n):
    """Gini equals sum |x_i - x_j| / (2 n^2 mean), computed by the definition itself."""
    x = np.random.default_rng(n).lognormal(0.0, 1.5, n)
    by_definition = np.abs(x[:, None] - x[None, :]).sum() / (2 * n * n * x.mean())
    assert e.gini(x) == pytest.approx(by_definition, rel=1e-10)


@pytest.mark.parametrize("seed", range(12))
def test_gini_agrees_with_exact_rational_arithmetic(seed):
    """Lognormal holdings of any spread: the Gini is the exact one to within 6e-16.

    The reference is ``sum_i (2 i - n - 1) x_i / (n sum_i x_i)`` over the sorted values
    in fractions, the floats themselves taken as exact rationals: no rounding at all.
    Spreads down to 1e-4 give Ginis down to about 6e-5, where rounding shows most.
    """
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 2_000))
    x = rng.lognormal(0.0, 10 ** rng.uniform(-4.0, 0.5), n)
    exact = sorted(Fraction(float(v)) for v in x)
    expected = sum((2 * i - n - 1) * v for i, v in enumerate(exact, 1)) / (n * sum(exact))
    assert e.gini(x) == pytest.approx(float(expected), rel=0.0, abs=6e-16)


def test_gini_of_one_holder_among_a_million():
    """One holder among n people gives (n - 1) / n, whatever the sum's size."""
    x = np.zeros(1_000_000)
    x[123] = 1e300
    assert e.gini(x) == pytest.approx(1 - 1e-6, rel=1e-12)


@pytest.mark.parametrize("isolated", [False, True])
def test_diffusion_in_place_gives_the_new_array_bit_for_bit(isolated):
    """Sharing into reused buffers (wealth updated in place) gives exactly the fresh result."""
    rng = np.random.default_rng(5)
    graph = nx.barabasi_albert_graph(300, 2, seed=5)
    if isolated:
        graph.add_nodes_from(range(300, 320))  # people with no tie keep what they hold
    ties = Ties.from_graph(graph, graph.number_of_nodes())
    wealth = rng.lognormal(0.0, 2.0, ties.degree.size)
    expected = e.diffuse(wealth, ties.spread, ties.has_ties, 0.07)
    mask = ties.has_ties if isolated else None  # None: everyone has a tie
    inplace = wealth.copy()
    give = np.full_like(wealth, np.nan)  # whatever a buffer held before is overwritten
    got = e.diffuse(inplace, ties.spread, mask, 0.07, out=inplace, give=give)
    assert got is inplace
    assert np.array_equal(got, expected)
    assert not np.array_equal(wealth, expected)  # the case shares something


def test_gini_with_a_scratch_buffer_is_the_same_number():
    """The Gini computed in a reused buffer equals the one computed in fresh arrays."""
    x = np.random.default_rng(9).lognormal(0.0, 1.0, 10_001)
    scratch = np.full_like(x, np.nan)
    assert e.gini(x, scratch) == e.gini(x)
    assert e.gini(x, scratch) == e.gini(x.copy())  # a second use of the same buffer too
