"""Reading and saving a participant's transcript: every save one transaction, the old turns kept.

Turns come in and go out as plain `Turn` data, so importers, the editor and the exports share one
shape and never hold ORM rows. Text is normalised on the way in (NFC, LF, no BOM): every offset the
coding counts is then the same whichever file or keyboard the words came from.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from flask_babel import gettext as _

from interview.extensions import db
from interview.models import (
    PLACED_BY_HAND,
    PLACED_BY_TIME,
    SPEAKERS,
    Participant,
    Transcript,
    TranscriptRevision,
    TranscriptTurn,
    User,
)
from interview.models.base import utcnow

# The study's labels live with the record, which shows them; the editor reads them from here.
from interview.record.transcript import speaker_labels  # noqa: F401

# Why a save replaced the turns (kept on the revision).
REASON_TYPED = "typed"
REASON_IMPORTED = "imported"
REASON_REIMPORTED = "reimported"
REASON_ALIGNED = "aligned"
REASON_MOVED = "moved"
REASONS = (REASON_TYPED, REASON_IMPORTED, REASON_REIMPORTED, REASON_ALIGNED, REASON_MOVED)

SOURCE_TYPED = "typed"


class TranscriptError(ValueError):
    """A transcript that cannot be saved as given; the message is for the user."""


class TranscriptConflict(TranscriptError):
    """The transcript changed since the caller read it (another tab, another user)."""


@dataclass(frozen=True)
class Turn:
    """One turn of speech: who spoke (a role, not a name), when (ms on the transcript's clock), what."""

    speaker: str
    start_ms: int | None
    text: str
    question_id: str | None = None
    placed_by: str = PLACED_BY_TIME

    def as_json(self) -> dict[str, Any]:
        """The turn as plain JSON data."""
        return asdict(self)


def normalise_text(text: str) -> str:
    """NFC, LF line endings, no byte-order mark, no trailing whitespace on the turn."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).strip()


def transcript_of(participant: Participant) -> Transcript | None:
    """The participant's transcript row, or None before one is typed or imported."""
    return db.session.scalar(
        db.select(Transcript).where(Transcript.participant_id == participant.id)
    )


def turns_of(transcript: Transcript | None) -> list[Turn]:
    """The transcript's turns as plain data, in order (empty without a transcript)."""
    if transcript is None:
        return []
    return [
        Turn(row.speaker, row.start_ms, row.text, row.question_id, row.placed_by)
        for row in transcript.turns
    ]


def checked_turns(turns: Sequence[Turn]) -> list[Turn]:
    """The turns normalised, or TranscriptError naming the first that cannot be kept."""
    result = []
    for number, turn in enumerate(turns, start=1):
        if turn.speaker not in SPEAKERS:
            raise TranscriptError(_("Turn %(number)d has no known speaker.", number=number))
        if turn.start_ms is not None and (not isinstance(turn.start_ms, int) or turn.start_ms < 0):
            raise TranscriptError(_("Turn %(number)d has an impossible time.", number=number))
        if turn.placed_by not in (PLACED_BY_TIME, PLACED_BY_HAND):
            raise TranscriptError(_("Turn %(number)d has an unknown placement.", number=number))
        question_id = turn.question_id if turn.question_id else None
        if question_id is not None and len(question_id) > 64:
            raise TranscriptError(_("Turn %(number)d names an unknown question.", number=number))
        result.append(
            Turn(
                turn.speaker, turn.start_ms, normalise_text(turn.text), question_id, turn.placed_by
            )
        )
    return result


def save_transcript(
    participant: Participant,
    turns: Sequence[Turn],
    *,
    by: User,
    reason: str,
    source_format: str | None = None,
    offset_ms: int | None = None,
    expected_version: int | None = None,
) -> Transcript:
    """Replace the participant's turns in one transaction, keeping the earlier ones as a revision.

    ``expected_version`` is the version the caller's turns were edited from: when the transcript
    has moved on since, TranscriptConflict is raised and nothing changes.
    """
    if reason not in REASONS:
        raise ValueError(f"unknown reason {reason!r}")
    clean = checked_turns(turns)
    transcript = transcript_of(participant)
    if expected_version is not None and expected_version != (
        transcript.version if transcript else 0
    ):
        raise TranscriptConflict(
            _("The transcript was changed elsewhere since this page loaded; reload it.")
        )
    if transcript is None:
        transcript = Transcript(participant_id=participant.id, source_format=SOURCE_TYPED)
        db.session.add(transcript)
    elif transcript.version > 0:
        db.session.add(
            TranscriptRevision(
                transcript_id=transcript.id,
                version=transcript.version,
                offset_ms=transcript.offset_ms,
                source_format=transcript.source_format,
                turns=[turn.as_json() for turn in turns_of(transcript)],
                saved_at=transcript.updated_at,
                saved_by_id=transcript.updated_by_id,
                reason=reason,
                replaced_by_id=by.id,
            )
        )
    transcript.turns.clear()
    # Old rows go before new ones take their positions (one unique index per position).
    db.session.flush()
    transcript.turns.extend(
        TranscriptTurn(
            position=position,
            speaker=turn.speaker,
            start_ms=turn.start_ms,
            text=turn.text,
            question_id=turn.question_id,
            placed_by=turn.placed_by,
        )
        for position, turn in enumerate(clean)
    )
    transcript.version = (transcript.version or 0) + 1
    if source_format is not None:
        transcript.source_format = source_format
    if offset_ms is not None:
        transcript.offset_ms = offset_ms
    transcript.updated_at = utcnow()
    transcript.updated_by_id = by.id
    db.session.commit()
    return transcript


def revisions_of(transcript: Transcript) -> list[TranscriptRevision]:
    """The transcript's earlier versions, newest first."""
    statement = (
        db.select(TranscriptRevision)
        .where(TranscriptRevision.transcript_id == transcript.id)
        .order_by(TranscriptRevision.version.desc())
    )
    return list(db.session.scalars(statement))
