"""Every way the tests make participants, in one place.

- `captured_participant`: a participant with everything a record holds (consent with names and
  signatures, questionnaire, a finished interview with changes), at fixed times: the export,
  record, PDF and analysis tests build on it.
- `registered_participant`: P01 created through the registry service, with a consent row in the
  state the consent pages leave it (or none): the consent, questionnaire and interview tests.
- `participant_via_form`: a participant created by posting the registry form, as a browser does.
- `interviewed_participant`: P01 with a signed consent and an interview under way with typed
  answers: the coding tests.
- `participant_saying`: `captured_participant` whose first answer names people and a place (and
  the consent name, NAME): the redaction tests.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient
from helpers import post_form

from interview.consent.services import text_shown
from interview.extensions import db
from interview.instruments.model import Instrument
from interview.instruments.snapshots import current_instruments
from interview.interviews.services import start_interview
from interview.models import (
    CONSENT_PENDING,
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
from interview.models.base import utcnow
from interview.participants.services import create_participant

NAME = "Ana Novak"
NOTE = "Private note: lives next to the clinic"
SIGNATURE_MARK = "sig-stroke-7731"
START = datetime(2026, 11, 25, 14, 3, 0, tzinfo=UTC)
FELT = "It was strange at first.\nThen it got easier.\n\nNow I look forward to it."
ADHOC_ANSWER = "The first time I said no, my hands shook."
NOTICED = "I can say no to my mother."
# Names for the redaction tests: a sister twice, a town, and the participant's own consent name.
NAMING = "Then I met Petra in Vrhnika. Ana Novak said hello to Petra."
COMPLETE_ANSWERS = {
    "gender": {"value": "another", "other": "non-binary"},
    "time_in_therapy": {"value": {"years": 1, "months": 3}, "other": None},
    "age": {"value": 34, "other": None},
    "problem_areas": {"value": ["anxiety", "other"], "other": "grief"},
    "medication": {"value": "yes", "other": "sertraline"},
}


# What the coding tests code: typed answers of an interview under way.
INTERVIEW_ANSWERS = {
    "how-therapy-felt": "It felt safe from the start.\nShe listened.",
    "helpful-relationship": "She understood me before I said it. I could trust her completely.",
}


def at(seconds: int) -> datetime:
    """A moment ``seconds`` after the interview started."""
    return START + timedelta(seconds=seconds)


def interviewer(username: str = "anna") -> User:
    """An account of the app fixture (anna is the interviewer)."""
    return db.session.execute(db.select(User).filter_by(username=username)).scalar_one()


def captured_participant(
    number: int = 5,
    *,
    consent_status: str = CONSENT_SIGNED,
    therapist_code: str = "T03",
    note: str = NOTE,
    answers: dict | None = COMPLETE_ANSWERS,
    questionnaire_status: str = "complete",
    interview: bool = True,
    commit: bool = True,
    language: str | None = None,
) -> Participant:
    """Add a participant with consent, questionnaire (unless `answers` is None) and interview,
    in the instruments of `language` (the request's by default)."""
    participant = Participant(
        number=number,
        code=f"P{number:02d}",
        therapist_code=therapist_code,
        interviewer_id=interviewer().id,
        session_date=date(2026, 11, 25),
        note=note,
    )
    participant.consent = signed_consent(consent_status, language=language)
    participant.consent.interviewer_user_id = participant.interviewer_id  # anna took the consent
    if answers is not None:
        participant.questionnaire = questionnaire_response(answers, questionnaire_status, language)
    if interview:
        participant.interview = finished_interview(language)
    db.session.add(participant)
    if commit:
        db.session.commit()
    return participant


def registered_participant(
    app: Flask, consent: str | None = CONSENT_SIGNED, clauses_ok: bool = True
) -> str:
    """Create P01 (interviewer anna) with a consent row in the given state; returns the code."""
    with app.app_context():
        anna = interviewer()
        participant = create_participant("T01", anna, date(2026, 11, 25), "private note", anna)
        if consent is not None:
            db.session.add(consent_as_signed(participant, consent, clauses_ok))
        db.session.commit()
        return participant.code


def participant_via_form(client: FlaskClient, interviewer_id: int = 2) -> str:
    """Create a participant through the registry form; return its code."""
    data = {
        "therapist_code": "T03",
        "interviewer_id": str(interviewer_id),
        "session_date": "2026-11-25",
    }
    response = post_form(client, "/participants/new", data, token_from="/participants/new")
    assert response.status_code == 302
    return response.headers["Location"].rsplit("/", 1)[1]


def stamped_with(instrument: Instrument) -> dict[str, str]:
    """The columns that tie a consent, questionnaire or interview to the instrument it used."""
    return {
        "instrument_id": instrument.id,
        "instrument_version": instrument.version,
        "instrument_sha256": instrument.sha256,
        "language": instrument.language,
    }


def signed_consent(
    status: str = CONSENT_SIGNED,
    *,
    every_clause: bool = False,
    signature: dict | None = None,
    language: str | None = None,
) -> Consent:
    """A consent with names and signatures (none of which may reach a record), countersigned
    unless pending; every clause ticked, or all but the optional one about quotes."""
    form = current_instruments(language).consent
    signature = signature or {
        "width": 300,
        "height": 100,
        "strokes": [[[1, 2], [3, 4]]],
        "mark": SIGNATURE_MARK,
    }
    countersigned = (
        {}
        if status == CONSENT_PENDING
        else {
            "interviewer_name": "Anna Interviewer",
            "interviewer_signature": signature,
            "countersigned_at": START - timedelta(minutes=4),
            "sha256": "0" * 64,
        }
    )
    return Consent(
        status=status,
        **stamped_with(form),
        text_shown=text_shown(form),
        clause_answers={c.id: every_clause or c.id != "quotes" for c in form.clauses},
        participant_name=NAME,
        participant_signature=signature,
        participant_signed_at=START - timedelta(minutes=5),
        **countersigned,
    )


def questionnaire_response(
    answers: dict, status: str = "complete", language: str | None = None
) -> QuestionnaireResponse:
    """A questionnaire with these answers (by default complete, with a "say which" answer)."""
    form = current_instruments(language).questionnaire
    return QuestionnaireResponse(
        **stamped_with(form),
        answers=answers,
        status=status,
        completed_at=START - timedelta(minutes=2) if status == "complete" else None,
    )


def finished_interview(language: str | None = None) -> Interview:
    """A finished interview: answers, one skipped question, one ad-hoc follow-up, three changes."""
    protocol = current_instruments(language).interview
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
        **stamped_with(protocol),
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


def consent_as_signed(participant: Participant, status: str, clauses_ok: bool) -> Consent:
    """A consent as the consent pages would leave it, with every clause answered."""
    instrument = current_instruments().consent
    now = utcnow()
    return Consent(
        participant=participant,
        status=status,
        **{
            f"instrument_{key}": value
            for key, value in instrument.ref().items()
            if key != "language"
        },
        language=instrument.language,
        text_shown={
            "clauses": [
                {"id": c.id, "text": c.text, "required": c.required} for c in instrument.clauses
            ]
        },
        clause_answers={c.id: clauses_ok for c in instrument.clauses},
        participant_name="Test Person",
        participant_signed_at=now,
        countersigned_at=now if status in ("signed", "withdrawn") else None,
        declined_at=now if status == "declined" else None,
        withdrawn_at=now if status == "withdrawn" else None,
    )


def interviewed_participant(
    app: Flask, answers: dict[str, str] | None = None, by: str = "anna"
) -> str:
    """A participant with a signed consent and these typed answers (interviewed by `by`);
    returns the code."""
    with app.app_context():
        anna = interviewer(by)
        participant = create_participant("T01", anna, date(2026, 11, 25), "", anna)
        db.session.add(
            Consent(
                participant=participant,
                status=CONSENT_SIGNED,
                text_shown={"clauses": [{"id": "purpose", "required": True}]},
                clause_answers={"purpose": True},
            )
        )
        db.session.flush()
        interview = start_interview(participant, anna)
        for answer in interview.answers:
            answer.text = (answers if answers is not None else INTERVIEW_ANSWERS).get(
                answer.question_id, ""
            )
        db.session.commit()
        return participant.code


def participant_saying(text: str = NAMING, number: int = 5) -> Participant:
    """`captured_participant` whose first answer (how-therapy-felt) is `text`."""
    participant = captured_participant(number)
    answer = next(a for a in participant.interview.answers if a.question_id == "how-therapy-felt")
    answer.text = text
    db.session.commit()
    return participant


# Words that name people and places, in each language a redaction test uses: an answer types the
# consent name (Mojca Zupan), the therapist (Petra), a sister (Vesna) and the town (Kranj), which
# the list names (Petra and Vesna on the participant's own list, Kranj study-wide). Plain forms
# only: exact matching finds them, and inflected ones are the engine's tests.
REDACTION_CONSENT_NAME = "Mojca Zupan"
REDACTION_TERMS = (("Petra", "person", False), ("Vesna", "person", False), ("Kranj", "place", True))
REDACTION_WORDS = {
    "en": {
        "felt": "I am Mojca Zupan. My therapist Petra listened.\n\nWe met in Kranj every week.",
        "noticed": "Vesna says I am calmer now.",
        "adhoc_question": "What did Petra say then?",
        "adhoc": "Petra said I could stop. Zupan is my father's name too.",
        "note": "She cried when she spoke of Vesna.",
        "change": "I talk to my sister Vesna again.",
        "other": "my sister Vesna",
        "earlier": "A counsellor in Kranj, before Petra.",
        "turns": (
            "How has therapy been for you so far?",
            "Petra was kind. I drove to Kranj and Mojca felt brave.",
            "And Vesna?",
        ),
    },
    "sl": {
        "felt": "Sem Mojca Zupan. Moja terapevtka Petra me je poslušala.\n\nDobivali sva se v "
        "mestu Kranj vsak teden.",
        "noticed": "Vesna pravi, da sem zdaj mirnejša.",
        "adhoc_question": "Kaj je Petra rekla takrat?",
        "adhoc": "Petra je rekla, da lahko neham. Zupan je tudi očetov priimek.",
        "note": "Jokala je, ko je govorila o tem, kar je rekla Vesna.",
        "change": "S sestro, ki ji je ime Vesna, spet govorim.",
        "other": "sestra Vesna",
        "earlier": "Svetovalka v mestu Kranj, preden je prišla Petra.",
        "turns": (
            "Kako ste doživljali terapijo do zdaj?",
            "Petra je bila prijazna. Vozila sem se v Kranj in Mojca je bila pogumna.",
            "Pa Vesna?",
        ),
    },
}


def named_participant(number: int = 8, language: str = "en") -> Participant:
    """A captured participant (in `language`) whose answers, ad-hoc question, interviewer's note,
    change, questionnaire "say which" and transcript turns name the consent name and the listed
    terms; the terms are on the redaction list. Call inside a request context."""
    from interview.models import RedactionTerm
    from interview.record.build import build_record
    from interview.transcripts.alignment import align, question_starts
    from interview.transcripts.store import Turn, save_transcript

    words = REDACTION_WORDS[language]
    answers = {
        **COMPLETE_ANSWERS,
        "problem_areas": {"value": ["other"], "other": words["other"]},
        "earlier_help": {"value": words["earlier"], "other": None},
    }
    participant = captured_participant(number, answers=answers, language=language, commit=False)
    participant.consent.participant_name = REDACTION_CONSENT_NAME
    by_question = {answer.question_id: answer for answer in participant.interview.answers}
    by_question["how-therapy-felt"].text = words["felt"]
    by_question["how-therapy-felt"].interviewer_note = words["note"]
    by_question["changes-noticed"].text = words["noticed"]
    by_question["adhoc-1"].adhoc_text = words["adhoc_question"]
    by_question["adhoc-1"].text = words["adhoc"]
    for change in participant.interview.changes:
        if change.kind == "worse":
            change.description = words["change"]
    db.session.commit()
    for text, kind, study_wide in REDACTION_TERMS:
        known = db.session.scalar(db.select(RedactionTerm).filter_by(folded=text.casefold()))
        if study_wide and known is not None:
            continue
        db.session.add(
            RedactionTerm(
                participant_id=None if study_wide else participant.id,
                text=text,
                folded=text.casefold(),
                kind=kind,
            )
        )
    asked, answered, again = words["turns"]
    turns = [
        Turn("interviewer", 66_000, asked),
        Turn("participant", 70_500, answered),
        Turn("interviewer", None, again, "adhoc-1", "hand"),
    ]
    aligned = align(turns, question_starts(build_record(participant)["interview"]), 0)
    save_transcript(participant, aligned, by=interviewer(), reason="imported", source_format="vtt")
    db.session.commit()
    return participant
