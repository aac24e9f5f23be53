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

from interview.audit import record_event
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


# One turn typed, inserted or deleted in the editor: each keeps a revision for its position, so the
# history holds one entry per version (inserted: no earlier turn; deleted: the turn taken out).
REASON_INSERTED = "inserted"
REASON_DELETED = "deleted"


def save_turn(
    participant: Participant,
    position: int,
    *,
    speaker: str,
    start_ms: int | None,
    text: str,
    by: User,
    expected_version: int,
) -> Transcript:
    """Change the turn at ``position``, keeping its earlier value as a one-turn revision.

    A save that changes nothing is accepted whatever the version (a repeated send whose answer was
    lost), so it never lands among the user's refused texts.
    """
    new = checked_turns([Turn(speaker, start_ms, text)])[0]
    transcript = transcript_of(participant)
    row = turn_row(transcript, position)
    if row is not None and (row.speaker, row.start_ms, row.text) == (
        new.speaker,
        new.start_ms,
        new.text,
    ):
        return transcript
    check_version(transcript, expected_version)
    if row is None:
        raise TranscriptError(_("This turn is no longer in the transcript; reload the page."))
    keep_turn_revision(transcript, position, [row], REASON_TYPED, by)
    row.speaker, row.start_ms, row.text = new.speaker, new.start_ms, new.text
    return saved(transcript, expected_version, "transcript_turn_save", position, by)


def insert_turn(
    participant: Participant,
    position: int,
    *,
    speaker: str,
    start_ms: int | None,
    text: str,
    by: User,
    expected_version: int,
) -> Transcript:
    """Insert a turn before the one at ``position`` (at the end when it equals the count)."""
    new = checked_turns([Turn(speaker, start_ms, text)])[0]
    transcript = transcript_of(participant)
    check_version(transcript, expected_version)
    if transcript is None:
        transcript = Transcript(participant_id=participant.id, source_format=SOURCE_TYPED)
        db.session.add(transcript)
        db.session.flush()
    if not 0 <= position <= len(transcript.turns):
        raise TranscriptError(_("There is no place for a turn there; reload the page."))
    keep_turn_revision(transcript, position, [], REASON_INSERTED, by)
    shift_turns(transcript, position, 1)
    db.session.add(
        TranscriptTurn(
            transcript_id=transcript.id,
            position=position,
            speaker=new.speaker,
            start_ms=new.start_ms,
            text=new.text,
        )
    )
    return saved(transcript, expected_version, "transcript_turn_insert", position, by)


def delete_turn(
    participant: Participant, position: int, *, by: User, expected_version: int
) -> Transcript:
    """Take the turn at ``position`` out; the turns after it move up, the deleted one is kept."""
    transcript = transcript_of(participant)
    check_version(transcript, expected_version)
    row = turn_row(transcript, position)
    if row is None:
        raise TranscriptError(_("This turn is no longer in the transcript; reload the page."))
    keep_turn_revision(transcript, position, [row], REASON_DELETED, by)
    db.session.delete(row)
    db.session.flush()
    shift_turns(transcript, position + 1, -1)
    return saved(transcript, expected_version, "transcript_turn_delete", position, by)


def check_version(transcript: Transcript | None, expected_version: int) -> None:
    """TranscriptConflict unless the transcript is still at the version the caller edited."""
    if expected_version != (transcript.version if transcript else 0):
        raise stale()


def stale() -> TranscriptConflict:
    """The refusal of a save made from a version the transcript has left."""
    return TranscriptConflict(
        _("The transcript was changed elsewhere since this page loaded; reload it.")
    )


def turn_row(transcript: Transcript | None, position: int) -> TranscriptTurn | None:
    """The transcript's turn at ``position``, if there is one."""
    if transcript is None or not 0 <= position < len(transcript.turns):
        return None
    return transcript.turns[position]


def keep_turn_revision(
    transcript: Transcript, position: int, rows: list[TranscriptTurn], reason: str, by: User
) -> None:
    """Add the revision of one position: what stood there before this version (nothing: [])."""
    db.session.add(
        TranscriptRevision(
            transcript_id=transcript.id,
            version=transcript.version,
            position=position,
            offset_ms=transcript.offset_ms,
            source_format=transcript.source_format,
            turns=[
                Turn(row.speaker, row.start_ms, row.text, row.question_id, row.placed_by).as_json()
                for row in rows
            ],
            saved_at=transcript.updated_at,
            saved_by_id=transcript.updated_by_id,
            reason=reason,
            replaced_by_id=by.id,
        )
    )


def shift_turns(transcript: Transcript, start: int, step: int) -> None:
    """Move every turn from ``start`` on by ``step`` (±1) without two ever sharing a position.

    Databases check the unique (transcript, position) index row by row during one UPDATE, so
    ``position + 1`` collides with the next row. The turns go to negative positions first (distinct,
    and below every real one), then to their new place.
    """
    moving = (TranscriptTurn.transcript_id == transcript.id, TranscriptTurn.position >= start)
    update = db.update(TranscriptTurn).execution_options(synchronize_session=False)
    db.session.execute(update.where(*moving).values(position=-TranscriptTurn.position - 1))
    db.session.execute(
        update.where(
            TranscriptTurn.transcript_id == transcript.id, TranscriptTurn.position < 0
        ).values(position=-TranscriptTurn.position - 1 + step)
    )
    db.session.expire(transcript, ["turns"])


def saved(
    transcript: Transcript, expected_version: int, action: str, position: int, by: User
) -> Transcript:
    """Count the new version, note it in the audit log (ids only) and commit.

    The version moves on only from the one the caller read: of two saves sent at once from the
    same version, the second finds it gone and is refused instead of overwriting the first.
    """
    moved = db.session.execute(
        db.update(Transcript)
        .where(Transcript.id == transcript.id, Transcript.version == expected_version)
        .values(version=expected_version + 1, updated_at=utcnow(), updated_by_id=by.id)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        db.session.rollback()
        raise stale()
    record_event(
        action,
        participant_code(transcript),
        detail=f"turn {position + 1}, version {expected_version + 1}",
        user=by,
    )
    db.session.commit()
    return transcript


def participant_code(transcript: Transcript) -> str:
    """The code of the transcript's participant (for the audit log)."""
    return db.session.get(Participant, transcript.participant_id).code
