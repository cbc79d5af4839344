"""Fast PNG frames from matplotlib figures that are drawn again and again.

A live view redraws its figures every step. ``savefig`` re-renders everything and
compresses hard, which costs 40-120 ms a figure; a :class:`Canvas` keeps a rendered
background (axes, ticks, bands, static edges) and on each frame only restores it and
draws the artists marked animated (the usual matplotlib blitting technique), then
encodes the pixels as a quickly compressed PNG. Anything that changes the background
(new axis limits, say) calls :meth:`Canvas.invalidate`.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

DPI = 90


class Canvas:
    """A figure with a cached background and animated artists, rendered to PNG bytes."""

    def __init__(self, width: float, height: float, dpi: int = DPI):
        self.figure = Figure(figsize=(width, height), dpi=dpi, layout=None)
        self.agg = FigureCanvasAgg(self.figure)
        self.animated: list = []
        self._background = None

    def animate(self, artist):
        """Mark ``artist`` as redrawn every frame (not part of the background); return it."""
        artist.set_animated(True)
        self.animated.append(artist)
        return artist

    def invalidate(self) -> None:
        """The background changed: render it again at the next frame."""
        self._background = None

    def png(self) -> bytes:
        """The current frame as PNG bytes."""
        if self._background is None:
            self.agg.draw()  # animated artists are skipped by a full draw
            self._background = self.agg.copy_from_bbox(self.figure.bbox)
        else:
            self.agg.restore_region(self._background)
        for artist in self.animated:
            if artist.get_visible():
                self.figure.draw_artist(artist)
        return png_bytes(np.asarray(self.agg.buffer_rgba()))


def _chunk(tag: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))


def png_bytes(rgba: np.ndarray) -> bytes:
    """An RGB PNG of an (height, width, 4) uint8 array, compressed for speed.

    Written by hand: rows unfiltered, deflate level 1. Pillow's encoder tries every
    row filter and takes twice as long, for a larger file on flat-coloured figures.
    """
    height, width = rgba.shape[:2]
    rows = np.empty((height, width * 3 + 1), dtype=np.uint8)
    rows[:, 0] = 0  # filter type "none" for every row
    rows[:, 1:] = rgba[:, :, :3].reshape(height, width * 3)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)),
            _chunk(b"IEND", b""),
        )
    )
