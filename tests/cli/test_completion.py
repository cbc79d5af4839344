"""Shell completion: the script Typer installs, and the candidates the command gives it."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys

import pytest

from agi_economy.policies import POLICIES
from agi_economy.scenario import builtin_names

VAR = "_AGI_ECONOMY_COMPLETE"


def _command(args: list[str], env: dict[str, str], cwd=None) -> subprocess.CompletedProcess:
    """The installed command in a fresh process, as a shell's completion function calls it."""
    return subprocess.run(
        [sys.executable, "-m", "agi_economy", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=cwd,
        check=False,
    )


def _bash_candidates(words: list[str], cwd=None) -> list[str]:
    """What bash completion offers for the last word (Click's protocol: COMP_WORDS, COMP_CWORD)."""
    env = {VAR: "complete_bash", "COMP_WORDS": " ".join(words), "COMP_CWORD": str(len(words) - 1)}
    proc = _command([], env, cwd)
    assert proc.returncode == 0, proc.stderr
    return [line.split(",", 1)[-1] for line in proc.stdout.splitlines() if line]


def test_bash_script_from_show_completion_completes_a_world():
    """The script `--show-completion` prints, loaded in bash, completes `run fo` to `foom`."""
    script = f"""
    agi-economy() {{ {shlex.quote(sys.executable)} -m agi_economy "$@"; }}
    eval "$(agi-economy --show-completion)"
    COMP_WORDS=(agi-economy run fo); COMP_CWORD=2
    _agi_economy_completion agi-economy
    printf '%s\\n' "${{COMPREPLY[@]}}"
    """
    proc = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, check=False, env=dict(os.environ)
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["foom"], proc.stdout


def test_help_offers_to_install_completion():
    """The top-level help lists --install-completion and --show-completion."""
    proc = _command(["--help"], {"COLUMNS": "120"})
    assert "--install-completion" in proc.stdout
    assert "--show-completion" in proc.stdout


@pytest.mark.parametrize("command", ["run", "compare", "viz"])
def test_scenario_arguments_complete_to_builtin_worlds(command):
    """A scenario argument completes a prefix to the built-in worlds that start with it."""
    assert _bash_candidates(["agi-economy", command, "fo"]) == ["foom"]
    every = _bash_candidates(["agi-economy", command, ""])
    assert set(builtin_names()) <= set(every)


def test_scenario_argument_completes_toml_files(tmp_path):
    """A scenario argument also completes a path to a TOML file (and folders), not other files."""
    (tmp_path / "worlds").mkdir()
    (tmp_path / "worlds" / "strong_boxes.toml").write_text('extends = "foom"\n')
    (tmp_path / "worlds" / "notes.txt").write_text("")
    assert _bash_candidates(["agi-economy", "run", "wo"], cwd=tmp_path) == ["worlds/"]
    got = _bash_candidates(["agi-economy", "run", "worlds/"], cwd=tmp_path)
    assert got == ["worlds/strong_boxes.toml"]


@pytest.mark.parametrize("command", [["run", "foom"], ["compare", "foom"]])
def test_policy_option_completes_to_policy_names(command):
    """`-p` completes to every policy name, and a prefix to those that start with it."""
    assert set(_bash_candidates(["agi-economy", *command, "-p", ""])) == set(POLICIES)
    assert _bash_candidates(["agi-economy", *command, "-p", "pau"]) == ["pause"]


def test_policy_option_completes_a_policys_keys_and_joined_arms():
    """After NAME: the policy's own keys complete; after + the next policy's name does."""
    keys = _bash_candidates(["agi-economy", "compare", "foom", "-p", "pause:ab"])
    assert keys == ["pause:above="]
    joined = _bash_candidates(["agi-economy", "compare", "foom", "-p", "rsi_gating+pau"])
    assert joined == ["rsi_gating+pause"]


def test_zsh_candidates_carry_their_description():
    """zsh and fish show each candidate with what it is (a policy's description)."""
    env = {VAR: "complete_zsh", "_TYPER_COMPLETE_ARGS": "agi-economy compare foom -p pau"}
    proc = _command([], env)
    assert proc.returncode == 0, proc.stderr
    assert '"pause"' in proc.stdout
    assert POLICIES["pause"].description.split(" (")[0] in proc.stdout
