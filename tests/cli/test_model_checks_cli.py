"""`validate-model` and `estimate-k`: tables, figures, exit statuses and messages."""

from __future__ import annotations

import json

import pytest

from agi_economy import simulate
from agi_economy.cli import main
from agi_economy.validation import Case, cases, counts_line
from agi_economy.validation.checks import Outcome
from tests.tables import column_texts, squash

WORLD = {
    "meta": {"name": "k_cli", "steps": 40},
    "humans": {"count": 60},
    "agis": {"growth": {"rule": "self_finetune", "rho": 0.8, "noise": 0.2}},
    # No audits or escapes: no shutdowns, so the frame holds every ratio the summary pools.
    "containment": {"audit_rate": 0.0, "escape_scale": 0.0, "iteration_failure": 0.0},
}


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    """A run folder with the agent frame and summary, as `run --out` writes them."""
    folder = tmp_path_factory.mktemp("run")
    result = simulate(WORLD, seed=5)
    result.agents.write_parquet(folder / "agents.parquet")
    (folder / "summary.json").write_text(json.dumps(result.summary))
    return folder, result


def test_validate_model_prints_the_table(capsys):
    """`validate-model` prints case, kind, expected, got and pass, then the counts per kind."""
    groups = ["takeoff", "criticality"]
    assert main(["validate-model", "--group", groups[0], "--group", groups[1]]) == 0
    out = capsys.readouterr().out
    for text in ("kind", "expected", "got", "pass", "cases passed"):
        assert text in out
    lines = out.splitlines()
    selected = cases(groups)
    table = out[: out.index(counts_line(selected))]
    names, kinds = column_texts(table)[:2]  # every row whole, however the cells wrap
    expected, group = [], None
    for case in selected:
        if case.group != group:
            group = case.group
            expected.append(group)
        expected.append(f"{case.name} ({case.source})")
    assert names == squash("".join(expected))
    assert kinds == "".join(case.kind for case in selected)
    assert counts_line(selected) in lines
    assert "FAIL" not in out


def test_validate_model_exits_1_when_a_case_fails(monkeypatch, capsys):
    """A failing case shows FAIL in the table and makes the command exit 1."""
    bad = Case(
        "always wrong", "takeoff", "Christiano 2018", "external", lambda: Outcome("1", "2", False)
    )
    monkeypatch.setattr("agi_economy.validation._all_cases", lambda: (bad,))
    assert main(["validate-model"]) == 1
    captured = capsys.readouterr()
    assert "FAIL" in captured.out
    assert "always wrong" in captured.err


def test_validate_model_unknown_group_is_bad_input(capsys):
    """An unknown --group exits 2 naming the option."""
    assert main(["validate-model", "--group", "astrology"]) == 2
    assert "--group" in capsys.readouterr().err


def test_estimate_k_reports_each_agi_and_writes_the_figure(run_dir, capsys):
    """`estimate-k` lists every AGI with k, interval and regime, and writes k_gains.png."""
    folder, result = run_dir
    assert main(["estimate-k", str(folder)]) == 0
    out = capsys.readouterr().out
    agis = result.agents.filter(result.agents["kind"] == "agi")["agent_id"].unique()
    for agent in agis:
        assert str(agent) in out
    assert "fizzle" in out
    assert "matches the run summary" in out
    png = folder / "k_gains.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_estimate_k_trend_method_and_out(run_dir, tmp_path, capsys):
    """--method trend and --out write the figure where asked."""
    folder, _ = run_dir
    target = tmp_path / "figs" / "gains.png"
    assert main(["estimate-k", str(folder), "--method", "trend", "--out", str(target)]) == 0
    assert "trend" in capsys.readouterr().out
    assert target.is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--method", "ols"], "--method"),
        (["--level", "1.5"], "--level"),
    ],
)
def test_estimate_k_bad_options_exit_2(run_dir, args, message, capsys):
    """Bad options exit 2 naming the option."""
    folder, _ = run_dir
    assert main(["estimate-k", str(folder), *args]) == 2
    assert message in capsys.readouterr().err


def test_estimate_k_missing_folder_or_file_exits_2(tmp_path, capsys):
    """A missing RUN_DIR, agents.parquet or a corrupt file exits 2 with a one-line message."""
    folder = tmp_path / ("a_run_folder_whose_name_is_longer_than_a_line_of_eighty_columns" * 2)
    folder.mkdir()

    def err() -> list[str]:
        return capsys.readouterr().err.splitlines()

    assert main(["estimate-k", str(folder / "absent")]) == 2
    assert err()[0].startswith(f"error: RUN_DIR: no such folder {folder / 'absent'} (")
    assert main(["estimate-k", str(folder)]) == 2
    assert err()[0].startswith(f"error: RUN_DIR: {folder / 'agents.parquet'} not found (")
    (folder / "agents.parquet").write_text("not parquet")
    assert main(["estimate-k", str(folder)]) == 2
    assert err()[0].startswith(f"error: {folder / 'agents.parquet'}: not a readable Parquet file")


def test_estimate_k_after_run_out(tmp_path, capsys):
    """The folder `agi-economy run --out` writes is what `estimate-k` reads."""
    folder = tmp_path / "run"
    args = ["run", "combustion", "--steps", "24", "--seed", "2", "--set", "humans.count=80"]
    assert main([*args, "--out", str(folder)]) == 0
    capsys.readouterr()
    assert main(["estimate-k", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "combustion" in out
    assert (folder / "k_gains.png").is_file()


@pytest.mark.parametrize("exists", [True, False], ids=["existing", "new"])
def test_estimate_k_out_at_a_folder_writes_inside_it(run_dir, tmp_path, capsys, exists):
    """--out DIR writes DIR/k_gains.png, never DIR.png beside the folder."""
    folder, _ = run_dir
    target = tmp_path / "figures"
    if exists:
        target.mkdir()
    assert main(["estimate-k", str(folder), "--out", str(target)]) == 0
    assert (target / "k_gains.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not (tmp_path / "figures.png").exists()
    assert f"wrote {target / 'k_gains.png'}" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["gains.xyz", "a_file/gains.png"])
def test_estimate_k_out_it_cannot_write_exits_2(run_dir, tmp_path, capsys, name):
    """An unknown figure format or a path through a file exits 2 naming --out."""
    folder, _ = run_dir
    (tmp_path / "a_file").write_text("")
    assert main(["estimate-k", str(folder), "--out", str(tmp_path / name)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --out:")
    assert "Traceback" not in err
