"""Taking in the recorder's chunks: checked, written durably, then acknowledged; never twice.

A chunk is named by its segment (a UUID the browser made when its recorder started) and its sequence
number. The same chunk sent again (the acknowledgement was lost) is acknowledged again without being
stored twice; a chunk that skips one is refused, so the browser sends the missing one first. The
acknowledgement goes out only after the file is fsynced and its row committed: whatever the tablet
deletes has reached the disk.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError

from interview.consent.services import consent_allows_research
from interview.extensions import db
from interview.models import (
    ENDED_PAUSE,
    ENDED_STOP,
    INTERVIEW_IN_PROGRESS,
    Interview,
    Participant,
    RecordingChunk,
    RecordingSegment,
)
from interview.models.base import utcnow
from interview.recording.assembly import assemble_segment
from interview.register.recordings import base_type, chunk_path, write_durably

RECORDING_CLAUSE = "recording"
ACCEPTED_TYPES = ("audio/webm", "audio/ogg", "audio/mp4")
SEGMENT_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
MAX_SEQUENCE = 1_000_000
# A chunk reports how long ago its segment started; a day covers the longest outage worth keeping.
MAX_AGE_MS = 24 * 3600 * 1000
ENDINGS = (ENDED_PAUSE, ENDED_STOP)


class RecordingRefused(Exception):
    """A chunk the server will not store; ``code`` is the HTTP status, ``error`` a short name."""

    def __init__(self, error: str, message: str, code: int = 400, **extra: object) -> None:
        super().__init__(message)
        self.error, self.message, self.code, self.extra = error, message, code, extra


@dataclass(frozen=True)
class ChunkIn:
    """One upload as the request described it (still unchecked)."""

    segment: str
    sequence: int | None
    sha256: str
    age_ms: int | None
    mime_type: str
    final: str
    data: bytes


@dataclass(frozen=True)
class Ack:
    """What the browser learns: the chunk is safe (``duplicate`` when it already was)."""

    segment: str
    sequence: int
    duplicate: bool


def recording_allowed(participant: Participant) -> bool:
    """Whether the signed consent allows the interview to be recorded (its recording clause ticked)."""
    consent = participant.consent
    answers = (consent.clause_answers or {}) if consent is not None else {}
    return consent_allows_research(participant) and answers.get(RECORDING_CLAUSE) is True


def accept_chunk(participant: Participant, chunk: ChunkIn) -> Ack:
    """Store one chunk of the participant's recording and return the acknowledgement."""
    interview = recordable_interview(participant)
    check_chunk(chunk)
    segment = find_segment(chunk.segment)
    if segment is not None and segment.interview_id != interview.id:
        raise RecordingRefused(
            "wrong_participant",
            _("This recording belongs to another participant's interview. Nothing was saved."),
            409,
        )
    if segment is not None and chunk.sequence < segment.chunk_count:
        return repeated_chunk(segment, chunk)
    check_rate(interview.id, len(chunk.data))
    expected = segment.chunk_count if segment is not None else 0
    if chunk.sequence != expected:
        raise RecordingRefused(
            "out_of_order",
            _(
                "Chunk %(got)s came before chunk %(expected)s: send that one first.",
                got=chunk.sequence,
                expected=expected,
            ),
            409,
            expected=expected,
        )
    return store_chunk(participant, interview, segment, chunk)


def recordable_interview(participant: Participant) -> Interview:
    """The participant's running interview, if its consent allows recording; else refused."""
    if not recording_allowed(participant):
        raise RecordingRefused(
            "no_consent",
            _("The signed consent does not allow recording this interview. Nothing was saved."),
            403,
        )
    interview = participant.interview
    if interview is None:
        raise RecordingRefused("not_started", _("The interview has not been started yet."), 409)
    if interview.status != INTERVIEW_IN_PROGRESS:
        raise RecordingRefused(
            "finished",
            _("The interview is finished: no more recording is taken for it."),
            409,
        )
    return interview


def check_chunk(chunk: ChunkIn) -> None:
    """Refuse a malformed, oversized or corrupted chunk before anything is written."""
    if not SEGMENT_ID.match(chunk.segment) or chunk.sequence is None or chunk.age_ms is None:
        raise RecordingRefused(
            "bad_chunk", _("The chunk's segment, sequence or age is missing or malformed.")
        )
    if base_type(chunk.mime_type) not in ACCEPTED_TYPES or chunk.final not in ("", *ENDINGS):
        raise RecordingRefused("bad_chunk", _("This kind of audio is not accepted."))
    limit = current_app.config["RECORDING_MAX_CHUNK_BYTES"]
    if len(chunk.data) > limit:
        raise RecordingRefused(
            "too_large",
            _("The chunk is larger than %(limit)s bytes. Nothing was saved.", limit=limit),
            413,
        )
    if not chunk.data and not chunk.final:
        raise RecordingRefused("empty", _("The chunk is empty. Nothing was saved."))
    if not SHA256.match(chunk.sha256) or hashlib.sha256(chunk.data).hexdigest() != chunk.sha256:
        raise RecordingRefused(
            "checksum",
            _("The chunk arrived damaged (its checksum does not match). Send it again."),
            422,
        )


def find_segment(client_id: str) -> RecordingSegment | None:
    """The segment the browser named, if it has sent any chunk of it."""
    return db.session.scalar(db.select(RecordingSegment).filter_by(client_id=client_id))


def repeated_chunk(segment: RecordingSegment, chunk: ChunkIn) -> Ack:
    """A chunk stored already: acknowledged again if it is the same, refused if it differs."""
    stored = db.session.scalar(
        db.select(RecordingChunk.sha256).filter_by(segment_id=segment.id, sequence=chunk.sequence)
    )
    if stored != chunk.sha256:
        raise RecordingRefused(
            "duplicate_differs",
            _(
                "Chunk %(n)s was received before with other content. Nothing was changed.",
                n=chunk.sequence,
            ),
            409,
        )
    return Ack(segment.client_id, chunk.sequence, duplicate=True)


def check_rate(interview_id: int, size: int) -> None:
    """Refuse uploads beyond the per-minute limits with a 429 the browser waits out."""
    since = utcnow() - timedelta(minutes=1)
    count, total = db.session.execute(
        db.select(
            func.count(RecordingChunk.id), func.coalesce(func.sum(RecordingChunk.size), 0)
        ).where(RecordingChunk.interview_id == interview_id, RecordingChunk.received_at > since)
    ).one()
    config = current_app.config
    if (
        count >= config["RECORDING_MAX_CHUNKS_PER_MINUTE"]
        or total + size > config["RECORDING_MAX_BYTES_PER_MINUTE"]
    ):
        raise RecordingRefused(
            "rate_limited",
            _("Too much audio in one minute for one interview: wait a moment, it is sent again."),
            429,
            retry_after=10,
        )


def store_chunk(
    participant: Participant,
    interview: Interview,
    segment: RecordingSegment | None,
    chunk: ChunkIn,
) -> Ack:
    """Write the chunk's file, then its row, then commit: only then is it acknowledged."""
    try:
        segment = record_chunk(participant, interview, segment, chunk)
    except IntegrityError:
        # Another request stored the same chunk (or started the same segment) at this moment.
        db.session.rollback()
        raise RecordingRefused(
            "busy", _("The same chunk arrived twice at once: it is sent again."), 409
        ) from None
    if chunk.final:
        # The segment is complete: its playable file is made now (the chunk is safe already).
        assemble_segment(participant.code, segment)
        db.session.commit()
    return Ack(chunk.segment, chunk.sequence, duplicate=False)


def record_chunk(
    participant: Participant,
    interview: Interview,
    segment: RecordingSegment | None,
    chunk: ChunkIn,
) -> RecordingSegment:
    """The file written durably, the chunk's row and the segment's counts committed."""
    now = utcnow()
    started = now - timedelta(milliseconds=chunk.age_ms)
    if segment is None:
        segment = new_segment(interview, chunk, started)
    # Each report is the true start plus the request's delay: the earliest is the closest.
    segment.started_at = min(segment.started_at, started)
    write_durably(chunk_path(participant.code, chunk.segment, chunk.sequence), chunk.data)
    db.session.add(
        RecordingChunk(
            segment_id=segment.id,
            interview_id=interview.id,
            sequence=chunk.sequence,
            size=len(chunk.data),
            sha256=chunk.sha256,
            received_at=now,
        )
    )
    segment.chunk_count = chunk.sequence + 1
    segment.bytes_received += len(chunk.data)
    if chunk.final:
        segment.ended_by = chunk.final
    db.session.commit()
    return segment


def new_segment(interview: Interview, chunk: ChunkIn, started) -> RecordingSegment:
    """The row of a segment whose first chunk just arrived, numbered after the last one."""
    last = db.session.scalar(
        db.select(func.max(RecordingSegment.number)).filter_by(interview_id=interview.id)
    )
    segment = RecordingSegment(
        interview_id=interview.id,
        client_id=chunk.segment,
        number=(last or 0) + 1,
        mime_type=chunk.mime_type[:80],
        started_at=started,
    )
    db.session.add(segment)
    db.session.flush()
    return segment
