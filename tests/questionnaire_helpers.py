"""Shared set-up for the questionnaire tests: a participant with a consent, and a full valid answer."""

from __future__ import annotations

import re
from datetime import date

from flask import Flask
from helpers import post_form

from interview.extensions import db
from interview.instruments.snapshots import current_instruments
from interview.models import Consent, User
from interview.models.base import utcnow
from interview.participants.services import create_participant

FILL = "/participants/P01/questionnaire"

# One valid answer for every item of the shipped questionnaire, as a browser posts it.
VALID = {
    "item-therapy_style": "integrative",
    "item-time_in_therapy-years": "1",
    "item-time_in_therapy-months": "3",
    "item-gender": "another",
    "item-gender-details": "non-binary",
    "item-age": "34",
    "item-education": "university",
    "item-employment": "employed",
    "item-problem_areas": ["other", "anxiety"],
    "item-problem_areas-details": "burnout",
    "item-earlier_help": "  Counselling at university.  ",
    "item-diagnosis": "no",
    "item-medication": "yes",
    "item-medication-details": "sertraline",
}

STORED = {
    "therapy_style": {"value": "integrative", "other": None},
    "time_in_therapy": {"value": {"years": 1, "months": 3}, "other": None},
    "gender": {"value": "another", "other": "non-binary"},
    "age": {"value": 34, "other": None},
    "education": {"value": "university", "other": None},
    "employment": {"value": "employed", "other": None},
    "problem_areas": {"value": ["anxiety", "other"], "other": "burnout"},
    "earlier_help": {"value": "Counselling at university.", "other": None},
    "diagnosis": {"value": "no", "other": None},
    "medication": {"value": "yes", "other": "sertraline"},
}


def add_participant(app: Flask, consent: str | None = "signed", clauses_ok: bool = True) -> str:
    """Create P01 (interviewer anna) with a consent row in the given state; returns the code."""
    with app.app_context():
        anna = db.session.execute(db.select(User).filter_by(username="anna")).scalar_one()
        participant = create_participant("T01", anna, date(2026, 11, 25), "private note", anna)
        if consent is not None:
            db.session.add(consent_row(participant, consent, clauses_ok))
        db.session.commit()
        return participant.code


def consent_row(participant, status: str, clauses_ok: bool) -> Consent:
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


def submit(client, data: dict, path: str = FILL):
    """Post the questionnaire with the page's CSRF token."""
    return post_form(client, path, data, token_from=path)


def error_next_to(html: str, field: str) -> str:
    """The error text shown under one field (its `<field>-error` block), or ""."""
    match = re.search(rf'<div class="q-errors" id="{field}-error">(.*?)</div>', html, re.S)
    return re.sub(r"<[^>]+>", " ", match.group(1)) if match else ""
