"""The fence between a running export and erasures, as the export engine sees it (no Flask here).

An export renders from records loaded when it started; a participant withdrawn or deleted meanwhile
must not reach its cache or its output. The engine asks the fence before caching a PDF and before
publishing; the implementation that asks the database lives in interview.export.bulk.erasure_fence.
"""

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol


class Fence(Protocol):
    """What the export engine asks about erasures that happened while it ran."""

    def erased(self) -> set[str]:
        """Return the codes erased since the export started."""

    def store(self, code: str, key: str | None, write: Callable[[], None]) -> bool:
        """Run ``write`` (caching the PDF under ``key``) unless ``code`` was erased; say if it ran."""

    def publish(self, codes: Iterable[str], commit: Callable[[], Path]) -> Path | None:
        """Run ``commit`` unless one of ``codes`` was erased; return the published path or None."""


class NoFence:
    """No register to ask (tests of the engine alone, benchmarks): nothing is ever erased."""

    def erased(self) -> set[str]:
        """Return no codes."""
        return set()

    def store(self, code: str, key: str | None, write: Callable[[], None]) -> bool:
        """Cache at once."""
        write()
        return True

    def publish(self, codes: Iterable[str], commit: Callable[[], Path]) -> Path | None:
        """Publish at once."""
        return commit()
