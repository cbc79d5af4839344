"""Blocks of a hand-written text file that a command regenerates between two marker lines.

The README's backtest and reproduction tables are such blocks: ``evidence backtest
--write`` and ``reproduce --write`` replace them, and tests compare them with a fresh
run. The text outside the markers is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GeneratedBlock:
    """The block between ``begin`` and ``end`` (marker lines) of a text; ``what`` names it."""

    begin: str
    end: str
    what: str

    def _check(self, text: str) -> None:
        if self.begin not in text or self.end not in text:
            raise ValueError(
                f"no generated {self.what} block: add the lines {self.begin} and {self.end}"
            )

    def replace(self, text: str, body: str) -> str:
        """``text`` with the block's content replaced by ``body``.

        Raises:
            ValueError: the text lacks the block's markers.
        """
        self._check(text)
        head, rest = text.split(self.begin, 1)
        _, tail = rest.split(self.end, 1)
        return f"{head}{self.begin}\n{body}\n{self.end}{tail}"

    def read(self, text: str) -> str:
        """The block's content, stripped.

        Raises:
            ValueError: the text lacks the block's markers.
        """
        self._check(text)
        return text.split(self.begin, 1)[1].split(self.end, 1)[0].strip()
