"""Fixtures for the interview tests: a participant with a signed consent, a started interview."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from helpers import csrf_token, post_form

from interview.extensions import db
from interview.models import CONSENT_SIGNED, Answer, Consent, User
from interview.participants.services import create_participant

CODE = "P01"
CONFIRM_EMPTY = re.compile(r'name="confirm_empty" type="hidden" value="([^"]*)"')
SCREEN = f"/participants/{CODE}/interview"
AUTOSAVE = f"{SCREEN}/autosave"


def make_participant(app, signed: bool = True) -> None:
    """Create P01 (interviewer anna) and, when asked, a consent that is signed and countersigned."""
    with app.app_context():
        anna = db.session.execute(db.select(User).filter_by(username="anna")).scalar_one()
        participant = create_participant("T01", anna, date(2026, 11, 25), "", anna)
        if signed:
            db.session.add(
                Consent(
                    participant_id=participant.id,
                    status=CONSENT_SIGNED,
                    text_shown={"clauses": [{"id": "purpose", "required": True}]},
                    clause_answers={"purpose": True},
                )
            )
        db.session.commit()


@pytest.fixture
def consented(app, logged_in):
    """Anna's client; P01 exists with a signed consent."""
    make_participant(app)
    return logged_in


@pytest.fixture
def started(consented):
    """Anna's client; P01's interview is started."""
    response = post_form(consented, f"{SCREEN}/start", token_from=f"/participants/{CODE}")
    assert response.status_code == 302
    return consented


def autosave(client, payload, token: str | None = None):
    """POST to the autosave endpoint as autosave.js does (JSON, token in X-CSRFToken)."""
    token = token or csrf_token(client, SCREEN)
    return client.post(AUTOSAVE, json=payload, headers={"X-CSRFToken": token})


def finish(client):
    """Tap "Finish interview" and, when empty questions are listed, "Finish anyway"."""
    response = post_form(client, f"{SCREEN}/finish", token_from=SCREEN)
    listed = CONFIRM_EMPTY.search(response.get_data(as_text=True))
    if response.status_code == 200 and listed:
        data = {"confirm_empty": html.unescape(listed.group(1))}
        response = post_form(client, f"{SCREEN}/finish", data, token_from=SCREEN)
    assert response.status_code == 302, response.status_code
    return response


def answer(app, question_id: str) -> Answer:
    """The answer to one question (tests hold a single interview), read fresh from the database."""
    with app.app_context():
        return db.session.execute(
            db.select(Answer).where(Answer.question_id == question_id)
        ).scalar_one()


def count(app, model) -> int:
    """How many rows a table holds."""
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))
