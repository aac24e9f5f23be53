"""The consent record: the only place, with the consent PDF, that holds the participant's name."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from interview.extensions import db
from interview.models.base import UTCDateTime, utcnow

if TYPE_CHECKING:
    from interview.models.participants import Participant

CONSENT_PENDING = "pending"  # the participant signed; the interviewer has not countersigned yet
CONSENT_SIGNED = "signed"
CONSENT_DECLINED = "declined"
CONSENT_WITHDRAWN = "withdrawn"


class Consent(db.Model):
    """One participant's consent: frozen (with a SHA-256 over its canonical form) once countersigned."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(String(20))
    instrument_id: Mapped[str | None] = mapped_column(String(64))
    instrument_version: Mapped[str | None] = mapped_column(String(32))
    instrument_sha256: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(16))
    text_shown: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    clause_answers: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    participant_name: Mapped[str | None] = mapped_column(String(200))
    participant_signature: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    participant_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    user_agent: Mapped[str | None] = mapped_column(Text)
    interviewer_name: Mapped[str | None] = mapped_column(String(200))
    interviewer_signature: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    interviewer_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    countersigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sha256: Mapped[str | None] = mapped_column(String(64))
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    participant: Mapped[Participant] = relationship(back_populates="consent")
