"""The Change Interview as captured: answers, ad-hoc questions, changes with ratings, and history."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from interview.extensions import db
from interview.models.base import CapturedUnderInstrument, UTCDateTime, utcnow

if TYPE_CHECKING:
    from interview.models.participants import Participant
    from interview.models.recording import RecordingSegment

INTERVIEW_IN_PROGRESS = "in_progress"
INTERVIEW_COMPLETE = "complete"


class Interview(CapturedUnderInstrument, db.Model):
    """One participant's interview under one protocol version; start and end times anchor the offsets."""

    __tablename__ = "interviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default=INTERVIEW_IN_PROGRESS)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    participant: Mapped[Participant] = relationship(back_populates="interview")
    answers: Mapped[list[Answer]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Answer.id"
    )
    changes: Mapped[list[Change]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Change.position"
    )
    recording_segments: Mapped[list[RecordingSegment]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="RecordingSegment.number"
    )


class Answer(db.Model):
    """The current text for one protocol question, or one ad-hoc question the interviewer added."""

    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("interview_id", "question_id"),
        UniqueConstraint("client_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    section_id: Mapped[str] = mapped_column(String(64))
    question_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20), default="protocol")  # protocol | adhoc
    adhoc_text: Mapped[str | None] = mapped_column(Text)  # the interviewer's own wording
    after_question_id: Mapped[str | None] = mapped_column(String(64))  # where an ad-hoc one sits
    text: Mapped[str] = mapped_column(Text, default="")
    skipped: Mapped[bool] = mapped_column(default=False)
    # The interviewer's own observation ("long pause here"), never the participant's words.
    interviewer_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    version: Mapped[int] = mapped_column(default=0)
    first_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Set by the page for an ad-hoc question: a form replayed after an outage adds it only once.
    client_id: Mapped[str | None] = mapped_column(String(36))


class AnswerRevision(db.Model):
    """Text an answer held before a later save replaced it: nothing is overwritten without a trace."""

    __tablename__ = "answer_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    skipped: Mapped[bool] = mapped_column(default=False)
    interviewer_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    version: Mapped[int] = mapped_column()
    saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Who wrote this text (the answer's last writer when it was replaced); None before 0007.
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Change(db.Model):
    """One change the client noticed, with its kind and, for improvements, three 1–5 ratings."""

    __tablename__ = "changes"
    __table_args__ = (
        *(
            CheckConstraint(f"{scale} IS NULL OR ({scale} BETWEEN 1 AND 5)", name=f"{scale}_1_to_5")
            for scale in ("expectedness", "likelihood", "importance")
        ),
        UniqueConstraint("client_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column()
    kind: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text)
    expectedness: Mapped[int | None] = mapped_column()
    likelihood: Mapped[int | None] = mapped_column()
    importance: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set by the page when the change is added: a form replayed after an outage adds it only once.
    client_id: Mapped[str | None] = mapped_column(String(36))


class InterviewEvent(db.Model):
    """History of the interview: start, finish, reopen, and each amendment of a change or answer."""

    __tablename__ = "interview_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
