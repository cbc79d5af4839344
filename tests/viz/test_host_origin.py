"""The live view answers only requests addressed to it by its own pages (plain HTTP)."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import pytest

from agi_economy.cli.host_guard import served_hosts

UPGRADE = {
    "Connection": "Upgrade",
    "Upgrade": "websocket",
    "Sec-WebSocket-Version": "13",
    "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
}
WEBSOCKET = "/jupyter/api/kernels/probe/channels?session_id=probe"


def _status(url: str, path: str, headers: dict[str, str]) -> int:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.putrequest("GET", path, skip_host=True)
        for key, value in headers.items():
            connection.putheader(key, value)
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


def test_foreign_host_or_origin_is_refused_and_the_own_is_served(server):
    """A rebound name or another site's page gets 403, on pages and websocket upgrades alike."""
    port = urlsplit(server.url).port
    own = f"127.0.0.1:{port}"
    assert _status(server.url, "/", {"Host": own}) == 200
    assert _status(server.url, "/", {"Host": f"localhost:{port}"}) == 200
    assert _status(server.url, "/", {"Host": own, "Origin": f"http://{own}"}) == 200
    for headers in (
        {"Host": f"attacker.example:{port}"},
        {"Host": own, "Origin": "http://attacker.example"},
        {"Host": own, "Origin": "null"},
    ):
        assert _status(server.url, "/", headers) == 403, headers
        assert _status(server.url, WEBSOCKET, {**headers, **UPGRADE}) == 403, headers
    assert (
        _status(server.url, WEBSOCKET, {"Host": own, "Origin": f"http://{own}", **UPGRADE}) == 101
    )


@pytest.mark.parametrize(
    ("host", "expected", "refused"),
    [
        ("127.0.0.1", {"127.0.0.1:8765", "localhost:8765", "[::1]:8765"}, "evil:8765"),
        ("::1", {"[::1]:8765", "127.0.0.1:8765"}, "[::2]:8765"),
        ("192.0.2.7", {"192.0.2.7:8765"}, "localhost:8765"),
    ],
)
def test_served_hosts_are_the_addresses_listened_on(host, expected, refused):
    """The Host values accepted are the address served (and loopback's names for loopback)."""
    hosts = served_hosts(host, 8765)
    assert expected <= hosts
    assert refused not in hosts
