"""A populated study and a snapshot of its research tables, to prove a request changed nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from consent_helpers import SIGNATURE
from factories import captured_participant, signed_consent
from flask import Flask
from flask.testing import FlaskClient
from route_helpers import rules, urls
from werkzeug.test import TestResponse

from interview.extensions import db
from interview.instruments.snapshots import current_instruments
from interview.interviews.autosave import save_answer
from interview.interviews.changes import ChangeData, add_change
from interview.interviews.screen import add_adhoc
from interview.interviews.services import start_interview
from interview.models import CONSENT_PENDING, User
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
    "transcripts",
    "transcript_turns",
    "transcript_revisions",
    "redaction_terms",
    "redaction_decisions",
)
RUNNING = "P01"  # an interview in progress: answers, a revision, an ad-hoc question, a change
WAITING = "P02"  # no consent yet: the consent form is open
SIGNING = "P03"  # signed by the participant, waiting for the interviewer's countersignature
READY = "P04"  # consent signed, interview not started
FINISHED = "P05"  # a finished interview with consent and questionnaire (tests/factories.py)


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
    """P01 interviewing (answers, history, a follow-up, two changes), P02-P04 before, P05 done.

    Every other question of P01 stays unopened: the stamps a page load must never add.
    """
    with app.app_context():
        anna = db.session.execute(db.select(User).filter_by(username="anna")).scalar_one()
        participant = create_participant("T01", anna, datetime(2026, 11, 25).date(), "", anna)
        participant.consent = signed_consent(every_clause=True, signature=SIGNATURE)
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
        add_change(interview, ChangeData("I sleep worse.", "worse", {}), protocol, anna)
        create_participant("T02", anna, datetime(2026, 11, 26).date(), "", anna)
        signing = create_participant("T02", anna, datetime(2026, 11, 26).date(), "", anna)
        signing.consent = signed_consent(CONSENT_PENDING, every_clause=True, signature=SIGNATURE)
        ready = create_participant("T02", anna, datetime(2026, 11, 26).date(), "", anna)
        ready.consent = signed_consent(every_clause=True, signature=SIGNATURE)
        db.session.commit()
        finished = captured_participant(5)
        # The factories' signatures only mark where a name could leak; the consent PDF draws them.
        finished.consent.participant_signature = SIGNATURE
        finished.consent.interviewer_signature = SIGNATURE
        db.session.commit()


# Real values from the populated study, plus ones that name nothing.
ARGUMENTS = {
    "code": [RUNNING, WAITING, SIGNING, READY, FINISHED, "P99"],
    "number": [1, 2],
    "question_id": ["how-therapy-felt", "adhoc-1", "nope"],
    "job_id": [1],
    "user_id": [1, 2],
    "code_id": [1],
    "snapshot_id": [1],
    "action": ["rename"],
    "name": ["table1.csv", "nope"],
}


def query_variants(app: Flask, endpoint: str) -> list[str]:
    """The query strings a page is opened with: every section of the interview, PDF/A, a search."""
    if endpoint == "interviews.screen":
        with app.app_context():
            sections = [s.id for s in current_instruments().interview.sections]
        return ["", *(f"?section={section}" for section in sections)]
    if endpoint == "export.coding_pdf_file":
        return ["", "?pdfa=1"]
    if endpoint == "participants.index":
        return ["", "?q=P0"]
    return [""]


def every_page(app: Flask, client: FlaskClient) -> Iterator[tuple[str, TestResponse]]:
    """(url, response) for every GET route opened with every argument value and query."""
    for rule in rules(app, "GET"):
        for url in urls(app, rule, ARGUMENTS):
            for query in query_variants(app, rule.endpoint):
                yield url + query, client.get(url + query)
