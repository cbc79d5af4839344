"""The live view answers only requests addressed to it, by its own pages.

A page on another site can point its own name at 127.0.0.1 (DNS rebinding) and
then read whatever the view serves through the visitor's own browser; it can also
open a websocket to the view from its own origin. :class:`HostGuard` refuses, with
403, every request (websocket upgrades included) whose ``Host`` is not an address
the server was started on, or that carries an ``Origin`` other than such an address.
It is plain ASGI, so the package imports nothing of the web stack for it.
"""

from __future__ import annotations

import socket
from collections.abc import Awaitable, Callable, Collection, MutableMapping
from typing import Any
from urllib.parse import urlsplit

Scope = MutableMapping[str, Any]
ASGIApp = Callable[
    [Scope, Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]
]  # noqa: E501

LOOPBACK = ("127.0.0.1", "localhost", "::1")
WILDCARD = ("0.0.0.0", "::", "")


def _bracketed(name: str) -> str:
    return f"[{name}]" if ":" in name and not name.startswith("[") else name


def served_hosts(host: str, port: int) -> frozenset[str]:
    """The ``Host`` values (``name:port``) that address a server on ``host:port``."""
    names = {host}
    if host in LOOPBACK or host in WILDCARD:
        names.update(LOOPBACK)
    if host in WILDCARD:  # every address of this machine, and its names
        names.update({socket.gethostname(), socket.getfqdn()})
        try:
            infos = socket.getaddrinfo(socket.gethostname(), None)
        except OSError:
            infos = []
        names.update(str(info[4][0]) for info in infos)
        names.discard("")
    hosts = {f"{_bracketed(n)}:{port}".lower() for n in names if n not in WILDCARD}
    if port == 80:
        hosts.update(_bracketed(n).lower() for n in names if n not in WILDCARD)
    return frozenset(hosts)


class HostGuard:
    """ASGI middleware: 403 unless ``Host`` (and ``Origin``, when sent) is served here."""

    def __init__(self, app: ASGIApp, hosts: Collection[str]):
        self.app = app
        self.hosts = frozenset(h.lower() for h in hosts)

    def problem(self, headers: list[tuple[bytes, bytes]]) -> str | None:
        """Why a request with these headers is refused, or None."""
        found = {k.lower(): v.decode("latin-1") for k, v in headers}
        if found.get(b"host", "").lower() not in self.hosts:
            return "Host"
        origin = found.get(b"origin")
        if origin is not None:
            parts = urlsplit(origin)
            if parts.scheme not in ("http", "https") or parts.netloc.lower() not in self.hosts:
                return "Origin"
        return None

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        """Pass the request on, or refuse it."""
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        problem = self.problem(scope.get("headers", []))
        if problem is None:
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await receive()  # websocket.connect; closing before accepting answers 403
            await send({"type": "websocket.close", "code": 1008})
            return
        body = f"forbidden: this server does not answer for that {problem}\n".encode()
        await send(
            {
                "type": "http.response.start",
                "status": 403,
                "headers": [
                    (b"content-type", b"text/plain"),
                    (b"content-length", b"%d" % len(body)),
                ],  # noqa: E501
            }
        )
        await send({"type": "http.response.body", "body": body})
