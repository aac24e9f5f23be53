"""Deleting the files that hold an erased participant: exactly the registered ones, plus strays.

The register (interview.register.copies) says which zip, cached PDF and command-line export holds whom.
Files in the instance's cache/ and exports/ that it does not know (made before the register existed,
or left by a crash) may hold anyone, so they go too; they are rebuilt by the next export.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from interview.export.bulk.jobs import export_running
from interview.export.services import cache_dir, exports_dir
from interview.extensions import db
from interview.models import COPY_CLI, COPY_PDF_CACHE, COPY_ZIP, ExportCopy, ExportJob
from interview.models.base import utcnow
from interview.register.copies import copies_holding, live_paths

PARTIAL = ".partial"


def remove_copies(code: str) -> int:
    """Delete every registered copy inside the instance that holds ``code``; return how many went.

    Copies are marked destroyed and their export jobs stop offering a download (the caller commits).
    """
    removed = 0
    for copy in copies_holding(code, live_only=True):
        path = copy_path(copy)
        if path is None:
            continue  # outside the instance: listed for the team to destroy by hand
        removed += _remove(path)
        copy.destroyed_at = utcnow()
        if copy.job_id is not None:
            db.session.execute(
                db.update(ExportJob)
                .where(ExportJob.id == copy.job_id)
                .values(filename=None, error=destroyed_message(code))
            )
    return removed + remove_strays()


def destroyed_message(code: str) -> str:
    """Why an export job offers no download any more."""
    return _("Deleted: it held %(code)s, who withdrew or was deleted. Export again.", code=code)


def copy_path(copy: ExportCopy) -> Path | None:
    """Where a copy lives if that is inside the instance folder, else None."""
    if copy.kind == COPY_ZIP:
        return exports_dir() / Path(copy.path).name
    if copy.kind == COPY_PDF_CACHE:
        return cache_dir() / f"{Path(copy.path).name}.pdf"
    if copy.kind == COPY_CLI and inside_instance(Path(copy.path)):
        return Path(copy.path)
    return None


def inside_instance(path: Path) -> bool:
    """Whether ``path`` lies inside the instance folder."""
    return path.resolve().is_relative_to(Path(current_app.instance_path).resolve())


def remove_strays() -> int:
    """Delete unregistered files in cache/ and exports/; return how many went.

    A running export's unfinished zip is left alone: its fence drops the erased participant before
    it is published.
    """
    known_cache = {f"{key}.pdf" for key in live_paths(COPY_PDF_CACHE)}
    known_zips = live_paths(COPY_ZIP)
    exporting = export_running()
    removed = 0
    for path in _files(cache_dir().parent):
        if not (path.parent == cache_dir() and path.name in known_cache):
            removed += _remove(path)
    for path in _files(exports_dir()):
        if path.name in known_zips or (exporting and path.name.endswith(PARTIAL)):
            continue
        removed += _remove(path)
        db.session.execute(
            db.update(ExportJob)
            .where(ExportJob.filename == path.name)
            .values(filename=None, error=stray_message())
        )
    return removed


def stray_message() -> str:
    """Why an export job made before the register offers no download any more."""
    return _("Deleted after a participant withdrew or was deleted. Export again.")


def _files(folder: Path) -> list[Path]:
    """Every file below ``folder`` (none if it does not exist)."""
    return [path for path in folder.rglob("*") if path.is_file()] if folder.is_dir() else []


def _remove(path: Path) -> int:
    """Delete a file or folder; return 1 if something was there."""
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
        return 1
    try:
        path.unlink()
    except FileNotFoundError:
        return 0
    return 1
