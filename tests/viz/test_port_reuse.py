"""Restarting ``agi-economy viz --port P`` at once: a port in TIME_WAIT is free.

A server that closes a connection first leaves it in TIME_WAIT (about a minute on
Linux) on its own port. Uvicorn, which Solara runs, listens with ``SO_REUSEADDR``
(asyncio's ``create_server`` sets it by default on Unix), so it can listen there at
once; the command's own check that the port is free must ask the same way, or it
refuses a port the server could have used.
"""

from __future__ import annotations

import errno
import os
import socket
import subprocess
import sys
import urllib.request

import pytest

from agi_economy.cli.viz import choose_port, port_free
from agi_economy.viz.serve import free_port, stop, wait_until_up

HOST = "127.0.0.1"


def leave_in_time_wait(port: int) -> None:
    """Leave a connection on ``HOST:port`` in TIME_WAIT, as a stopped server does.

    The listening side accepts one connection and closes it first, so the kernel
    keeps that end (local port ``port``) in TIME_WAIT after every socket is closed.
    """
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((HOST, port))
        listener.listen()
        client = socket.create_connection((HOST, port))
        accepted, _ = listener.accept()
        accepted.close()  # the server's end closes first: it enters TIME_WAIT
        client.recv(1)  # wait for the FIN, then close the client's end
        client.close()


def plain_bind_fails(port: int) -> bool:
    """Whether binding ``HOST:port`` without ``SO_REUSEADDR`` fails with 'in use'."""
    with socket.socket() as sock:
        try:
            sock.bind((HOST, port))
        except OSError as exc:
            return exc.errno == errno.EADDRINUSE
    return False


@pytest.fixture
def port_in_time_wait() -> int:
    """A port whose only socket is a connection in TIME_WAIT."""
    port = free_port()
    leave_in_time_wait(port)
    assert plain_bind_fails(port), "the set-up must leave the port in TIME_WAIT"
    return port


def test_a_port_in_time_wait_is_free_and_a_listening_one_is_not(port_in_time_wait):
    """TIME_WAIT does not make a port busy; a live listener still does."""
    port = port_in_time_wait
    assert port_free(HOST, port)
    assert choose_port(HOST, port) == port
    with socket.socket() as other:
        other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        other.bind((HOST, port))
        other.listen()
        assert not port_free(HOST, port)
        with pytest.raises(ValueError, match="already in use"):
            choose_port(HOST, port)


def test_viz_serves_on_a_port_left_in_time_wait(tmp_path, port_in_time_wait):
    """``viz --port P`` right after a server on P stopped serves on P."""
    port = port_in_time_wait
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}
    log = tmp_path / "out.txt"
    command = [sys.executable, "-m", "agi_economy", "viz", "foom", "--port", str(port)]
    with open(log, "wb") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
        try:
            wait_until_up(f"http://{HOST}:{port}/", process, timeout=120)
            with urllib.request.urlopen(f"http://{HOST}:{port}/", timeout=30) as page:
                assert page.status == 200
        finally:
            stop(process)
    assert "already in use" not in log.read_text()
