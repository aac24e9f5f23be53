"""Participants built through the models, with every part a record holds, for the export tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from interview.extensions import db
from interview.instruments.snapshots import current_instruments
from interview.models import (
    CONSENT_SIGNED,
    INTERVIEW_COMPLETE,
    Answer,
    Change,
    Consent,
    Interview,
    Participant,
    QuestionnaireResponse,
    User,
)

NAME = "Ana Novak"
NOTE = "Private note: lives next to the clinic"
SIGNATURE_MARK = "sig-stroke-7731"
START = datetime(2026, 11, 25, 14, 3, 0, tzinfo=UTC)
FELT = "It was strange at first.\nThen it got easier.\n\nNow I look forward to it."
ADHOC_ANSWER = "The first time I said no, my hands shook."
NOTICED = "I can say no to my mother."


def at(seconds: int) -> datetime:
    """A moment ``seconds`` after the interview started."""
    return START + timedelta(seconds=seconds)


def make_participant(number: int = 5, *, consent_status: str = CONSENT_SIGNED) -> Participant:
    """Add a participant with consent, questionnaire, interview and changes; return it committed."""
    anna = db.session.execute(db.select(User).filter_by(username="anna")).scalar_one()
    participant = Participant(
        number=number,
        code=f"P{number:02d}",
        therapist_code="T03",
        interviewer_id=anna.id,
        session_date=date(2026, 11, 25),
        note=NOTE,
    )
    participant.consent = signed_consent(consent_status)
    participant.consent.interviewer_user_id = anna.id  # anna took the consent
    participant.questionnaire = questionnaire()
    participant.interview = interview()
    db.session.add(participant)
    db.session.commit()
    return participant


def signed_consent(status: str) -> Consent:
    """A countersigned consent with names and signatures (none of which may reach a record)."""
    form = current_instruments().consent
    signature = {"width": 300, "height": 100, "strokes": [[[1, 2], [3, 4]]], "mark": SIGNATURE_MARK}
    return Consent(
        status=status,
        instrument_id=form.id,
        instrument_version=form.version,
        instrument_sha256=form.sha256,
        language=form.language,
        text_shown={"title": form.title, "statement": form.statement},
        clause_answers={clause.id: clause.id != "quotes" for clause in form.clauses},
        participant_name=NAME,
        participant_signature=signature,
        participant_signed_at=START - timedelta(minutes=5),
        interviewer_name="Anna Interviewer",
        interviewer_signature=signature,
        countersigned_at=START - timedelta(minutes=4),
        sha256="0" * 64,
    )


def questionnaire() -> QuestionnaireResponse:
    """A completed questionnaire with a "say which" answer, several choices and a duration."""
    form = current_instruments().questionnaire
    return QuestionnaireResponse(
        instrument_id=form.id,
        instrument_version=form.version,
        instrument_sha256=form.sha256,
        language=form.language,
        answers={
            "gender": {"value": "another", "other": "non-binary"},
            "time_in_therapy": {"value": {"years": 1, "months": 3}, "other": None},
            "age": {"value": 34, "other": None},
            "problem_areas": {"value": ["anxiety", "other"], "other": "grief"},
            "medication": {"value": "yes", "other": "sertraline"},
        },
        status="complete",
        completed_at=START - timedelta(minutes=2),
    )


def interview() -> Interview:
    """A finished interview: answers, one skipped question, one ad-hoc follow-up, three changes."""
    protocol = current_instruments().interview
    answers = {
        question.id: Answer(section_id=section.id, question_id=question.id)
        for section in protocol.sections
        for question in section.questions
    }
    answers["how-therapy-felt"].text = FELT
    answers["how-therapy-felt"].first_opened_at = at(65)
    answers["how-therapy-felt"].last_edited_at = at(412)
    answers["current-medication"].skipped = True
    answers["changes-noticed"].text = NOTICED
    adhoc = Answer(
        section_id="general",
        question_id="adhoc-1",
        kind="adhoc",
        adhoc_text="What was that like?",
        after_question_id="how-therapy-felt",
        text=ADHOC_ANSWER,
        first_opened_at=at(420),
    )
    return Interview(
        instrument_id=protocol.id,
        instrument_version=protocol.version,
        instrument_sha256=protocol.sha256,
        language=protocol.language,
        status=INTERVIEW_COMPLETE,
        started_at=START,
        finished_at=at(3732),
        answers=[*answers.values(), adhoc],
        changes=[
            Change(position=2, kind="worse", description="I argue more with my partner."),
            Change(
                position=1,
                kind="improvement",
                description=NOTICED,
                expectedness=4,
                likelihood=2,
                importance=5,
            ),
        ],
    )
