"""Deleting a participant's rows, children first.

Explicit deletes rather than relying on ON DELETE CASCADE: it must not depend on the engine
enforcing foreign keys.
"""

from __future__ import annotations

from interview.extensions import db
from interview.models import (
    Answer,
    AnswerRevision,
    Change,
    Citation,
    CodingDocument,
    CodingMark,
    CodingOperation,
    ComparisonSnapshot,
    Consent,
    Interview,
    InterviewEvent,
    Participant,
    QuestionnaireResponse,
    QuestionnaireRevision,
    RecordingChunk,
    RecordingSegment,
    RedactionDecision,
    RedactionTerm,
    Transcript,
    TranscriptRevision,
    TranscriptTurn,
    citation_codes,
)

# Every table an erasure deletes from (PostgreSQL vacuums these afterwards).
RESEARCH_MODELS = (
    CodingOperation,
    CodingMark,
    Citation,
    CodingDocument,
    ComparisonSnapshot,
    AnswerRevision,
    Answer,
    Change,
    InterviewEvent,
    RecordingChunk,
    RecordingSegment,
    TranscriptRevision,
    TranscriptTurn,
    Transcript,
    Interview,
    QuestionnaireRevision,
    QuestionnaireResponse,
    RedactionDecision,
    RedactionTerm,
)
TOUCHED_TABLES = (
    citation_codes.name,
    *(model.__tablename__ for model in (*RESEARCH_MODELS, Consent, Participant)),
)


def delete_research_rows(participant: Participant) -> None:
    """Delete the coding, the questionnaire and the interview with their whole history, and the
    participant's redaction list."""
    interviews = db.select(Interview.id).where(Interview.participant_id == participant.id)
    answers = db.select(Answer.id).where(Answer.interview_id.in_(interviews))
    responses = db.select(QuestionnaireResponse.id).where(
        QuestionnaireResponse.participant_id == participant.id
    )
    documents = db.select(CodingDocument.id).where(CodingDocument.participant_id == participant.id)
    citations = db.select(Citation.id).where(Citation.document_id.in_(documents))
    transcripts = db.select(Transcript.id).where(Transcript.participant_id == participant.id)
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
        # The recording is the participant's own voice: it goes with the interview.
        db.delete(RecordingChunk).where(RecordingChunk.interview_id.in_(interviews)),
        db.delete(RecordingSegment).where(RecordingSegment.interview_id.in_(interviews)),
        # The transcript is the participant's words, with every earlier version of them.
        db.delete(TranscriptRevision).where(TranscriptRevision.transcript_id.in_(transcripts)),
        db.delete(TranscriptTurn).where(TranscriptTurn.transcript_id.in_(transcripts)),
        db.delete(Transcript).where(Transcript.participant_id == participant.id),
        db.delete(Interview).where(Interview.participant_id == participant.id),
        db.delete(QuestionnaireRevision).where(QuestionnaireRevision.response_id.in_(responses)),
        db.delete(QuestionnaireResponse).where(
            QuestionnaireResponse.participant_id == participant.id
        ),
        # The list names the people and places of the participant's words: it goes with them.
        db.delete(RedactionDecision).where(RedactionDecision.participant_id == participant.id),
        db.delete(RedactionTerm).where(RedactionTerm.participant_id == participant.id),
    ):
        db.session.execute(statement, execution_options={"synchronize_session": False})
    db.session.expire(participant, ["questionnaire", "interview"])


def delete_participant_rows(participant: Participant) -> None:
    """Delete the research rows, the consent (name, signatures) and the participant itself."""
    delete_research_rows(participant)
    for statement in (
        db.delete(Consent).where(Consent.participant_id == participant.id),
        db.delete(Participant).where(Participant.id == participant.id),
    ):
        db.session.execute(statement, execution_options={"synchronize_session": False})
    db.session.expunge(participant)
