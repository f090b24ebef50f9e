"""Progress reporting for long loaders: the CLI passes a progress-bar factory, code elsewhere passes None."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
Progress = Callable[[list[Any], str], Any]


@contextmanager
def track(items: Sequence[T], label: str, progress: Progress | None) -> Iterator[Any]:
    if progress is None:
        yield items
    else:
        with progress(list(items), label) as bar:
            yield bar
