"""A chunk of runs that reports, once it is done, how many models its process still holds."""

from __future__ import annotations

import gc
import os
from typing import Any

import mesa

from agi_economy.experiment.tasks import Chunk, run_chunk
from agi_economy.model import AGIEconomy


def live_models() -> tuple[int, int]:
    """Models alive in this process after a full collection, and models Mesa holds."""
    gc.collect()
    alive = sum(isinstance(o, AGIEconomy) for o in gc.get_objects())
    held = sum(isinstance(k, AGIEconomy) for k in list(mesa.Agent._ids))
    return alive, held


def run_and_count(chunk: Chunk) -> dict[str, Any]:
    """Run the chunk where it is sent; its rows, the process and the models left alive."""
    rows = run_chunk(chunk)
    alive, held = live_models()
    return {"rows": rows, "pid": os.getpid(), "alive": alive, "held": held}
