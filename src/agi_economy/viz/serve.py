"""Run the live view in a child process on a free local port (browser tests, benchmarks).

``served()`` starts ``agi-economy viz`` on 127.0.0.1, waits until the page
answers and always stops the server (and its children) when the block ends.
The browser is Debian's Chromium driven by Playwright; ``CHROMIUM_ARGS`` keeps it
from calling home.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

APP = Path(__file__).resolve().parent / "app.py"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass(frozen=True)
class Server:
    """A running server: its address and process id."""

    url: str
    pid: int

    def cpu_seconds(self) -> float:
        """CPU time the server process has used so far (user + system)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    """A port on 127.0.0.1 nobody listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen, timeout: float) -> None:
    """Poll ``url`` until it answers; fail early if the server died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


@contextlib.contextmanager
def served(
    timeout: float = 60.0, log: Path | None = None, env: dict | None = None
) -> Iterator[str]:
    """Serve the app on a free 127.0.0.1 port; yield its address; stop it afterwards."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    environment = {
        **os.environ,
        "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
        "SOLARA_SERVER_SYNC_WS_WRITE": "true",  # see agi_economy.cli.viz
        **(env or {}),
    }
    # through the command line, so the server is the one users run (Host/Origin guard too)
    command = [
        sys.executable,
        "-m",
        "agi_economy",
        "viz",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115  -- closed below
    process = subprocess.Popen(
        command, stdout=out, stderr=subprocess.STDOUT, env=environment, start_new_session=True
    )
    try:
        wait_until_up(url, process, timeout)
        yield Server(url, process.pid)
    finally:
        stop(process)
        if log:
            out.close()


def stop(process: subprocess.Popen) -> None:
    """Stop the server's whole process group: politely, then for good."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
