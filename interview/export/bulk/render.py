"""Rendering many coding PDFs: in-process, or in long-lived worker processes."""

import contextlib
import gc
import importlib
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from interview.export.formats.tables import participant_code
from interview.export.processes import process_app, run_in_app

DEFAULT_RENDERER = "interview.pdf.coding:render_coding_pdf"

Renderer = Callable[..., bytes]
# Workers run at the lowest priority, so that on a 2-core machine the scheduler runs a request
# thread first and renders in what the requests leave over; where the CPU is otherwise idle,
# renders still get all of it. (bench_autosave.py --render-load on a busy shared 2-core machine:
# autosave p95 about 250 ms with workers at nice 5, 90 to 200 ms at 19, 45 to 80 ms without renders.)
WORKER_NICENESS = 19
# Linux shares the CPU out by session first ("autogroups") and only then by niceness, so a worker
# at nice 19 in the server's session still spent the server's share: each worker has a session of
# its own, at the lowest priority too.
AUTOGROUP = Path("/proc/self/autogroup")
# Set once per worker process by the pool initializer, so WeasyPrint is imported once per worker.
_worker_renderer: Renderer | None = None
# The server's settings, when the worker has an app of its own (interview.export.processes).
_worker_config: dict[str, Any] | None = None


class RenderError(RuntimeError):
    """A participant's PDF could not be rendered (the message names the participant code)."""


def load_renderer(path: str) -> Renderer:
    """Import and return the renderer named ``"module:function"``."""
    module_name, _, attribute = path.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


def render_with(renderer: Renderer, job: tuple[dict, dict[str, Any]]) -> tuple[str, bytes]:
    """Render one job and return (participant code, PDF bytes)."""
    record, options = job
    code = participant_code(record)
    try:
        return code, renderer(record, **options)
    except Exception as exc:
        # Pickling the original across processes may fail; the code says which record broke.
        raise RenderError(f"PDF of {code} failed: {type(exc).__name__}: {exc}") from None


def worker_context() -> BaseContext:
    """How workers start: forked from a fork server that imported the renderer (and WeasyPrint)
    once, so a bulk export's workers are ready at once and their start costs the web server no
    CPU; spawned afresh where there is no fork server. Never a plain fork of the web server:
    forking a process that runs threads is unsafe."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__, DEFAULT_RENDERER.partition(":")[0]])
    return context


def init_worker(renderer_path: str, server: int, config: dict[str, Any] | None = None) -> None:
    """Pool initializer: load the renderer once for this worker, and yield the CPU to the web
    server's threads, so typing is never behind a render. `server` is the pid of the process that
    made the pool (given by it: it may be gone before this worker starts). With the server's
    `config` (interview.export.processes), the worker makes its app too, for jobs that read the
    database (`call_in_worker`)."""
    global _worker_renderer, _worker_config
    yield_to_server(server)
    _worker_renderer = load_renderer(renderer_path)
    if config is not None:
        _worker_config = config
        process_app(config)
    # The imported modules live as long as the worker: keeping them out of the garbage
    # collector's scans makes each render ~5 % cheaper (measured on 12-page records).
    gc.collect()
    gc.freeze()


def yield_to_server(server: int) -> None:
    """Run this process at the lowest priority in a session of its own, and end it when the web
    server (pid `server`) is gone."""
    os.nice(WORKER_NICENESS)
    # In one block: were setsid refused, the autogroup written would be the server's own.
    with contextlib.suppress(OSError):  # not Linux, or no autogroups: the niceness alone
        os.setsid()
        AUTOGROUP.write_text(str(WORKER_NICENESS))
    watch = threading.Thread(target=exit_with_parent, args=(server, os.getppid()), daemon=True)
    watch.start()


def exit_with_parent(server: int, parent: int) -> None:
    """End this worker once the server is gone (killed, or stopped by a signal that skips its
    clean-up): an orphaned worker would wait for work forever. `parent` is the process that
    started this one (the server, or its fork server, which ends with it)."""
    while os.getppid() == parent and alive(server):
        time.sleep(1)
    os._exit(0)


def alive(pid: int) -> bool:
    """Whether a process with this pid still runs (a zombie waiting for its reaper has ended:
    a reaper reading the output this worker still holds open would wait for it forever)."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):  # gone, or the pid is someone else's now
        return False
    with contextlib.suppress(OSError, IndexError):  # no /proc: a zombie counts as running
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return True


def render_job(job: tuple[dict, dict[str, Any]]) -> tuple[str, bytes]:
    """Worker entry point: render with the renderer the initializer loaded."""
    assert _worker_renderer is not None, "worker started without init_worker"
    return render_with(_worker_renderer, job)


def render_record(record: dict, options: dict[str, Any]) -> bytes:
    """The PDF of one record, with this worker's renderer (or the default one, loaded here)."""
    renderer = _worker_renderer or load_renderer(DEFAULT_RENDERER)
    return render_with(renderer, (record, options))[1]


def call_in_worker(function: Callable[..., Any], args: tuple) -> Any:
    """Worker entry point: `function(*args)`, in the worker's app context when it has an app."""
    if _worker_config is None:
        return function(*args)
    return run_in_app(_worker_config, function, *args)


def default_workers() -> int:
    """Return one worker per core available to this process."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _render_in_pool(jobs: list, renderer: str, workers: int) -> Iterator[tuple[str, bytes]]:
    """Yield PDFs as workers finish them; the pool is torn down however iteration ends.

    A ProcessPoolExecutor rather than multiprocessing.Pool: when a worker dies (killed, out of
    memory, or its initializer fails) it raises BrokenProcessPool instead of waiting forever.
    """
    pool = ProcessPoolExecutor(
        workers,
        mp_context=worker_context(),
        initializer=init_worker,
        initargs=(renderer, os.getpid()),
    )
    futures = [pool.submit(render_job, job) for job in jobs]
    try:
        for future in as_completed(futures):
            yield future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def render_many(
    records: list[dict], options: dict[str, Any], *, renderer: str, workers: int | None
) -> Iterator[tuple[str, bytes]]:
    """Yield (participant code, PDF bytes) for every record, in completion order."""
    # Biggest first, so no long record starts last and leaves the other workers idle.
    jobs = sorted(((r, options) for r in records), key=lambda job: -len(repr(job[0])))
    count = min(workers or default_workers(), len(jobs))
    if count == 0:  # everything came from the cache: do not even import the renderer
        return iter(())
    if count == 1:
        render = load_renderer(renderer)
        return (render_with(render, job) for job in jobs)
    return _render_in_pool(jobs, renderer, count)
