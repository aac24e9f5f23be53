"""Fixtures for the interview tests: a participant with a signed consent, a started interview."""

from __future__ import annotations

from helpers import csrf_token

from interview.extensions import db
from interview.models import Answer

CODE = "P01"
SCREEN = f"/participants/{CODE}/interview"
AUTOSAVE = f"{SCREEN}/autosave"


def autosave(client, payload, token: str | None = None):
    """POST to the autosave endpoint as autosave.js does (JSON, token in X-CSRFToken)."""
    token = token or csrf_token(client, SCREEN)
    return client.post(AUTOSAVE, json=payload, headers={"X-CSRFToken": token})


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
