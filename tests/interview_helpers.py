"""Fixtures for the interview tests: a participant with a signed consent, a started interview."""

from __future__ import annotations

import html
import re

from helpers import csrf_token, post_form

from interview.extensions import db
from interview.models import Answer

CODE = "P01"
CONFIRM_EMPTY = re.compile(r'name="confirm_empty" type="hidden" value="([^"]*)"')
SCREEN = f"/participants/{CODE}/interview"
AUTOSAVE = f"{SCREEN}/autosave"


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
