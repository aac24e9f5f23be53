"""A participant's word-by-word transcript: turns (speaker, start time, text) and their history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from interview.extensions import db
from interview.models.base import UTCDateTime, utcnow

# The two roles a turn's speaker can have; the labels shown for them are the study's setting
# (TRANSCRIPT_SPEAKERS), never a participant's name.
SPEAKER_INTERVIEWER = "interviewer"
SPEAKER_PARTICIPANT = "participant"
SPEAKERS = (SPEAKER_INTERVIEWER, SPEAKER_PARTICIPANT)

# How a turn came to sit under its question: by its time (alignment) or moved there by hand.
PLACED_BY_TIME = "time"
PLACED_BY_HAND = "hand"


class Transcript(db.Model):
    """The one transcript of a participant's interview; ``version`` counts its saves.

    Turns' ``start_ms`` are on the transcript's own clock (what its audio player showed).
    ``offset_ms`` is added to every start to put it on the *reference clock* the questions are
    placed by: the recording's clock (position in the assembled audio) when the interview was
    recorded in the tool, else the interview's clock (milliseconds since ``Interview.started_at``).
    A transcript of the tool's own recording has 0; one whose cues start at 0 while its audio began
    40 s into the interview has 40 000; audio started before the interview gives a negative offset.
    interview/transcripts/alignment.py places the turns.
    """

    __tablename__ = "transcripts"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), unique=True
    )
    version: Mapped[int] = mapped_column(default=0)
    offset_ms: Mapped[int] = mapped_column(default=0)
    # Where the text came from: "typed" in the tool, or the imported format (vtt, srt, otr …).
    source_format: Mapped[str] = mapped_column(String(20), default="typed")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    turns: Mapped[list[TranscriptTurn]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="TranscriptTurn.position"
    )


class TranscriptTurn(db.Model):
    """One turn of speech, in order; ``question_id`` is the question it sits under (None: before any)."""

    __tablename__ = "transcript_turns"
    __table_args__ = (UniqueConstraint("transcript_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    transcript_id: Mapped[int] = mapped_column(
        ForeignKey("transcripts.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column()
    speaker: Mapped[str] = mapped_column(String(20))
    start_ms: Mapped[int | None] = mapped_column()
    text: Mapped[str] = mapped_column(Text, default="")
    question_id: Mapped[str | None] = mapped_column(String(64))
    placed_by: Mapped[str] = mapped_column(String(10), default=PLACED_BY_TIME)


class TranscriptRevision(db.Model):
    """The turns a transcript held before a save replaced them: nothing is overwritten untraced."""

    __tablename__ = "transcript_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    transcript_id: Mapped[int] = mapped_column(
        ForeignKey("transcripts.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column()
    # None: the whole transcript was replaced and ``turns`` holds every earlier turn; a number:
    # only the turn at that position changed (typing in the editor) and ``turns`` holds its
    # earlier value, so an hour of autosaves does not copy the whole text each time.
    position: Mapped[int | None] = mapped_column()
    offset_ms: Mapped[int] = mapped_column(default=0)
    source_format: Mapped[str] = mapped_column(String(20))
    turns: Mapped[list[Any]] = mapped_column(JSON, default=list)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Why the text was replaced: typed, imported, re-imported, aligned, moved.
    reason: Mapped[str] = mapped_column(String(20))
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
