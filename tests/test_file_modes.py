"""Files with participants' data are the owner's only: the instance folder 0700, its files 0600."""

from __future__ import annotations

import stat
from pathlib import Path

from erasure_helpers import marked_participant
from helpers import base_config, post_form, sqlite_only

from interview import create_app
from interview.export.bulk import jobs
from interview.extensions import db


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_instance_folder_is_private(tmp_path):
    instance = tmp_path / "fresh"
    app = create_app(base_config(instance))
    with app.app_context():
        db.engine.dispose()
    assert mode(instance) == 0o700


@sqlite_only
def test_the_database_its_log_and_shared_memory_are_private(app, instance_path, admin_client):
    for name in ("interview.sqlite3", "interview.sqlite3-wal", "interview.sqlite3-shm"):
        path = instance_path / name
        if path.exists():
            path.chmod(0o644)  # as SQLite makes them
    with app.app_context():
        db.engine.dispose()  # the next request opens new connections
    with app.app_context():
        marked_participant(1, "Words")
    assert admin_client.get("/participants/P01").status_code == 200
    assert mode(instance_path) == 0o700
    for name in ("interview.sqlite3", "interview.sqlite3-wal", "interview.sqlite3-shm"):
        assert mode(instance_path / name) == 0o600, name


def test_cached_pdfs_and_export_zips_are_private(app, instance_path, admin_client):
    app.config["EXPORT_WORKERS"] = 1
    app.extensions[jobs.RUNNER_KEY] = jobs.run_job
    with app.app_context():
        marked_participant(1, "Words")
    post_form(admin_client, "/export/jobs", token_from="/export/")
    cache, exports = instance_path / "cache", instance_path / "exports"
    folders = [cache, cache / "pdf", exports]
    files = [*(cache / "pdf").iterdir(), *exports.iterdir()]
    assert len(files) == 2
    assert [mode(folder) for folder in folders] == [0o700] * 3
    assert [mode(path) for path in files] == [0o600] * 2
