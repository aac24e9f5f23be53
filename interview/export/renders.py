"""Coding PDFs for downloads: rendered in worker processes behind a bounded queue.

A render takes a second or more of CPU. Inside a request thread it held the GIL (and WeasyPrint's
one-render-per-process lock) while autosaves waited: ten downloads at once stalled typing for up
to 30 s. Here a download's thread only waits for a worker process, which runs at a lower CPU
priority than the server (see render.py); and when every worker is busy and the few waiting
places are taken, the download is answered at once with 503 and Retry-After, so renders never tie
up more than a few of waitress's threads and the page simply tries again a moment later.
"""

from __future__ import annotations

import atexit
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any

from flask import Flask, current_app

from interview.export.bulk.render import (
    DEFAULT_RENDERER,
    call_in_worker,
    init_worker,
    render_record,
    worker_context,
)
from interview.export.processes import config_snapshot

EXTENSION_KEY = "pdf_renders"
# How a job runs in its place: run(function, *args).
Run = Callable[..., Any]


class RenderBusy(Exception):
    """Every worker and waiting place is taken (or a worker failed): try again in a moment."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"PDF renders are busy; retry after {retry_after} s")
        self.retry_after = retry_after


class RenderQueue:
    """At most `workers` renders at once in worker processes, and `waiting` more waiting for one.

    `workers=0` renders in the calling thread (tests, a one-person laptop); the limit on how many
    requests wait for a render still holds. Given the `app`, the workers make an app of their own
    from its settings, so a job may read the database there (`Run`): a download's record is then
    built, reviewed and redacted in the worker too, never in a request thread.
    """

    def __init__(
        self, workers: int, waiting: int, retry_after: int, timeout: float, app: Flask | None = None
    ) -> None:
        self.workers, self.retry_after, self.timeout = workers, retry_after, timeout
        self.app = app
        self.places = threading.BoundedSemaphore(max(workers, 1) + waiting)
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the workers now (each imports WeasyPrint and makes its app, seconds on a busy
        machine), so the first download does not wait for that."""
        if self.workers:
            pool = self._executor()
            for _worker in range(self.workers):
                pool.submit(os.getpid)

    @contextmanager
    def place(self) -> Iterator[Run]:
        """Hold a place in the queue (RenderBusy at once when none is free) and give the function
        that runs a job in it, `run(function, *args)`: a busy answer costs no work."""
        if not self.places.acquire(blocking=False):
            raise RenderBusy(self.retry_after)
        try:
            yield self._run
        finally:
            self.places.release()

    def render(self, record: dict[str, Any], options: dict[str, Any]) -> bytes:
        """The PDF of `record`; RenderBusy at once when no place is free."""
        with self.place() as run:
            return run(render_record, record, options)

    def _run(self, function: Callable[..., Any], *args: Any) -> Any:
        """`function(*args)` in a worker (in its app context), or here without workers (in this
        thread's context). The function and its arguments must be picklable."""
        if not self.workers:
            return function(*args)
        return self._in_worker(function, args)

    def _in_worker(self, function: Callable[..., Any], args: tuple) -> Any:
        """Run in a worker; a dead worker or a job past the timeout answers busy."""
        future: Future | None = None
        try:
            future = self._executor().submit(call_in_worker, function, args)
            return future.result(timeout=self.timeout)
        except BrokenProcessPool:
            self.close()  # a worker was killed (out of memory?): the next render starts afresh
            raise RenderBusy(self.retry_after) from None
        except FutureTimeout:
            future.cancel()
            raise RenderBusy(self.retry_after) from None

    def _executor(self) -> ProcessPoolExecutor:
        """The worker pool, started on the first render (so CLI commands never start one)."""
        with self._lock:
            if self._pool is None:
                config = config_snapshot(self.app) if self.app is not None else None
                self._pool = ProcessPoolExecutor(
                    self.workers,
                    mp_context=worker_context(),
                    initializer=init_worker,
                    initargs=(DEFAULT_RENDERER, os.getpid(), config),
                )
                atexit.register(self.close)
            return self._pool

    def close(self) -> None:
        """Stop the workers (renders still running are abandoned)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


def render_queue() -> RenderQueue:
    """The app's render queue."""
    return current_app.extensions[EXTENSION_KEY]


def init_render_queue(app: Flask) -> None:
    """Make the app's render queue from its settings (PDF_RENDER_*)."""
    config = app.config
    app.extensions[EXTENSION_KEY] = RenderQueue(
        workers=int(config["PDF_RENDER_WORKERS"]),
        waiting=int(config["PDF_RENDER_WAITING"]),
        retry_after=int(config["PDF_RETRY_AFTER"]),
        timeout=float(config["PDF_RENDER_TIMEOUT"]),
        app=app,
    )
