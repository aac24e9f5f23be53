"""Bulk export jobs, and the register of every exported copy and whom it holds."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from interview.extensions import db
from interview.models.base import UTCDateTime, utcnow

COPY_ZIP = "zip"  # an export zip built by the admin page, inside the instance
COPY_PDF_CACHE = "pdf_cache"  # one cached coding PDF, named by its key, inside the instance
COPY_CLI = "cli"  # `interview export all --out PATH`, wherever PATH is
COPY_BACKUP = "backup"  # `interview backup --out FILE`: the whole database


class ExportJob(db.Model):
    """One bulk export: queued, running, done or failed, and how far it got."""

    __tablename__ = "export_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), default="queued")
    pdfa: Mapped[bool] = mapped_column(default=False)
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    filename: Mapped[str | None] = mapped_column(String(255))
    error: Mapped[str | None] = mapped_column(Text)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ExportCopy(db.Model):
    """A file or folder that holds participants' words: where it is, who made it, whom it holds."""

    __tablename__ = "export_copies"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    # A file name inside the instance (zip, cache key) or the absolute path of a CLI export.
    path: Mapped[str] = mapped_column(Text)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("export_jobs.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_by: Mapped[str] = mapped_column(String(64), default="")
    destroyed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    participants: Mapped[list[ExportCopyParticipant]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    downloads: Mapped[list[ExportDownload]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ExportDownload.at"
    )


class ExportCopyParticipant(db.Model):
    """One participant held in one copy (codes are copied, so the link outlives the participant)."""

    __tablename__ = "export_copy_participants"

    copy_id: Mapped[int] = mapped_column(
        ForeignKey("export_copies.id", ondelete="CASCADE"), primary_key=True
    )
    participant_code: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)


class ExportDownload(db.Model):
    """One download of a copy: it now exists outside the tool too."""

    __tablename__ = "export_downloads"

    id: Mapped[int] = mapped_column(primary_key=True)
    copy_id: Mapped[int] = mapped_column(
        ForeignKey("export_copies.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    username: Mapped[str] = mapped_column(String(64), default="")
