"""The interview's audio recording: segments (one per browser recorder) and their uploaded chunks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from interview.extensions import db
from interview.models.base import UTCDateTime, utcnow

# Why a segment ended: the interviewer paused or stopped; None while it runs or when the tab
# went away (a reload, a crash), which the timeline reports as a gap.
ENDED_PAUSE = "pause"
ENDED_STOP = "stop"


class RecordingSegment(db.Model):
    """One continuous recording by one browser recorder, with its own file header.

    ``started_at`` is on the server's clock (estimated from the chunks' reported ages), so question
    times, also stamped by the server, map onto the recording without trusting the tablet's clock.
    """

    __tablename__ = "recording_segments"
    __table_args__ = (UniqueConstraint("interview_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    client_id: Mapped[str] = mapped_column(String(36), unique=True)
    number: Mapped[int] = mapped_column()
    mime_type: Mapped[str] = mapped_column(String(80))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_by: Mapped[str | None] = mapped_column(String(20))
    chunk_count: Mapped[int] = mapped_column(default=0)
    bytes_received: Mapped[int] = mapped_column(default=0)
    # Filled by assembly (the remuxed file): which chunks it holds, its length, size and checksum.
    assembled_chunks: Mapped[int] = mapped_column(default=0)
    duration_ms: Mapped[int | None] = mapped_column()
    file_size: Mapped[int | None] = mapped_column()
    sha256: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    chunks: Mapped[list[RecordingChunk]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="RecordingChunk.sequence"
    )


class RecordingChunk(db.Model):
    """One uploaded piece of a segment, acknowledged once its file is on disk and this row committed."""

    __tablename__ = "recording_chunks"
    __table_args__ = (
        UniqueConstraint("segment_id", "sequence"),
        Index("ix_recording_chunks_interview_received", "interview_id", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(
        ForeignKey("recording_segments.id", ondelete="CASCADE"), index=True
    )
    # Repeated from the segment so the rate limit counts one interview's uploads with one index.
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    sequence: Mapped[int] = mapped_column()
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
