"""Reading a user's file safely: regular files of bounded size only.

``/dev/zero`` or ``/dev/urandom`` named as a scenario would grow without bound, and a
FIFO would block the reader for ever. A file is therefore opened without blocking,
checked to be a regular file, and read only up to a limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_FILE_BYTES = 16 * 2**20
"""Default limit of a file read (16 MiB); scenarios and edge lists set their own."""

MAX_SCENARIO_BYTES = 2**20
"""Largest scenario file read (1 MiB: a thousand times the largest built-in world).

A TOML parser in pure Python takes minutes and gigabytes over 16 MiB of keys, so a
scenario has a tighter limit than an edge list."""


def builtin_dir() -> Path:
    """Folder holding the built-in scenario files (installed or in a source checkout)."""
    from importlib import resources

    packaged = resources.files("agi_economy") / "_builtin_scenarios"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "scenarios"


def builtin_names() -> list[str]:
    """Names of the built-in scenarios, sorted."""
    return sorted(p.stem for p in builtin_dir().glob("*.toml"))


class FileRefused(ValueError):
    """The path is not a regular file of bounded size; the message says why."""


def read_text_bounded(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    """The UTF-8 text of a regular file of at most ``limit`` bytes (a BOM is dropped).

    Raises:
        FileNotFoundError: no such file.
        FileRefused: not a regular file, or larger than ``limit``.
        OSError, UnicodeDecodeError: it cannot be read as UTF-8 text.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # a FIFO does not block
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused("not a regular file (a device, FIFO, socket or folder)")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileRefused(f"larger than {limit / 2**20:g} MiB; expected a smaller file")
    return data.decode("utf-8-sig")
