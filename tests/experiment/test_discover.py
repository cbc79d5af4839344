"""Scenario discovery with PRIM and CART on cases whose box is known."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from agi_economy.cli import main
from agi_economy.experiment.discover import cart_boxes, prim_boxes
from agi_economy.experiment.discovery import discover
from tests.experiment.fake_exploration import write_exploration

pytest.importorskip("ema_workbench")

BOX = {"a": (0.6, 1.0), "b": (0.0, 3.0)}
"""The true box: a in [0.6, 1] and b in [0, 3]; c does not matter."""


def _synthetic(n: int = 2000, seed: int = 0) -> tuple[pl.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = pl.DataFrame({"a": rng.random(n), "b": rng.random(n) * 10, "c": rng.random(n)})
    y = ((x["a"] >= 0.6) & (x["b"] <= 3.0)).to_numpy()
    return x, y


def _limits(limits: pl.DataFrame) -> dict[str, dict]:
    return {r["uncertainty"]: r for r in limits.filter(pl.col("box") == 1).iter_rows(named=True)}


@pytest.mark.parametrize("find", [prim_boxes, cart_boxes])
def test_the_known_box_is_found(find):
    """PRIM and CART restrict a from below near 0.6 and b from above near 3, and leave c free."""
    x, y = _synthetic()
    limits, stats, _ = find(x, y)
    got = _limits(limits)
    assert got["a"]["restricted"]
    assert got["b"]["restricted"]
    assert not got["c"]["restricted"]
    assert got["a"]["low"] == pytest.approx(0.6, abs=0.05)  # 5% of a's range
    assert got["b"]["high"] == pytest.approx(3.0, abs=0.5)  # 5% of b's range
    assert got["a"]["high"] == got["a"]["full_high"]
    box = stats.row(0, named=True)
    assert box["density"] >= 0.95
    assert box["coverage"] >= 0.9
    assert box["res_dim"] == 2
    assert box["k"] == pytest.approx(box["density"] * box["n"])


def test_prim_restrictions_are_significant_and_the_free_one_untested():
    """Each restriction PRIM makes carries a tiny quasi-p value; an unrestricted side none."""
    x, y = _synthetic()
    got = _limits(prim_boxes(x, y)[0])
    assert got["a"]["qp_low"] < 1e-6
    assert got["b"]["qp_high"] < 1e-6
    assert got["a"]["qp_high"] is None
    assert got["c"]["qp_low"] is None
    assert got["c"]["qp_high"] is None


def test_no_box_where_the_outcome_is_rare_everywhere():
    """With the outcome spread thinly and evenly, no box reaches the density asked for."""
    rng = np.random.default_rng(1)
    x = pl.DataFrame({"a": rng.random(1000), "b": rng.random(1000)})
    y = rng.random(1000) < 0.05
    _, stats, _ = prim_boxes(x, y, threshold=0.5)
    assert stats.height == 0


def _fake_folder(tmp_path):
    x, y = _synthetic(n=600, seed=2)
    runs = x.with_columns(
        policy=pl.lit("none"),
        point=pl.int_range(pl.len()),
        replicate=pl.lit(0),
        seed=pl.lit(1),
        takeover=pl.Series(y),
    )
    other = runs.with_columns(policy=pl.lit("pause"), takeover=pl.lit(False))
    return write_exploration(tmp_path / "ex", pl.concat([runs, other]), {k: (0, 1) for k in "abc"})


def test_discover_writes_boxes_figures_and_feature_scores(tmp_path):
    """discover over a folder finds the box, ranks a and b above c, and draws both figures."""
    folder = _fake_folder(tmp_path)
    result = discover(folder, "takeover", policy="none")
    got = _limits(result.limits)
    assert got["a"]["low"] == pytest.approx(0.6, abs=0.06)
    top = set(result.features["uncertainty"].head(2).to_list())
    assert top == {"a", "b"}
    where = folder / "discover" / "takeover-none-prim"
    for name in ("limits.parquet", "boxes.parquet", "peeling.parquet", "features.parquet"):
        assert pl.read_parquet(where / name).height > 0
    for name in ("peeling.png", "box_limits.png", "points.png"):
        assert (where / name).read_bytes()[:4] == b"\x89PNG"


def test_discover_cli_prints_the_box_and_rejects_bad_input(tmp_path, capsys):
    """The command prints coverage, density and limits; an unexplored policy exits 2."""
    folder = _fake_folder(tmp_path)
    assert main(["discover", str(folder), "--method", "cart"]) == 0
    text = capsys.readouterr().out
    assert "coverage" in text
    assert "density" in text
    assert "feature scores" in text
    assert main(["discover", str(folder), "--policy", "ban"]) == 2
    assert "was not explored" in capsys.readouterr().err
    assert main(["discover", str(folder), "--outcome", "nonsense"]) == 2
    assert main(["discover", str(tmp_path / "missing")]) == 2


def test_force_clears_the_analyses_of_the_old_exploration(tmp_path):
    """Starting over with --force removes robust's files and discover's folder too."""
    from agi_economy.experiment.runner import DERIVED_FILES
    from agi_economy.experiment.store import ResultStore

    folder = _fake_folder(tmp_path)
    discover(folder, plot=False)
    (folder / "robust.parquet").write_bytes(b"old")
    ResultStore(folder).clear(derived=DERIVED_FILES)
    assert not (folder / "discover").exists()
    assert not (folder / "robust.parquet").exists()
