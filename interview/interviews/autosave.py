"""Race-free saving of one answer: a few small statements in one transaction, no read-modify-write.

The order matters (see `write_answer`): lock the row, copy the old text into the revision table with
a write statement, then update only if something changed. On SQLite the first write statement takes
the database write lock before it reads, so two concurrent saves are serialised and the second one
sees the first one's text; on PostgreSQL the `FOR UPDATE` row lock does the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import and_, func, insert, literal, or_, select, update

from ..extensions import db
from ..models import Answer, AnswerRevision, Interview, Participant
from ..models.base import UTCDateTime, utcnow

MAX_ANSWER_LENGTH = 100_000


class AutosaveError(Exception):
    """A save that was refused; `code` is the HTTP status, `error` a short machine-readable name."""

    def __init__(self, error: str, message: str, code: int = 400) -> None:
        super().__init__(message)
        self.error, self.message, self.code = error, message, code


@dataclass(frozen=True)
class InterviewRef:
    """The few columns a save needs, read without loading the interview or the instrument."""

    id: int
    status: str
    started_at: datetime


@dataclass(frozen=True)
class SaveResult:
    """What the client learns after a save."""

    version: int
    saved_at: datetime | None
    opened_at: datetime | None
    changed: bool
    conflict: bool


def interview_ref(code: str) -> InterviewRef | None:
    """The participant's interview (id, status, start) in one small query, or None."""
    row = db.session.execute(
        select(Interview.id, Interview.status, Interview.started_at)
        .join(Participant, Participant.id == Interview.participant_id)
        .where(Participant.code == code.upper())
    ).first()
    return InterviewRef(*row) if row else None


def lock_answer(interview_id: int, question_id: str) -> int | None:
    """Step 1: the answer's id, row-locked on PostgreSQL (SQLite omits FOR UPDATE)."""
    return db.session.scalar(
        select(Answer.id)
        .where(Answer.interview_id == interview_id, Answer.question_id == question_id)
        .with_for_update()
    )


def write_answer(
    answer_id: int, text: str, skipped: bool, user_id: int | None, now: datetime
) -> bool:
    """Steps 2 and 3: keep the old text as a revision, then replace it, both only if it differs."""
    differs = and_(Answer.id == answer_id, or_(Answer.text != text, Answer.skipped != skipped))
    old = select(
        Answer.id,
        Answer.text,
        Answer.skipped,
        Answer.version,
        Answer.last_edited_at,
        literal(now, UTCDateTime),
        literal(user_id, AnswerRevision.replaced_by_id.type),
    ).where(differs, or_(Answer.text != "", Answer.skipped))
    columns = ["answer_id", "text", "skipped", "version", "saved_at", "replaced_at"]
    db.session.execute(insert(AnswerRevision).from_select([*columns, "replaced_by_id"], old))
    result = db.session.execute(
        update(Answer)
        .where(differs)
        .values(
            text=text,
            skipped=skipped,
            version=Answer.version + 1,
            last_edited_at=now,
            first_opened_at=func.coalesce(Answer.first_opened_at, now),
            updated_by_id=user_id,
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def mark_opened(answer_id: int, now: datetime) -> None:
    """Stamp when the question was first opened; later opens keep the first time."""
    db.session.execute(
        update(Answer)
        .where(Answer.id == answer_id, Answer.first_opened_at.is_(None))
        .values(first_opened_at=now)
        .execution_options(synchronize_session=False)
    )


def save_answer(
    interview_id: int,
    question_id: str,
    text: str | None,
    skipped: bool = False,
    *,
    base_version: int | None = None,
    opened: bool = False,
    user_id: int | None = None,
    commit: bool = True,
) -> SaveResult:
    """Save one answer (and/or its opened mark) race-free; `commit=False` lets a caller batch."""
    if text is not None and len(text) > MAX_ANSWER_LENGTH:
        raise AutosaveError("too_long", too_long_message())
    answer_id = lock_answer(interview_id, question_id)
    if answer_id is None:
        raise AutosaveError("unknown_question", unknown_question_message())
    now = utcnow()
    changed = text is not None and write_answer(answer_id, text, skipped, user_id, now)
    if opened and not changed:
        mark_opened(answer_id, now)
    version, saved_at, opened_at = db.session.execute(
        select(Answer.version, Answer.last_edited_at, Answer.first_opened_at).where(
            Answer.id == answer_id
        )
    ).one()
    if commit:
        db.session.commit()
    # The version before this save is version - 1: if the client loaded another, someone else wrote.
    conflict = changed and base_version is not None and version - 1 != base_version
    return SaveResult(version, saved_at, opened_at, changed, conflict)


def too_long_message() -> str:
    """The message for an answer over the limit."""
    return _("An answer can be at most %(limit)s characters long.", limit=f"{MAX_ANSWER_LENGTH:,}")


def unknown_question_message() -> str:
    """The message for a question id this interview does not have."""
    return _("There is no such question in this interview. Nothing was saved.")
