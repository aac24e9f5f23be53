"""Who may give a participant another interviewer, what that opens (not the consent PDF), and the
audit row of an edit naming each field that changed."""

from __future__ import annotations

from datetime import date

import pytest
from consent_helpers import sign_fully
from factories import participant_via_form
from flask import Flask
from flask.testing import FlaskClient
from helpers import PASSWORD, AuthActions, post_form

from interview.auth.users import create_user
from interview.extensions import db
from interview.models import AuditEvent, Participant, User
from interview.participants.services import ReassignRefused, update_participant

EDIT = "/participants/P01/edit"
DETAILS = {"therapist_code": "T03", "session_date": "2026-11-25", "note": ""}
SECRET_NOTE = "Sits by the window, mentions her sister Vesna"


@pytest.fixture
def bob(app) -> int:
    """A second interviewer; returns his id."""
    with app.app_context():
        user = create_user("bob", PASSWORD)
        db.session.commit()
        return user.id


@pytest.fixture
def taken(app, logged_in, bob) -> str:
    """P01, anna's participant, with a consent anna took (signed and countersigned)."""
    code = participant_via_form(logged_in)
    sign_fully(logged_in, code)
    return code


def browser(app: Flask, username: str) -> FlaskClient:
    """A new browser logged in as `username`."""
    client = app.test_client()
    assert AuthActions(client).login(username).status_code == 302
    return client


def interviewer_of(app: Flask, code: str) -> str:
    """The participant's interviewer's username, read fresh."""
    with app.app_context():
        participant = db.session.execute(db.select(Participant).filter_by(code=code)).scalar_one()
        return participant.interviewer.username


def edit_events(app: Flask) -> list[AuditEvent]:
    """The audit rows of participant edits, oldest first."""
    with app.app_context():
        return list(
            db.session.execute(
                db.select(AuditEvent).filter_by(action="edit").order_by(AuditEvent.id)
            ).scalars()
        )


def test_an_interviewer_cannot_make_themselves_a_colleagues_interviewer(app, taken, bob):
    client = browser(app, "bob")
    page = client.get(EDIT).get_data(as_text=True)
    assert 'name="interviewer_id"' not in page and "Only an admin can give" in page
    data = {**DETAILS, "interviewer_id": str(bob)}
    assert post_form(client, EDIT, data, token_from=EDIT).status_code == 302
    assert interviewer_of(app, taken) == "anna"
    assert client.get(f"/participants/{taken}/consent.pdf").status_code == 403


def test_an_admin_reassigns_and_the_consent_pdf_stays_with_who_took_it(app, taken, bob):
    admin = browser(app, "admin")
    assert 'name="interviewer_id"' in admin.get(EDIT).get_data(as_text=True)
    data = {**DETAILS, "interviewer_id": str(bob)}
    assert post_form(admin, EDIT, data, token_from=EDIT).status_code == 302
    assert interviewer_of(app, taken) == "bob"
    client = browser(app, "bob")
    assert client.get(f"/participants/{taken}/consent.pdf").status_code == 403
    assert f"/participants/{taken}/consent.pdf" not in client.get(
        f"/participants/{taken}"
    ).get_data(as_text=True)
    anna = browser(app, "anna")  # who took it still may
    assert f"/participants/{taken}/consent.pdf" in anna.get(f"/participants/{taken}").get_data(
        as_text=True
    )


def test_the_service_refuses_another_interviewer_without_the_permission(app, taken, bob):
    with app.app_context():
        participant = db.session.execute(db.select(Participant)).scalar_one()
        anna = db.session.execute(db.select(User).filter_by(username="anna")).scalar_one()
        with pytest.raises(ReassignRefused):
            update_participant(
                participant,
                therapist_code="T99",
                interviewer=db.session.get(User, bob),
                session_date=date(2026, 12, 1),
                note="",
                by=anna,
            )
        db.session.rollback()
    assert interviewer_of(app, taken) == "anna"
    assert edit_events(app) == []


def test_the_audit_row_names_each_changed_field_but_never_the_notes_words(app, taken, bob):
    admin = browser(app, "admin")
    data = {
        "therapist_code": "t05",
        "interviewer_id": str(bob),
        "session_date": "2026-11-26",
        "note": SECRET_NOTE,
    }
    post_form(admin, EDIT, data, token_from=EDIT)
    post_form(admin, EDIT, data, token_from=EDIT)  # the same again
    first, second = edit_events(app)
    assert first.detail == (
        "therapist_code: T03 → T05; interviewer: anna → bob;"
        " session_date: 2026-11-25 → 2026-11-26; note: changed"
    )
    assert (first.username, first.participant_code) == ("admin", "P01")
    assert second.detail == "no change"
    with app.app_context():
        details = db.session.execute(db.select(AuditEvent.detail)).scalars().all()
    assert not any("Vesna" in detail for detail in details)
    html = admin.get("/admin/audit?action=edit").get_data(as_text=True)
    assert "therapist_code: T03 → T05" in html
