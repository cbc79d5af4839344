"""Shell completion of scenario and policy names for the commands that take them.

``agi-economy --install-completion`` (Typer's) installs a script that asks the command
itself for candidates: the shell sets ``_AGI_ECONOMY_COMPLETE`` and the words typed so
far, and the functions here answer for the arguments that name a world or a policy.
"""

from __future__ import annotations

from pathlib import Path

TRIGGER_KEYS = ("enforcement", "from_month", "until_month", "when", "latch", "duration")
"""Keys every policy takes besides its own (the trigger and its enforcement)."""


def complete_scenario(incomplete: str) -> list[tuple[str, str]]:
    """Built-in worlds starting with ``incomplete``, then matching TOML files and folders."""
    from agi_economy.files import builtin_names

    names = [(n, "built-in world") for n in builtin_names() if n.startswith(incomplete)]
    paths = [(p, "folder" if p.endswith("/") else "scenario file") for p in _toml_paths(incomplete)]
    return names + paths


def _toml_paths(incomplete: str) -> list[str]:
    """TOML files and folders whose path starts with ``incomplete`` (relative or absolute)."""
    folder, slash, stem = incomplete.rpartition("/")
    base = Path(folder or ("/" if slash else "."))
    if not base.is_dir():
        return []
    found = []
    prefix = folder + slash
    for entry in sorted(base.iterdir()):
        if not entry.name.startswith(stem) or entry.name.startswith("."):
            continue
        if entry.is_dir():
            found.append(f"{prefix}{entry.name}/")
        elif entry.suffix == ".toml":
            found.append(f"{prefix}{entry.name}")
    return found


def complete_policy(incomplete: str) -> list[tuple[str, str]]:
    """Policy names, or a policy's keys after ``NAME:``, for ``-p NAME[:key=value,...]``.

    Arms join policies with ``+``: only the policy being typed (after the last ``+``)
    is completed, and what came before is kept in every candidate.
    """
    from agi_economy.policies import POLICIES

    head, plus, current = incomplete.rpartition("+")
    kept = head + plus
    name, colon, params = current.partition(":")
    if not colon:
        return [
            (kept + policy, cls.description)
            for policy, cls in POLICIES.items()
            if policy.startswith(name)
        ]
    if name not in POLICIES:
        return []
    done, comma, key = params.rpartition(",")
    stem = f"{kept}{name}:{done}{comma}"
    fields = POLICIES[name].model_fields
    keys = [k for k in fields if k not in ("name", "trigger", *TRIGGER_KEYS)]
    helps = {k: fields[k].description or k for k in keys} | dict.fromkeys(
        TRIGGER_KEYS, "any policy"
    )
    return [(f"{stem}{k}=", helps[k]) for k in helps if k.startswith(key) and "=" not in key]
