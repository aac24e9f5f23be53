"""Helpers for the consent and hand-over tests: a participant, a valid signature, the usual posts."""

from __future__ import annotations

import json

from helpers import post_form

from interview.extensions import db
from interview.models import Consent, Participant

SIGNATURE = {
    "v": 1,
    "w": 600,
    "h": 200,
    "strokes": [[10, 100, 50, 60, 90, 140, 130, 80, 170, 120], [200, 150, 260, 40, 320, 150]],
}
SIGNATURE_JSON = json.dumps(SIGNATURE)
REQUIRED = ("purpose", "voluntary", "recording", "storage")
OPTIONAL = ("quotes",)
NAME = "Marija Čebašek"
INTERVIEWER = "Anna Novak"
USER_AGENT = "Mozilla/5.0 (iPad; test tablet)"


def sign_data(**overrides) -> dict:
    """A complete participant form: every clause ticked, a name, a signature, action=sign."""
    data = {f"clause-{cid}": "y" for cid in REQUIRED + OPTIONAL}
    data.update(participant_name=NAME, participant_signature=SIGNATURE_JSON, action="sign")
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post_sign(client, code: str, **overrides):
    """Post the participant's consent form."""
    return post_form(
        client,
        f"/participants/{code}/consent",
        sign_data(**overrides),
        token_from=f"/participants/{code}/consent",
        headers={"User-Agent": USER_AGENT},
    )


def post_countersign(client, code: str, **overrides):
    """Post the interviewer's countersignature."""
    data = {"interviewer_name": INTERVIEWER, "interviewer_signature": SIGNATURE_JSON, **overrides}
    return post_form(client, f"/participants/{code}/consent/countersign", data, token_from="/")


def sign_fully(client, code: str) -> None:
    """Participant signs, interviewer countersigns."""
    assert post_sign(client, code).status_code == 302
    assert post_countersign(client, code).status_code == 302


def hand_over(client, code: str, tasks: str = "consent"):
    """Tap "Hand to participant" for these tasks."""
    return post_form(
        client,
        f"/participants/{code}/handover",
        {"tasks": tasks},
        token_from=f"/participants/{code}",
    )


def consent_of(app, code: str) -> Consent | None:
    """The participant's consent row, read fresh (detached, all columns loaded)."""
    with app.app_context():
        participant = db.session.execute(db.select(Participant).filter_by(code=code)).scalar_one()
        consent = participant.consent
        if consent is not None:
            db.session.refresh(consent)
            db.session.expunge(consent)
        return consent


def consent_columns(app, code: str) -> dict | None:
    """Every column of the participant's consent row, as a dict (to compare before and after)."""
    consent = consent_of(app, code)
    if consent is None:
        return None
    return {column.key: getattr(consent, column.key) for column in Consent.__table__.columns}
