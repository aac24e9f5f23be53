"""Moving a question boundary by hand: turns set under another question, kept as placed by hand."""

from __future__ import annotations

from flask_babel import gettext as _

from interview.models import PLACED_BY_HAND, Participant, Transcript, User
from interview.record.build import build_record
from interview.transcripts.alignment import interview_questions, moved
from interview.transcripts.imports import save_carrying_codings
from interview.transcripts.store import (
    REASON_MOVED,
    TranscriptConflict,
    TranscriptError,
    transcript_of,
    turns_of,
)


def move_boundary(
    participant: Participant,
    position: int,
    question_id: str | None,
    *,
    by: User,
    following: bool = True,
    expected_version: int | None = None,
) -> Transcript:
    """Put the turn at ``position`` (0-based) and the turns beside it that sat under the same
    question (after it, or before it with ``following=False``) under ``question_id``.
    """
    transcript = transcript_of(participant)
    if transcript is None or not transcript.turns:
        raise TranscriptError(_("There is no transcript to change."))
    if expected_version is not None and expected_version != transcript.version:
        raise TranscriptConflict(
            _("The transcript was changed elsewhere since this page loaded; reload it.")
        )
    record = build_record(participant)
    if question_id is not None and question_id not in dict(
        interview_questions(record["interview"])
    ):
        raise TranscriptError(_("There is no such question in this interview."))
    turns = turns_of(transcript)
    if not 0 <= position < len(turns):
        raise TranscriptError(_("There is no such turn."))
    return save_carrying_codings(
        participant,
        record,
        moved(turns, position, question_id, following=following),
        by=by,
        reason=REASON_MOVED,
        source_format=transcript.source_format,
        offset_ms=transcript.offset_ms,
    )


def boundaries_context(participant: Participant) -> dict:
    """What the boundaries page shows: each turn (time, speaker, opening words) under its
    question as the record places it, the interview's questions, and the transcript's version."""
    record = build_record(participant)
    transcript = record.get("transcript") or {"turns": [], "version": 0}
    questions = interview_questions(record["interview"])
    labels = dict(questions)
    turns = [
        {
            "position": turn["number"] - 1,
            "start": turn["start"],
            "label": turn["label"],
            "opening": opening_words(turn["text"]),
            "question_id": turn["question_id"],
            "question": labels.get(turn["question_id"]),
            "by_hand": turn["placed_by"] == PLACED_BY_HAND,
        }
        for turn in transcript["turns"]
    ]
    return {
        "participant": participant,
        "turns": turns,
        "questions": questions,
        "version": transcript["version"],
    }


def opening_words(text: str, length: int = 90) -> str:
    """The start of a turn's text, enough to recognise it."""
    return text if len(text) <= length else text[:length].rsplit(" ", 1)[0] + " …"
