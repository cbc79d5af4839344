"""Releasing what Mesa 3.3.1 keeps of a model once its run is over.

Mesa 3.3.1 numbers agents from a class-level dictionary keyed by the model
(``mesa.Agent._ids``, in Mesa's agent module), so every model that ever created an
agent stays reachable, with its agents, arrays and frames, for the life of the
process: a thousand runs hold a thousand worlds. Mesa fixed this after 3.3.1 (Mesa
issue #3179, pull request #3180, which numbers agents from the model itself), and
3.3.1 is the last release Python 3.11 installs. Until then a run lets go of its
entry when it ends, and a model whose build fails lets go of it before the error
propagates.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import mesa

M = TypeVar("M", bound="Releasable")


def release(model: mesa.Model) -> None:
    """Drop Mesa's class-level reference to ``model`` (idempotent).

    The model stays readable; it must not create agents afterwards, since their
    numbering would start again from 1.
    """
    mesa.Agent._ids.pop(model, None)


def released_on_error(init: Callable[..., None]) -> Callable[..., None]:
    """Wrap a model's ``__init__`` so that a build that raises releases the model."""

    @functools.wraps(init)
    def build(self: mesa.Model, *args: Any, **kwargs: Any) -> None:
        try:
            init(self, *args, **kwargs)
        except BaseException:
            release(self)
            raise

    return build


class Releasable:
    """A model usable as a context manager: ``with Model(...) as m:`` releases it on exit."""

    def release(self) -> None:
        """Let go of what Mesa holds for this model; call once its run is over."""
        release(self)  # type: ignore[arg-type]

    def __enter__(self: M) -> M:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()
