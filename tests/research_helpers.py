"""A populated study and a snapshot of its research tables, to prove a request changed nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from consent_helpers import SIGNATURE
from export_helpers import make_participant as make_finished_participant
from flask import Flask

from interview.extensions import db
from interview.instruments.snapshots import current_instruments
from interview.interviews.autosave import save_answer
from interview.interviews.changes import ChangeData, add_change
from interview.interviews.screen import add_adhoc
from interview.interviews.services import start_interview
from interview.models import CONSENT_SIGNED, Consent, User
from interview.participants.services import create_participant

# Every table holding what participants said or agreed to (the audit log and accounts aside).
RESEARCH_TABLES = (
    "participants",
    "consents",
    "questionnaire_responses",
    "questionnaire_revisions",
    "interviews",
    "answers",
    "answer_revisions",
    "changes",
    "interview_events",
)
RUNNING = "P01"  # an interview in progress: answers, a revision, an ad-hoc question, a change
FINISHED = "P05"  # a finished interview with consent and questionnaire (export_helpers)


def research_snapshot(app: Flask) -> dict[str, list[tuple]]:
    """Every row of every research table, in primary-key order."""
    with app.app_context():
        snapshot = {}
        for name in RESEARCH_TABLES:
            table = db.metadata.tables[name]
            statement = db.select(table).order_by(*table.primary_key.columns)
            snapshot[name] = [tuple(row) for row in db.session.execute(statement)]
        return snapshot


def populate(app: Flask) -> None:
    """P01 with a running interview (answers, history, follow-up, change), P05 finished.

    Every other question of P01 stays unopened: the stamps a page load must never add.
    """
    with app.app_context():
        anna = db.session.execute(db.select(User).filter_by(username="anna")).scalar_one()
        participant = create_participant("T01", anna, datetime(2026, 11, 25).date(), "", anna)
        participant.consent = signed_consent()
        db.session.commit()
        interview = start_interview(participant, anna)
        # Answered a minute in, then corrected: the answer has a revision.
        for text in ("It felt strange.", "It felt strange at first."):
            save_answer(interview.id, "how-therapy-felt", text, user_id=anna.id)
        protocol = current_instruments().interview
        section = protocol.sections[0]
        add_adhoc(interview, section, "how-therapy-felt", "What was that like?", "Odd.", anna)
        ratings = {"expectedness": 4, "likelihood": 2, "importance": 5}
        add_change(interview, ChangeData("I say no.", "improvement", ratings), protocol, anna)
        finished = make_finished_participant(5)
        # export_helpers' signatures only mark where a name could leak; the consent PDF draws them.
        finished.consent.participant_signature = SIGNATURE
        finished.consent.interviewer_signature = SIGNATURE
        db.session.commit()


def signed_consent() -> Consent:
    """A signed and countersigned consent (the interview's gate)."""
    form = current_instruments().consent
    moment = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
    return Consent(
        status=CONSENT_SIGNED,
        instrument_id=form.id,
        instrument_version=form.version,
        instrument_sha256=form.sha256,
        language=form.language,
        text_shown={
            "title": form.title,
            "clauses": [{"id": c.id, "required": c.required} for c in form.clauses],
        },
        clause_answers={clause.id: True for clause in form.clauses},
        participant_signed_at=moment,
        countersigned_at=moment + timedelta(minutes=1),
        sha256="0" * 64,
    )
