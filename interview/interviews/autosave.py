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
from sqlalchemy import Boolean, Row, Text, and_, bindparam, case, func, insert, or_, select, update

from interview.audit import record_event
from interview.extensions import db
from interview.models import Answer, AnswerRevision, Interview, Participant, User
from interview.models.base import UTCDateTime, utcnow

MAX_ANSWER_LENGTH = 100_000
MAX_NOTE_LENGTH = 2_000


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


# The statements are built once: a save then only binds values (building SQLAlchemy expressions on
# every call cost more than running them). They run on the session's connection, in its transaction.
ANSWERS, REVISIONS = Answer.__table__, AnswerRevision.__table__
NOW = bindparam("b_now", type_=UTCDateTime)
# A value bound as NULL keeps the stored one: a save may bring the text, the note, or both.
NEW_TEXT = func.coalesce(bindparam("b_text", type_=Text), ANSWERS.c.text)
NEW_SKIPPED = func.coalesce(bindparam("b_skipped", type_=Boolean), ANSWERS.c.skipped)
NEW_NOTE = func.coalesce(bindparam("b_note", type_=Text), ANSWERS.c.interviewer_note)
# Only the participant's answer counts as an edit (version, "edited" time); the note does not,
# so a note saved from one box never makes the answer's next save look like a conflict.
ANSWER_DIFFERS = or_(ANSWERS.c.text != NEW_TEXT, ANSWERS.c.skipped != NEW_SKIPPED)
_DIFFERS = and_(
    ANSWERS.c.id == bindparam("b_id"),
    or_(ANSWER_DIFFERS, ANSWERS.c.interviewer_note != NEW_NOTE),
)
FIND_INTERVIEW = (
    select(Interview.id, Interview.status, Interview.started_at)
    .join(Participant, Participant.id == Interview.participant_id)
    .where(Participant.code == bindparam("b_code"))
)
LOCK_ANSWER = (
    select(ANSWERS.c.id, ANSWERS.c.version, ANSWERS.c.last_edited_at, ANSWERS.c.updated_by_id)
    .where(ANSWERS.c.interview_id == bindparam("b_interview"))
    .where(ANSWERS.c.question_id == bindparam("b_question"))
    .with_for_update()
)
KEEP_REVISION = insert(REVISIONS).from_select(
    [
        "answer_id",
        "text",
        "skipped",
        "interviewer_note",
        "version",
        "saved_at",
        "saved_by_id",
        "replaced_at",
        "replaced_by_id",
    ],
    select(
        ANSWERS.c.id,
        ANSWERS.c.text,
        ANSWERS.c.skipped,
        ANSWERS.c.interviewer_note,
        ANSWERS.c.version,
        ANSWERS.c.last_edited_at,
        ANSWERS.c.updated_by_id,
        NOW,
        bindparam("b_user", type_=REVISIONS.c.replaced_by_id.type),
    ).where(
        _DIFFERS,
        or_(ANSWERS.c.text != "", ANSWERS.c.skipped, ANSWERS.c.interviewer_note != ""),
    ),
)
SAVED_STATE = (ANSWERS.c.version, ANSWERS.c.last_edited_at, ANSWERS.c.first_opened_at)
# Every SET expression reads the row as it was before this statement (SQL's rule).
REPLACE_TEXT = (
    update(ANSWERS)
    .where(_DIFFERS)
    .values(
        text=NEW_TEXT,
        skipped=NEW_SKIPPED,
        interviewer_note=NEW_NOTE,
        version=case((ANSWER_DIFFERS, ANSWERS.c.version + 1), else_=ANSWERS.c.version),
        last_edited_at=case((ANSWER_DIFFERS, NOW), else_=ANSWERS.c.last_edited_at),
        first_opened_at=func.coalesce(ANSWERS.c.first_opened_at, NOW),
        updated_by_id=bindparam("b_user"),
    )
    # What the client learns, without a statement more while the write lock is held.
    .returning(*SAVED_STATE)
)
MARK_OPENED = (
    update(ANSWERS)
    .where(ANSWERS.c.id == bindparam("b_id"), ANSWERS.c.first_opened_at.is_(None))
    .values(first_opened_at=bindparam("b_now", type_=UTCDateTime))
)
READ_BACK = select(*SAVED_STATE).where(ANSWERS.c.id == bindparam("b_id"))


def run(statement, **params):
    """Execute a prebuilt statement on the session's connection (inside its transaction)."""
    return db.session.connection().execute(statement, params)


def interview_ref(code: str) -> InterviewRef | None:
    """The participant's interview (id, status, start) in one small query, or None."""
    row = run(FIND_INTERVIEW, b_code=code.upper()).first()
    return InterviewRef(*row) if row else None


def lock_answer(interview_id: int, question_id: str):
    """Step 1: the answer's id, version, last edit and last writer (row-locked on PostgreSQL;
    SQLite omits FOR UPDATE), or None."""
    return run(LOCK_ANSWER, b_interview=interview_id, b_question=question_id).first()


def write_answer(
    answer_id: int,
    text: str | None,
    skipped: bool | None,
    note: str | None,
    user_id: int | None,
    now: datetime,
) -> Row | None:
    """Steps 2 and 3: keep the old state as a revision, then replace it, both only if it differs.

    None keeps the stored value: a note saved alone leaves the answer as it is, and the reverse.
    Returns the new version, last edit and first opening; None if nothing differed.
    """
    values = {
        "b_id": answer_id,
        "b_text": text,
        "b_skipped": skipped,
        "b_note": note,
        "b_now": now,
        "b_user": user_id,
    }
    run(KEEP_REVISION, **values)
    return run(REPLACE_TEXT, **values).first()


def mark_opened(answer_id: int, now: datetime) -> None:
    """Stamp when the question was first opened; later opens keep the first time."""
    run(MARK_OPENED, b_id=answer_id, b_now=now)


def save_answer(
    interview_id: int,
    question_id: str,
    text: str | None,
    skipped: bool = False,
    *,
    note: str | None = None,
    base_version: int | None = None,
    opened: bool = False,
    user_id: int | None = None,
    commit: bool = True,
) -> SaveResult:
    """Save one answer, its interviewer's note and/or its opened mark, race-free.

    ``text`` None leaves the answer (and its skip flag) as stored, ``note`` None the note;
    ``commit=False`` lets a caller batch several saves in one transaction.
    """
    if text is not None and len(text) > MAX_ANSWER_LENGTH:
        raise AutosaveError("too_long", too_long_message())
    if note is not None and len(note) > MAX_NOTE_LENGTH:
        raise AutosaveError("too_long", note_too_long_message())
    before = lock_answer(interview_id, question_id)
    if before is None:
        raise AutosaveError("unknown_question", unknown_question_message())
    answer_id, old_version = before.id, before.version
    now = utcnow()
    state = None
    if text is not None or note is not None:
        state = write_answer(
            answer_id, text, skipped if text is not None else None, note, user_id, now
        )
    if state is None:  # a write stamps the first opening too
        if opened:
            mark_opened(answer_id, now)
        state = run(READ_BACK, b_id=answer_id).one()
    version, saved_at, opened_at = state
    changed = version != old_version
    if changed and audit_due(before.last_edited_at, before.updated_by_id, user_id, now):
        audit_edit(interview_id, question_id, version, user_id)
    if commit:
        db.session.commit()
    # The client loaded `base_version`: if the answer held another one, someone else wrote.
    conflict = changed and base_version is not None and old_version != base_version
    return SaveResult(version, saved_at, opened_at, changed, conflict)


def audit_due(
    last_edit: datetime | None, last_user: int | None, user_id: int | None, now: datetime
) -> bool:
    """Whether this edit gets an audit row.

    Autosave writes every few seconds while someone types, and every version is in the revisions
    anyway: the audit log gets the first edit of a question in each clock minute (UTC), and any
    edit by someone other than the answer's last writer.
    """
    if last_edit is None or last_user != user_id:
        return True
    return last_edit.replace(second=0, microsecond=0) != now.replace(second=0, microsecond=0)


def audit_edit(interview_id: int, question_id: str, version: int, user_id: int | None) -> None:
    """The audit row for an answer edit (in the save's transaction; names no words)."""
    code = db.session.scalar(
        select(Participant.code)
        .join(Interview, Interview.participant_id == Participant.id)
        .where(Interview.id == interview_id)
    )
    user = db.session.get(User, user_id) if user_id is not None else None
    record_event("answer_edit", code, detail=f"{question_id} version {version}", user=user)


def too_long_message() -> str:
    """The message for an answer over the limit."""
    return _("An answer can be at most %(limit)s characters long.", limit=f"{MAX_ANSWER_LENGTH:,}")


def note_too_long_message() -> str:
    """The message for an interviewer's note over the limit."""
    return _("A note can be at most %(limit)s characters long.", limit=f"{MAX_NOTE_LENGTH:,}")


def unknown_question_message() -> str:
    """The message for a question id this interview does not have."""
    return _("There is no such question in this interview. Nothing was saved.")
