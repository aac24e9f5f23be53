"""The database side of an export's fence: erasures since it started, checked under the erasure lock.

Each check runs in an app context (so a session) of its own and ends its transaction at once: a
running export never holds a lock or a read snapshot while it renders.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from flask import Flask

from interview.counters import ERASURE_GENERATION, hold
from interview.extensions import db
from interview.models import COPY_PDF_CACHE, COPY_ZIP, ExportJob
from interview.register.copies import live_copy, register_copy
from interview.register.erasures import erased_since, generation


class ExportFence:
    """Keeps participants erased while an export runs out of its cache and its output."""

    def __init__(
        self,
        app: Flask,
        kind: str,
        *,
        created_by: str = "",
        user_id: int | None = None,
        job_id: int | None = None,
    ) -> None:
        """Remember the erasure generation now: call this before loading the export's records."""
        self.app, self.kind, self.job_id = app, kind, job_id
        self.owner = {"created_by": created_by, "user_id": user_id}
        with app.app_context():
            self.generation = generation()

    def erased(self) -> set[str]:
        """The codes erased since the export started."""
        with self.app.app_context():
            return erased_since(self.generation)

    def store(self, code: str, key: str | None, write: Callable[[], None]) -> bool:
        """Cache one PDF and register whom it holds, unless its participant was erased meanwhile."""
        with self.app.app_context():
            hold(ERASURE_GENERATION)
            if code in erased_since(self.generation):
                db.session.rollback()
                return False
            if key is not None and live_copy(COPY_PDF_CACHE, key) is None:
                register_copy(COPY_PDF_CACHE, key, [code], **self.owner)
            write()
            db.session.commit()
            return True

    def publish(self, codes: Iterable[str], commit: Callable[[], Path]) -> Path | None:
        """Publish and register the export, unless one of ``codes`` was erased meanwhile."""
        codes = set(codes)
        with self.app.app_context():
            hold(ERASURE_GENERATION)
            if codes & erased_since(self.generation):
                db.session.rollback()
                return None
            path = commit()
            stored = path.name if self.kind == COPY_ZIP else str(path.resolve())
            register_copy(self.kind, stored, codes, job_id=self.job_id, **self.owner)
            if self.job_id is not None:
                # In the same transaction: an erasure that comes next finds the job's file to delete.
                db.session.execute(
                    db.update(ExportJob)
                    .where(ExportJob.id == self.job_id)
                    .values(filename=path.name)
                )
            db.session.commit()
            return path
