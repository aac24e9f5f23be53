"""Withdrawal from the study: every research datum of the participant is deleted for good."""

from __future__ import annotations

from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from interview.audit import record_event
from interview.consent.services import now_seconds
from interview.database import scrub_deleted_data
from interview.extensions import db
from interview.models import (
    CONSENT_WITHDRAWN,
    Answer,
    AnswerRevision,
    Change,
    Citation,
    CodingDocument,
    CodingMark,
    CodingOperation,
    ComparisonSnapshot,
    Consent,
    ExportJob,
    Interview,
    InterviewEvent,
    Participant,
    QuestionnaireResponse,
    QuestionnaireRevision,
    User,
    citation_codes,
)

CACHE_DIR = "cache"
EXPORTS_DIR = "exports"


def withdraw_participant(participant: Participant, user: User) -> int:
    """Delete the participant's research data and every exported copy, mark the consent withdrawn.

    Returns how many exported files (cached PDFs, export zips) were removed.
    """
    _delete_research_rows(participant)
    consent = participant.consent or Consent(participant=participant)
    db.session.add(consent)
    consent.status = CONSENT_WITHDRAWN
    consent.withdrawn_at = now_seconds()
    removed = purge_exported_copies()
    record_event(
        "consent_withdrawn", participant, detail=f"{removed} exported files removed", user=user
    )
    db.session.commit()
    # Deleted rows can linger in the write-ahead log; push them out of every file on disk.
    scrub_deleted_data(db.engine)
    return removed


def _delete_research_rows(participant: Participant) -> None:
    """Delete questionnaire, interview and coding rows with their history, children first.

    Explicit deletes rather than relying on ON DELETE CASCADE: it must not depend on the engine
    enforcing foreign keys.
    """
    interviews = db.select(Interview.id).where(Interview.participant_id == participant.id)
    answers = db.select(Answer.id).where(Answer.interview_id.in_(interviews))
    responses = db.select(QuestionnaireResponse.id).where(
        QuestionnaireResponse.participant_id == participant.id
    )
    documents = db.select(CodingDocument.id).where(CodingDocument.participant_id == participant.id)
    citations = db.select(Citation.id).where(Citation.document_id.in_(documents))
    for statement in (
        # The coded passages quote the participant's words: they go with the interview.
        db.delete(citation_codes).where(citation_codes.c.citation_id.in_(citations)),
        db.update(Citation).where(Citation.document_id.in_(documents)).values(merged_into_id=None),
        db.delete(Citation).where(Citation.document_id.in_(documents)),
        db.delete(CodingOperation).where(CodingOperation.document_id.in_(documents)),
        db.delete(CodingMark).where(CodingMark.document_id.in_(documents)),
        db.delete(CodingDocument).where(CodingDocument.participant_id == participant.id),
        db.delete(ComparisonSnapshot).where(ComparisonSnapshot.participant_id == participant.id),
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


def purge_exported_copies() -> int:
    """Delete every cached PDF and stored export zip; return how many files went.

    Cached PDFs are named by a hash of their record, not by participant, and a zip holds everyone:
    after a withdrawal the only way to be sure no copy of the participant's words stays on disk is to
    drop them all. Both are rebuilt on the next export, so nothing of value is lost.
    """
    instance = Path(current_app.instance_path)
    removed = 0
    for folder in (instance / CACHE_DIR, instance / EXPORTS_DIR):
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file():
                    path.unlink(missing_ok=True)
                    removed += 1
    db.session.execute(
        db.update(ExportJob)
        .where(ExportJob.filename.is_not(None))
        .values(filename=None, error=_("Deleted after a participant withdrew; export again."))
    )
    return removed
