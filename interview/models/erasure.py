"""Erasures and counters: who was erased when, and numbers that only ever grow."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from interview.extensions import db
from interview.models.base import UTCDateTime, utcnow

KIND_WITHDRAWAL = "withdrawal"
KIND_DELETION = "deletion"


class Counter(db.Model):
    """A named number that only grows (participant numbers, the erasure generation).

    Its row is also the lock that serialises an erasure with an export publishing its files.
    """

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(default=0)


class Erasure(db.Model):
    """One participant's research data erased (withdrawal or deletion); the code is never reused."""

    __tablename__ = "erasures"

    id: Mapped[int] = mapped_column(primary_key=True)
    generation: Mapped[int] = mapped_column(index=True)
    participant_code: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    username: Mapped[str] = mapped_column(String(64), default="")
    files_removed: Mapped[int] = mapped_column(default=0)
