"""Copies of instrument files, kept so every record can be shown with the wording it was captured under."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from interview.extensions import db
from interview.models.base import UTCDateTime, utcnow


class InstrumentSnapshot(db.Model):
    """The exact text of one instrument file, keyed by its SHA-256."""

    __tablename__ = "instrument_snapshots"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    instrument_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))
    version: Mapped[str] = mapped_column(String(32))
    content: Mapped[str] = mapped_column(Text)
    first_used_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
