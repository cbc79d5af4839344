"""Explore mode: an exploration's points over two uncertainties, redrawn as runs come in.

Point it at the folder of an ``agi-economy explore`` (running or finished, given on
the page or with ``agi-economy viz --explore DIR``). Every explored point is drawn
over two chosen uncertainties, coloured by the share of its finished runs under the
chosen policy that had the outcome, with PRIM's first box over the runs so far drawn
on top (:func:`agi_economy.experiment.live.snapshot`). The folder is read again every
``REFRESH`` seconds until the exploration has finished.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
from pathlib import Path

import solara

from agi_economy.experiment.discovery import points_figure
from agi_economy.experiment.live import Snapshot, runs_so_far, snapshot
from agi_economy.scenario import ScenarioError
from agi_economy.viz.settings import ENV_DEFAULTS

REFRESH = 1.0  # s between reads of a running exploration's folder
OUTCOMES = ("takeover", "escape")


def default_folder() -> str:
    """The folder the command line passed with ``--explore`` (empty when none)."""
    raw = os.environ.get(ENV_DEFAULTS)
    return str(json.loads(raw).get("explore") or "") if raw else ""


def signature(folder: str) -> tuple:
    """What changes when runs are added: the names and sizes of the result files."""
    root = Path(folder)
    files = [root / "runs.parquet", *sorted((root / "parts").glob("part-*.parquet"))]
    return tuple((p.name, p.stat().st_size) for p in files if p.is_file())


def snapshot_png(snap: Snapshot, x: str, y: str, outcome: str) -> bytes:
    """The points and the box as a PNG."""
    figure = points_figure(snap.cases, x, y, snap.limits, outcome)
    figure.set_size_inches(5.6, 4.4)  # the page's size, not a paper's column
    box = snap.stats.row(0, named=True) if snap.stats.height else None
    note = (
        f"box 1: coverage {box['coverage']:.2f}, density {box['density']:.2f}"
        if box
        else "no box yet"
    )
    figure.axes[0].set_title(f"{snap.done} of {snap.total} runs; {note}", fontsize=9)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


@solara.component
def ExplorePanel():
    """The folder, policy, outcome and axes pickers, and the figure."""
    folder = solara.use_reactive(default_folder())
    policy = solara.use_reactive("none")
    outcome = solara.use_reactive("takeover")
    axes = solara.use_reactive(("", ""))
    version = solara.use_reactive(0)
    found = solara.use_memo(lambda: _read(folder.value), [folder.value, version.value])
    snap = solara.use_memo(
        lambda: _snapshot(folder.value, policy.value, outcome.value),
        [folder.value, version.value, policy.value, outcome.value],
    )

    async def poll() -> None:
        seen = None
        while folder.value:
            now = signature(folder.value)
            if now != seen:
                seen = now
                version.value += 1
            if any(name == "runs.parquet" for name, _ in now):
                return  # finished: nothing more will come
            await asyncio.sleep(REFRESH)

    solara.lab.use_task(poll, dependencies=[folder.value], prefer_threaded=False)
    with solara.Column(gap="8px", classes=["explore-panel"]):
        solara.InputText("Exploration folder", value=folder, continuous_update=False)
        if isinstance(found, str):
            solara.Warning(found)
            return
        exploration, _ = found
        names = exploration.uncertain
        x, y = axes.value
        x = x if x in names else names[0]
        y = y if y in names else names[min(1, len(names) - 1)]
        with solara.Row(gap="8px"):
            solara.Select("Policy", values=exploration.policies, value=policy)
            solara.Select("Outcome", values=list(OUTCOMES), value=outcome)
            solara.Select("x", values=names, value=x, on_value=lambda v: axes.set((v, y)))
            solara.Select("y", values=names, value=y, on_value=lambda v: axes.set((x, v)))
        if isinstance(snap, str):
            solara.Warning(snap)
            return
        if snap is None:
            solara.Text(f"No finished runs of {policy.value} yet.", classes=["hint"])
            return
        state = "finished" if snap.done == snap.total else "finished so far"
        solara.Text(f"{snap.done} of {snap.total} runs {state}", classes=["explore-progress"])
        solara.Image(snapshot_png(snap, x, y, outcome.value), classes=["explore-figure"])


def _read(folder: str):
    """The exploration so far, or a sentence saying why there is none to show."""
    if not folder:
        return "Give the folder of an exploration (agi-economy explore ... --out DIR)."
    try:
        found = runs_so_far(folder)
    except ScenarioError as exc:
        return str(exc)
    return found if found is not None else f"{folder}: no exploration runs there yet."


def _snapshot(folder: str, policy: str, outcome: str):
    """The snapshot to draw, None before the policy's first run, or why it cannot be."""
    if not folder:
        return None
    try:
        return snapshot(folder, policy, outcome)
    except ScenarioError as exc:
        return str(exc)
