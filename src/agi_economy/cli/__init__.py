"""The ``agi-economy`` command line: parses, calls the layers below, renders.

Exit statuses: 0 success, 2 bad input (a scenario, override or option), 1 anything
else; each failure prints a one-line cause and no traceback.
"""

from __future__ import annotations

import errno
import os
import signal
import sys
from collections.abc import Sequence

import typer

from agi_economy.cli import evidence as _evidence  # noqa: F401  (registers commands)
from agi_economy.cli import experiment as _experiment  # noqa: F401  (registers commands)
from agi_economy.cli import explore as _explore  # noqa: F401  (registers commands)
from agi_economy.cli import forecast as _forecast  # noqa: F401  (registers commands)
from agi_economy.cli import model_checks as _model_checks  # noqa: F401  (registers commands)
from agi_economy.cli import reproduce as _reproduce  # noqa: F401  (registers commands)
from agi_economy.cli import run as _run  # noqa: F401  (registers commands)
from agi_economy.cli import viz as _viz  # noqa: F401  (registers commands)
from agi_economy.cli.app import app
from agi_economy.cli.common import BadInput, err_console
from agi_economy.cli.console import print_error


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``agi-economy`` command; returns (and exits with) the status."""
    if argv is None:  # the command itself, not a caller in Python: SIGTERM acts as Ctrl-C
        signal.signal(signal.SIGTERM, _terminate)
    status = _dispatch(list(argv) if argv is not None else sys.argv[1:])
    if _TERMINATED:
        status = 128 + signal.SIGTERM  # the status a shell reports for SIGTERM
    if argv is None:
        sys.exit(status)
    return status


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled as Ctrl-C is: finished work is kept and the user told so."""


_TERMINATED: list[int] = []


def _terminate(signum: int, frame: object) -> None:
    _TERMINATED.append(signum)
    raise Terminated


def _dispatch(args: list[str]) -> int:
    try:
        result = app(args=args, prog_name="agi-economy", standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        err_console.print("aborted")
        return 1
    except typer.TyperException as exc:  # usage errors: bad option, bad value, no such command
        exc.show()
        return exc.exit_code
    except BadInput as exc:
        print_error(f"error: {exc}")
        return 2
    except KeyboardInterrupt:
        err_console.print("interrupted")
        return 130
    except Exception as exc:  # noqa: BLE001  -- one line, no traceback, unless asked for
        if _is_bad_scenario(exc):
            print_error(f"error: {exc}")
            return 2
        if os.environ.get("AGI_ECONOMY_DEBUG"):
            raise
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            where = f" writing {exc.filename}" if exc.filename else ""
            print_error(f"error: no space left on the device{where}")
            return 1
        print_error(f"error: {type(exc).__name__}: {exc}")
        return 1
    return result if isinstance(result, int) else 0


def _is_bad_scenario(exc: Exception) -> bool:
    """Whether ``exc`` is a scenario error (the scenario module loads only if one was raised)."""
    scenario = sys.modules.get("agi_economy.scenario")
    return scenario is not None and isinstance(exc, scenario.ScenarioError)
