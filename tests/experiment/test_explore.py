"""explore: every policy at every sampled point, paired seeds, resumable after a kill."""

from __future__ import annotations

import math
import subprocess
import sys
import time

import polars as pl
import pytest

from agi_economy.cli import main
from agi_economy.experiment.explore import explore

UNCERTAIN = ["agis.growth.k=0.9:1.4", "containment.box_strength=0.5:4:log"]
ARMS = ["pause:above=2", "rsi_gating"]


def test_explore_crosses_policies_with_points_and_pairs_seeds(tmp_path, tiny):
    """Each (policy, point, replicate) runs once; replicate i has one seed everywhere."""
    result = explore("foom", ARMS, UNCERTAIN, out=tmp_path, samples=6, replicates=2, seed=4,
                     **tiny)  # fmt: skip
    runs = pl.read_parquet(tmp_path / "runs.parquet")
    assert runs.equals(result.runs)
    assert runs.height == 3 * 6 * 2
    assert runs.columns[:6] == ["policy", "arm", "point", *(u.split("=")[0] for u in UNCERTAIN),
                                "replicate"]  # fmt: skip
    assert runs.select("policy", "point", "replicate").is_unique().all()
    assert set(runs["policy"]) == {"none", *ARMS}
    assert runs.group_by("replicate").agg(pl.col("seed").n_unique())["seed"].to_list() == [1, 1]
    per_point = runs.group_by("point").agg(pl.col("agis.growth.k").n_unique())
    assert per_point["agis.growth.k"].to_list() == [1] * 6  # every policy sees the same world
    k = runs.group_by("point").agg(pl.col("agis.growth.k").first())["agis.growth.k"]
    assert k.min() >= 0.9
    assert k.max() <= 1.4
    strata = sorted(math.floor((v - 0.9) / 0.5 * 6) for v in k)
    assert strata == list(range(6))  # a Latin hypercube: one point per stratum
    box = runs["containment.box_strength"]
    assert box.min() >= 0.5
    assert box.max() <= 4.0
    assert isinstance(result.table, pl.DataFrame)
    assert result.table["runs"].to_list() == [12, 12, 12]
    assert result.table["pairs"].to_list() == [0, 12, 12]
    points = pl.read_parquet(tmp_path / "points.parquet")
    assert points.height == 3 * 6
    paths = pl.read_parquet(tmp_path / "trajectories.parquet")
    assert paths.select("policy", "point", "replicate").unique().height == runs.height


def test_listed_levels_are_explored(tmp_path, tiny):
    """An uncertainty given as levels takes only those values."""
    result = explore("foom", [], ["agis.growth.k=0.9,1.3"], out=tmp_path, samples=4,
                     replicates=1, seed=1, plot=False, **tiny)  # fmt: skip
    assert set(result.runs["agis.growth.k"].to_list()) == {0.9, 1.3}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--uncertain", "agis.growth.kk=1:2"], "no field 'kk'"),
        (["--uncertain", "agis.growth.k=2:1"], "low <= high"),
        (["--uncertain", "agis.growth.k=abc"], "expected low:high"),
        (["--uncertain", "agis.growth.k=0:1:log"], "needs low > 0"),
        (["--uncertain", "agis.growth.k=1:2", "-p", "paws"], "unknown policy"),
        (["--uncertain", "agis.growth.k=1:2", "--design", "cube"], "unknown design"),
    ],
)
def test_bad_input_exits_2(tmp_path, capsys, args, message):
    """Bad uncertainties, policies and designs exit with status 2 and say why."""
    cli = ["explore", "foom", "--out", str(tmp_path / "x"), "--executor", "serial", *args]
    assert main(cli) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    if "--uncertain" in args and "-p" not in args and "--design" not in args:
        assert "--uncertain:" in err  # the option the user typed, not sweep's --vary


def test_explore_cli_prints_the_pooled_table(tmp_path, capsys):
    """The command prints every policy pooled over the points and lists its files."""
    cli = ["explore", "foom", "-p", "rsi_gating", "--uncertain", UNCERTAIN[0], "--samples", "3",
           "-r", "1", "--seed", "2", "--out", str(tmp_path), "--executor", "serial",
           "--set", "humans.count=100", "--steps", "30"]  # fmt: skip
    assert main(cli) == 0
    text = capsys.readouterr().out
    assert "3 points x 1 replicates" in text
    assert "rsi_gating" in text
    assert "points.parquet" in text


KILL_CLI = [
    "explore", "foom", "-p", "rsi_gating", "--uncertain", UNCERTAIN[0], "--uncertain",
    UNCERTAIN[1], "--samples", "8", "-r", "3", "--seed", "9", "--executor", "serial",
    "--checkpoint", "0", "--set", "humans.count=100", "--steps", "40",
]  # fmt: skip


def test_explore_resumes_after_sigkill_and_matches_an_uninterrupted_run(tmp_path):
    """Killed mid-run and resumed, an exploration ends byte-identical to an uninterrupted one."""
    killed = tmp_path / "killed"
    program = "from agi_economy.cli import main; main()"
    proc = subprocess.Popen([sys.executable, "-c", program, *KILL_CLI, "--out", str(killed)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 180
    try:
        while len(list((killed / "parts").glob("part-*.parquet"))) < 5:
            assert proc.poll() is None, "the exploration ended before it could be killed"
            assert time.monotonic() < deadline, "no results appeared in time"
            time.sleep(0.02)
    finally:
        proc.kill()
        proc.wait()
    assert not (killed / "runs.parquet").exists()
    calls = []
    resumed = explore("foom", ["rsi_gating"], UNCERTAIN, out=killed, samples=8, replicates=3,
                      resume=True, plot=False, progress=lambda d, n, f: calls.append(d),
                      humans__count=100, meta__steps=40)  # fmt: skip
    assert 0 < calls[0] < 2 * 8 * 3  # what the killed process finished is not run again
    assert resumed.experiment.seed == 9
    explore("foom", ["rsi_gating"], UNCERTAIN, out=tmp_path / "clean", samples=8, replicates=3,
            seed=9, plot=False, humans__count=100, meta__steps=40)  # fmt: skip
    for name in ("runs.parquet", "points.parquet", "comparison.parquet", "trajectories.parquet"):
        assert (killed / name).read_bytes() == (tmp_path / "clean" / name).read_bytes()


def test_explore_results_go_straight_into_ema_workbench(tmp_path, tiny):
    """The runs' uncertain values and outcomes feed EMA Workbench's feature scoring."""
    pytest.importorskip("ema_workbench")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import feature_scoring

    result = explore("foom", [], UNCERTAIN, out=tmp_path, samples=8, replicates=2, seed=3,
                     plot=False, **tiny)  # fmt: skip
    names = [u.split("=")[0] for u in UNCERTAIN]
    x = result.runs.select(names).to_pandas()
    outcomes = {"max_intelligence": result.runs["max_intelligence"].to_numpy()}
    scores = feature_scoring.get_feature_scores_all(x, outcomes, random_state=1)
    assert sorted(scores.index) == sorted(names)
    assert scores["max_intelligence"].sum() == pytest.approx(1.0)


def test_explore_writes_the_same_files_on_every_executor(tmp_path, tiny):
    """Serial and a process pool give byte-identical runs, points and trajectories."""
    from agi_economy.experiment import make_executor

    args = {"samples": 4, "replicates": 2, "seed": 8, "plot": False, **tiny}
    explore("foom", ["rsi_gating"], UNCERTAIN, out=tmp_path / "serial", **args)
    pool = make_executor("process", 2)
    try:
        explore("foom", ["rsi_gating"], UNCERTAIN, out=tmp_path / "pool", executor=pool,
                chunk_size=1, **args)  # fmt: skip
    finally:
        pool.close()
    for name in ("runs.parquet", "points.parquet", "comparison.parquet", "trajectories.parquet"):
        assert (tmp_path / "pool" / name).read_bytes() == (tmp_path / "serial" / name).read_bytes()


def test_invalid_points_fail_alone_and_an_all_invalid_design_names_uncertain(tmp_path, tiny):
    """A rejected point fails under every policy; rejecting them all is an --uncertain error."""
    from agi_economy.scenario import ScenarioError

    result = explore("slow_takeoff", ["rsi_gating"], ["labs.careless=0,3,4"], out=tmp_path,
                     design="grid", replicates=1, seed=2, labs__count=3, plot=False,
                     **tiny)  # fmt: skip
    failed = result.runs.filter(pl.col("status") == "failed")
    assert failed["labs.careless"].to_list() == [4, 4]
    assert set(failed["policy"]) == {"none", "rsi_gating"}
    assert [p for p, _ in result.extra["invalid_points"]] == [2]
    with pytest.raises(ScenarioError, match="every design point is invalid") as caught:
        explore("slow_takeoff", [], ["labs.careless=4,5"], out=tmp_path / "all", design="grid",
                replicates=1, labs__count=3, **tiny)  # fmt: skip
    assert caught.value.source == "--uncertain"
