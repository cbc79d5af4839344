"""``agi-economy viz``: serve the live Solara view on this machine and print its address.

Solara is imported inside the command only, so the rest of the command line stays
fast and works without the ``viz`` extra. The app itself is ``viz/app.py``, shipped
in the package; the command hands it the scenarios, seed and overrides
through one environment variable, and the page carries them in its URL from then on.
"""

from __future__ import annotations

import json
import os
import socket
import warnings
from pathlib import Path
from typing import Annotated

import typer

from agi_economy.cli.app import app
from agi_economy.cli.common import BadInput, console, parse_sets
from agi_economy.cli.completion import complete_scenario

DEFAULT_PORT = 8765
MAX_REPLICATES = 1000  # the live view's Replicates field offers no more
DEFAULTS_ENV = "AGI_ECONOMY_VIZ_DEFAULTS"  # read by agi_economy/viz/settings.py


def find_app() -> Path:
    """``viz/app.py`` of the installed package this command runs from, and no other.

    Never a path relative to the working directory: ``agi-economy viz`` run in a
    folder holding someone else's ``viz/app.py`` must not execute it. The path is found
    without importing the app, so that Solara loads only when the server starts.
    """
    path = Path(__file__).resolve().parents[1] / "viz" / "app.py"
    if path.is_file():
        return path
    raise BadInput(
        "viz: the live view's app (agi_economy/viz/app.py) was not found in the installed "
        "package; reinstall it with pip install 'agi-economy[viz]'"
    )


def guard_server(app_path: Path, host: str, port: int) -> None:
    """Put :class:`HostGuard` in front of the Solara server this process will run.

    ``solara run`` serves ``solara.server.starlette:app`` from this process; it is
    imported here first, with the environment ``solara run`` sets, so that the guard
    is in its middleware before the first request.
    """
    from agi_economy.cli.host_guard import HostGuard, served_hosts

    os.environ["SOLARA_APP"] = str(app_path)
    os.environ["SERVER_NAME"] = host
    os.environ["SERVER_PORT"] = str(port)
    from solara.server.starlette import app as server

    server.add_middleware(HostGuard, hosts=served_hosts(host, port))


def port_free(host: str, port: int) -> bool:
    """Whether ``host:port`` can be listened on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Ask as the server will: uvicorn (which Solara runs) listens through asyncio's
        # loop.create_server, whose reuse_address defaults to True on Unix (Python docs,
        # asyncio-eventloop, "Creating network servers"), so a port whose last server
        # left connections in TIME_WAIT is free to it; a live listener still is not.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def choose_port(host: str, port: int | None) -> int:
    """The port asked for (it must be free), else 8765, else any free one."""
    if port is not None:
        if port and not port_free(host, port):
            raise BadInput(f"--port: {host}:{port} is already in use")
        return port or _any_free_port(host)
    return DEFAULT_PORT if port_free(host, DEFAULT_PORT) else _any_free_port(host)


def _any_free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def check_full_world(names: list[str], other_mode: bool, overrides: dict) -> None:
    """Refuse ``--full-world`` unless it has one published special case to open up."""
    from agi_economy.scenario import load_scenario
    from agi_economy.validation.opened import full_world, special_cases

    cases = ", ".join(special_cases())
    if other_mode:
        raise BadInput("--full-world: opens two worlds; not with --ensemble or --explore")
    if len(names) != 1 or names[0] not in special_cases():
        raise BadInput(f"--full-world: give one published special case ({cases})")
    load_scenario(full_world(names[0]), **overrides)  # the --set values must fit it too


@app.command("viz")
def viz(
    scenarios: Annotated[
        list[str] | None,
        typer.Argument(
            help="One scenario, or two to watch side by side (default: slow_takeoff).",
            autocompletion=complete_scenario,
        ),
    ] = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[
        int | None,
        typer.Option(min=0, max=65535, help=f"Port (default {DEFAULT_PORT}, or a free one)."),
    ] = None,
    seed: Annotated[
        int | None, typer.Option(min=0, max=2**63 - 1, help="Seed of the worlds.")
    ] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option("--set", help="Override a field, e.g. --set agis.growth.k=1.1 (repeat)."),
    ] = None,
    explore: Annotated[
        Path | None,
        typer.Option(help="Open in explore mode on this exploration's folder (running or done)."),
    ] = None,
    ensemble: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=MAX_REPLICATES,
            metavar="N",
            help="Open in ensemble mode: N replicates of the scenario, seeds spawned from --seed.",
        ),
    ] = None,
    full_world: Annotated[
        bool,
        typer.Option(
            "--full-world",
            help="Open two worlds: the scenario, a published special case (one that "
            "agi-economy reproduce runs), beside the full world built from its parameters.",
        ),
    ] = False,
) -> None:
    """Serve the live view in the browser: one world, two side by side, or an ensemble.

    Example: agi-economy viz slow_takeoff foom --seed 7
    (or: agi-economy viz foom --ensemble 40; agi-economy viz --explore experiments/explore-foom;
    agi-economy viz davidson_houlden --full-world)
    """
    names = list(scenarios or [])
    if len(names) > 2:
        raise BadInput("viz: give at most two scenarios (two worlds are shown side by side)")
    if ensemble is not None and len(names) > 1:
        raise BadInput("--ensemble: give one scenario (its replicates are run, not two worlds)")
    if ensemble is not None and explore is not None:
        raise BadInput("--ensemble: cannot open ensemble and explore mode at once")
    from agi_economy.scenario import load_scenario

    overrides = parse_sets(sets)
    for name in names or ["slow_takeoff"]:
        load_scenario(name, **overrides)  # bad names and overrides fail here, with exit 2
    if full_world:
        check_full_world(names, ensemble is not None or explore is not None, overrides)
    if explore is not None and explore.exists() and not explore.is_dir():
        raise BadInput(f"--explore: {explore} is a file; give an exploration's results folder")
    app_path = find_app()
    chosen = choose_port(host, port)
    os.environ[DEFAULTS_ENV] = json.dumps(
        {
            "scenarios": names,
            "seed": seed,
            "overrides": overrides,
            "explore": str(explore.resolve()) if explore is not None else None,
            "ensemble": ensemble,
            "full_world": full_world,
        }  # fmt: skip
    )
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")  # no calls home
    os.environ.setdefault("SOLARA_KERNEL_CULL_TIMEOUT", "15m")  # free a closed tab's worlds
    # Write websocket frames from the rendering thread instead of one event-loop round
    # trip per message: every step sends several images, and this doubles the rate.
    os.environ.setdefault("SOLARA_SERVER_SYNC_WS_WRITE", "true")
    try:
        from solara.__main__ import cli as solara_cli  # lazily: the CLI stays fast
    except ImportError:
        raise BadInput(
            "viz: Solara is not installed; install the live view with pip install -e '.[viz]'"
        ) from None
    guard_server(app_path, host, chosen)
    warnings.filterwarnings("ignore", message="Cookies with samesite=none")  # plain http
    shown = f"[{host}]" if ":" in host else host
    console.print(f"agi-economy live view: http://{shown}:{chosen}/  (Ctrl+C stops it)")
    solara_cli.main(
        args=[
            "run",
            str(app_path),
            "--host",
            host,
            "--port",
            str(chosen),
            "--no-open",
            "--production",
            "--no-check-version",
            "--log-level",
            "warning",
        ],
        prog_name="solara",
        standalone_mode=False,
    )
