"""The app in a process of its own, for work that must not share the web server's GIL.

Building a participant's record, asking the review gate about it and redacting it is pure Python:
tens of milliseconds per participant, seconds for a study. In a thread of the web server it held
the GIL while autosaves waited (bench_autosave.py --render-load: p95 of 40 to 160 ms where the
target is 20). So a coding-PDF download does it in its render worker and a web bulk export runs
in a process of its own (interview/export/bulk/jobs.py), each at the lowest CPU priority. Such a
process makes its own app, once, from the server's settings as they were when it started: the
same instance folder, database and options, with no request and no web server in it.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask

import interview
from interview.extensions import db

Result = TypeVar("Result")
# This process's app, made on first use from the settings the server sent.
_process_app: Flask | None = None


def config_snapshot(app: Flask) -> dict[str, Any]:
    """The app's settings that can travel to another process, and its instance folder: what
    `create_app` there needs to make the same app (every layer already applied)."""
    snapshot: dict[str, Any] = {}
    for key, value in app.config.items():
        try:
            pickle.dumps(value)
        except Exception:  # noqa: BLE001 - a test's stand-in object; no setting the app reads
            continue
        snapshot[key] = value
    snapshot["INSTANCE_PATH"] = app.instance_path
    return snapshot


def process_app(config: dict[str, Any]) -> Flask:
    """This process's app, made from `config` the first time it is asked for."""
    global _process_app
    if _process_app is None:
        _process_app = interview.create_app(config)
    return _process_app


def run_in_app(config: dict[str, Any], function: Callable[..., Result], *args: Any) -> Result:
    """`function(*args)` inside this process's app context; its session ends with it."""
    with process_app(config).app_context():
        try:
            return function(*args)
        finally:
            db.session.remove()
