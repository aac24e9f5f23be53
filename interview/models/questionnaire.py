"""Answers to the demographic questionnaire, with the history of every edit."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from interview.extensions import db
from interview.models.base import CapturedUnderInstrument, UTCDateTime, utcnow

if TYPE_CHECKING:
    from interview.models.participants import Participant


class QuestionnaireResponse(CapturedUnderInstrument, db.Model):
    """One participant's current questionnaire answers (item id → value), under one instrument version."""

    __tablename__ = "questionnaire_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default="in_progress")
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    participant: Mapped[Participant] = relationship(back_populates="questionnaire")
    revisions: Mapped[list[QuestionnaireRevision]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="QuestionnaireRevision.id"
    )


class QuestionnaireRevision(db.Model):
    """Answers as they were before an edit replaced them."""

    __tablename__ = "questionnaire_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_responses.id", ondelete="CASCADE"), index=True
    )
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Who saved these answers (the response's last writer when they were replaced); None before 0007.
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
