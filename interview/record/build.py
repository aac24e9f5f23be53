"""The participant record (docs/record-format.md): plain JSON-ready data built from the database.

The record is what record.json serves, what the coding PDF is rendered from and what the CSV
exports read. It never holds the participant's name, signatures, consent text or the note.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from itertools import count
from typing import Any

from sqlalchemy.orm import selectinload

from interview.extensions import db
from interview.instruments.model import InterviewProtocol, Question
from interview.instruments.snapshots import instrument_for
from interview.models import (
    CONSENT_DECLINED,
    CONSENT_SIGNED,
    CONSENT_WITHDRAWN,
    Answer,
    Change,
    Consent,
    Interview,
    Participant,
    QuestionnaireResponse,
    Transcript,
)
from interview.record.hashing import record_hash
from interview.record.questionnaire import questionnaire_items_for_record
from interview.record.recording import answer_positions, recording_part, recording_timeline
from interview.record.segments import segment_id, split_paragraphs
from interview.record.timecodes import offset_seconds
from interview.record.transcript import transcript_part

__all__ = ["FORMAT", "build_record", "build_records", "record_hash"]

FORMAT = "interview-record/3"
# The Change model's rating columns; a scale the instrument names but the model lacks stays unrated.
RATING_COLUMNS = ("expectedness", "likelihood", "importance")


def iso(moment: datetime | None) -> str | None:
    """Format a time as ISO 8601 UTC with whole seconds (2026-11-25T14:03:00Z), or None."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def build_record(participant: Participant) -> dict[str, Any]:
    """Build one participant's record in the interview-record/3 format."""
    interview = interview_part(participant.interview, participant.number)
    return {
        "format": FORMAT,
        "participant": participant_part(participant),
        "consent": consent_part(participant.consent),
        "questionnaire": questionnaire_part(participant.questionnaire),
        "interview": interview,
        "transcript": transcript_part(participant.transcript, interview),
    }


def build_records(participants: Iterable[Participant]) -> list[dict[str, Any]]:
    """Build many records in the given order, loading each table once instead of once per person."""
    ids = [participant.id for participant in participants]
    loaded = {participant.id: participant for participant in eager_participants(ids)}
    return [build_record(loaded[participant_id]) for participant_id in ids]


def eager_participants(ids: list[int]) -> list[Participant]:
    """The participants with these ids, with every part a record needs loaded in a few queries."""
    if not ids:
        return []
    statement = (
        db.select(Participant)
        .where(Participant.id.in_(ids))
        .options(
            selectinload(Participant.interviewer),
            selectinload(Participant.consent),
            selectinload(Participant.questionnaire),
            selectinload(Participant.interview).selectinload(Interview.answers),
            selectinload(Participant.interview).selectinload(Interview.changes),
            selectinload(Participant.interview).selectinload(Interview.recording_segments),
            selectinload(Participant.transcript).selectinload(Transcript.turns),
        )
    )
    return list(db.session.execute(statement).scalars())


def participant_part(participant: Participant) -> dict[str, Any]:
    """Code, number, therapist code, interviewer and session date (never the note)."""
    return {
        "code": participant.code,
        "number": participant.number,
        "therapist_code": participant.therapist_code,
        "interviewer": participant.interviewer.username if participant.interviewer else None,
        "session_date": participant.session_date.isoformat(),
    }


# --- consent -------------------------------------------------------------------------------


def consent_part(consent: Consent | None) -> dict[str, Any]:
    """Status, date, instrument and the optional clauses' answers: never names or signatures."""
    status = consent_status(consent)
    if consent is None or status == "none":
        return {"status": "none", "instrument": None, "date": None, "optional_clauses": {}}
    return {
        "status": status,
        "instrument": consent_instrument_ref(consent),
        "date": iso(consent_date(consent)),
        "optional_clauses": optional_clause_answers(consent),
    }


def consent_status(consent: Consent | None) -> str:
    """The record's consent status; a consent still awaiting the countersignature counts as none."""
    if consent is None:
        return "none"
    known = {CONSENT_SIGNED: "signed", CONSENT_DECLINED: "declined", CONSENT_WITHDRAWN: "withdrawn"}
    return known.get(consent.status, "none")


def consent_date(consent: Consent) -> datetime | None:
    """When the consent reached its status: signed, declined or withdrawn."""
    if consent.status == CONSENT_WITHDRAWN:
        return consent.withdrawn_at
    if consent.status == CONSENT_DECLINED:
        return consent.declined_at
    return consent.participant_signed_at or consent.countersigned_at


def consent_instrument_ref(consent: Consent) -> dict[str, Any] | None:
    """The consent form's id, version, language and hash, as stored with the consent."""
    if not consent.instrument_sha256:
        return None
    return {
        "id": consent.instrument_id,
        "version": consent.instrument_version,
        "language": consent.language,
        "sha256": consent.instrument_sha256,
    }


def optional_clause_answers(consent: Consent) -> dict[str, bool]:
    """Answers to the clauses the signed form marked optional (the required ones are implied)."""
    answers = consent.clause_answers or {}
    if not consent.instrument_sha256 or not answers:
        return {}
    instrument = instrument_for(consent.instrument_sha256, consent.language)
    return {
        clause.id: bool(answers[clause.id])
        for clause in instrument.optional_clauses
        if clause.id in answers
    }


# --- questionnaire -------------------------------------------------------------------------


def questionnaire_part(response: QuestionnaireResponse | None) -> dict[str, Any] | None:
    """The demographic answers with the wording of the questionnaire version they were given under."""
    if response is None:
        return None
    instrument = instrument_for(response.instrument_sha256, response.language)
    return {
        "instrument": instrument.ref(),
        "status": response.status,
        "completed_at": iso(response.completed_at),
        "items": questionnaire_items_for_record(response),
    }


# --- interview -----------------------------------------------------------------------------


def interview_part(interview: Interview | None, number: int) -> dict[str, Any] | None:
    """The interview as captured: sections, questions with numbered segments, changes, scales."""
    if interview is None:
        return None
    protocol = instrument_for(interview.instrument_sha256, interview.language)
    finished = interview.finished_at
    timeline = recording_timeline(interview)
    part = {
        "instrument": protocol.ref(),
        "status": interview.status,
        "started_at": iso(interview.started_at),
        "finished_at": iso(finished),
        "duration_seconds": offset_seconds(interview.started_at, finished),
        "sections": interview_sections(protocol, interview, number),
        "changes": [
            change_entry(protocol, n, c) for n, c in enumerate(sorted_changes(interview), 1)
        ],
        "scales": [
            {
                "id": s.id,
                "label": s.label,
                "anchors": {str(k): v for k, v in sorted(s.anchors.items())},
            }
            for s in protocol.rating_scales
        ],
    }
    if timeline is not None:
        # Only with a recording: records of unrecorded interviews stay exactly as before.
        part["recording"] = recording_part(interview, timeline)
        answers = answers_by_id(interview)
        for section in part["sections"]:
            for question in section["questions"]:
                question.update(answer_positions(timeline, answers.get(question["id"])))
    return part


def answers_by_id(interview: Interview) -> dict[str, Answer]:
    """The interview's answers by question id."""
    return {answer.question_id: answer for answer in interview.answers}


def interview_sections(
    protocol: InterviewProtocol, interview: Interview, number: int
) -> list[dict[str, Any]]:
    """Sections in protocol order; segment numbers run on through the whole interview."""
    segment_numbers = count(1)
    sections = []
    for section in protocol.sections:
        answers = [a for a in interview.answers if a.section_id == section.id]
        questions = [
            question_entry(question, answer, interview.started_at, number, segment_numbers)
            for question, answer in ordered_questions(section.questions, answers)
        ]
        sections.append(
            {
                "id": section.id,
                "number": section.number,
                "title": section.title,
                "questions": questions,
            }
        )
    return sections


def ordered_questions(
    protocol_questions: Iterable[Question], answers: list[Answer]
) -> list[tuple[Question | None, Answer | None]]:
    """Protocol questions in order, each ad-hoc one right after the question it follows.

    An ad-hoc question may follow another ad-hoc one; one that follows nothing known goes last.
    """
    adhoc = sorted((a for a in answers if a.kind == "adhoc"), key=lambda a: a.id or 0)
    by_question = {a.question_id: a for a in answers if a.kind != "adhoc"}
    placed: list[tuple[Question | None, Answer | None]] = []
    seen: set[str] = set()

    def place_after(question_id: str) -> None:
        for answer in adhoc:
            if answer.after_question_id == question_id and answer.question_id not in seen:
                seen.add(answer.question_id)
                placed.append((None, answer))
                place_after(answer.question_id)

    for question in protocol_questions:
        placed.append((question, by_question.get(question.id)))
        place_after(question.id)
    for answer in adhoc:
        if answer.question_id not in seen:
            seen.add(answer.question_id)
            placed.append((None, answer))
            place_after(answer.question_id)
    return placed


def question_entry(
    question: Question | None, answer: Answer | None, start: datetime, number: int, segment_numbers
) -> dict[str, Any]:
    """One question with its answer split into numbered segments (``<participant>¶<segment>``)."""
    text = answer.text if answer else ""
    segments = []
    for paragraph in split_paragraphs(text):
        n = next(segment_numbers)
        segments.append({"id": segment_id(number, n), "number": n, "text": paragraph})
    entry = {
        "id": question.id if question else answer.question_id,
        "kind": "protocol" if question else "adhoc",
        "text": question.text if question else (answer.adhoc_text or ""),
        "prompts": list(question.prompts) if question else [],
        "skipped": bool(answer and answer.skipped),
        "opened_offset": offset_seconds(start, answer.first_opened_at) if answer else None,
        "edited_offset": offset_seconds(start, answer.last_edited_at) if answer else None,
        "answer": text,
        "segments": segments,
    }
    # Only when there is one: records without notes stay exactly as before.
    if answer and answer.interviewer_note:
        entry["interviewer_note"] = answer.interviewer_note
    return entry


def sorted_changes(interview: Interview) -> list[Change]:
    """The changes in the order the participant named them."""
    return sorted(interview.changes, key=lambda change: (change.position, change.id or 0))


def change_entry(protocol: InterviewProtocol, number: int, change: Change) -> dict[str, Any]:
    """One change with its kind's label and each rating with its anchor's label (None if unrated)."""
    kind = protocol.change_kind(change.kind)
    ratings: dict[str, Any] = {}
    for scale in protocol.rating_scales:
        value = getattr(change, scale.id) if scale.id in RATING_COLUMNS else None
        ratings[scale.id] = (
            None if value is None else {"value": value, "label": scale.anchor(value)}
        )
    return {
        "number": number,
        "kind": change.kind,
        "kind_label": kind.label if kind else change.kind,
        "description": change.description,
        "ratings": ratings,
    }
