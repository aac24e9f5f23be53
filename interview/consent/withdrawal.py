"""Withdrawal from the study: every research datum of the participant is deleted for good."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from ..audit import record_event
from ..database import scrub_deleted_data
from ..extensions import db
from ..models import (
    CONSENT_WITHDRAWN,
    Answer,
    AnswerRevision,
    Change,
    Consent,
    Interview,
    InterviewEvent,
    Participant,
    QuestionnaireResponse,
    QuestionnaireRevision,
    User,
)
from .services import now_seconds

CACHE_DIR = "cache"


def withdraw_participant(participant: Participant, user: User) -> int:
    """Delete the participant's research data, mark the consent withdrawn; return cached files removed."""
    _delete_research_rows(participant)
    consent = participant.consent or Consent(participant=participant)
    db.session.add(consent)
    consent.status = CONSENT_WITHDRAWN
    consent.withdrawn_at = now_seconds()
    record_event("consent_withdrawn", participant, user=user)
    db.session.commit()
    removed = remove_cached_files(participant.code)
    # Deleted rows can linger in the write-ahead log; push them out of every file on disk.
    scrub_deleted_data(db.engine)
    return removed


def _delete_research_rows(participant: Participant) -> None:
    """Delete questionnaire and interview rows with their history, children first.

    Explicit deletes rather than relying on ON DELETE CASCADE: it must not depend on the engine
    enforcing foreign keys.
    """
    interviews = db.select(Interview.id).where(Interview.participant_id == participant.id)
    answers = db.select(Answer.id).where(Answer.interview_id.in_(interviews))
    responses = db.select(QuestionnaireResponse.id).where(
        QuestionnaireResponse.participant_id == participant.id
    )
    for statement in (
        db.delete(AnswerRevision).where(AnswerRevision.answer_id.in_(answers)),
        db.delete(Answer).where(Answer.interview_id.in_(interviews)),
        db.delete(Change).where(Change.interview_id.in_(interviews)),
        db.delete(InterviewEvent).where(InterviewEvent.interview_id.in_(interviews)),
        db.delete(Interview).where(Interview.participant_id == participant.id),
        db.delete(QuestionnaireRevision).where(QuestionnaireRevision.response_id.in_(responses)),
        db.delete(QuestionnaireResponse).where(
            QuestionnaireResponse.participant_id == participant.id
        ),
    ):
        db.session.execute(statement, execution_options={"synchronize_session": False})
    db.session.expire(participant, ["questionnaire", "interview"])


def remove_cached_files(code: str) -> int:
    """Delete cached export files named after the participant (e.g. P05.pdf, P05-coding.pdf)."""
    folder = Path(current_app.instance_path) / CACHE_DIR
    if not folder.is_dir():
        return 0
    removed = 0
    for path in folder.rglob("*"):
        if path.is_file() and _named_after(path.name, code):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _named_after(name: str, code: str) -> bool:
    """The file name is the code, or the code followed by a separator (P05 must not match P050)."""
    head, rest = name[: len(code)], name[len(code) :]
    return head.upper() == code.upper() and (not rest or not rest[0].isalnum())
