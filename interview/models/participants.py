"""Participants: pseudonymous codes only; names live in the consent record."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from interview.extensions import db
from interview.models.base import UTCDateTime, utcnow

if TYPE_CHECKING:
    from interview.models.consent import Consent
    from interview.models.interview import Interview
    from interview.models.questionnaire import QuestionnaireResponse
    from interview.models.transcript import Transcript
    from interview.models.users import User


class Participant(db.Model):
    """One person interviewed for the study, known by an assigned code such as P05."""

    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    therapist_code: Mapped[str] = mapped_column(String(32))
    interviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    session_date: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    interviewer: Mapped[User | None] = relationship(foreign_keys=[interviewer_id])
    consent: Mapped[Consent | None] = relationship(
        back_populates="participant", cascade="all, delete-orphan", passive_deletes=True
    )
    questionnaire: Mapped[QuestionnaireResponse | None] = relationship(
        back_populates="participant", cascade="all, delete-orphan", passive_deletes=True
    )
    interview: Mapped[Interview | None] = relationship(
        back_populates="participant", cascade="all, delete-orphan", passive_deletes=True
    )
    transcript: Mapped[Transcript | None] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
