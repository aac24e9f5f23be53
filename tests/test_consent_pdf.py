"""The signed consent PDF: its content, vector signatures, and who may download it."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from consent_helpers import (
    INTERVIEWER,
    NAME,
    create_participant,
    post_countersign,
    post_sign,
    sign_fully,
)
from helpers import PASSWORD

from interview.auth.users import create_user
from interview.extensions import db
from interview.models import AuditEvent, Participant
from tests.pdf_helpers import pdf_text

CLAUSE_STARTS = (
    "I have been told what the study is for",
    "I take part voluntarily.",
    "I agree that the interview is audio-recorded",
    "I understand that my answers are stored under a code",
)


@pytest.fixture
def signed(app, logged_in) -> str:
    """P01 (anna's participant) with a consent signed by both, the optional clause unticked."""
    code = create_participant(logged_in)
    assert post_sign(logged_in, code, **{"clause-quotes": None}).status_code == 302
    assert post_countersign(logged_in, code).status_code == 302
    with app.app_context():
        create_user("bob", PASSWORD)
        db.session.commit()
    return code


def stored_hash(app, code: str) -> str:
    """The frozen consent's SHA-256."""
    with app.app_context():
        participant = db.session.execute(db.select(Participant).filter_by(code=code)).scalar_one()
        return participant.consent.sha256


def test_pdf_holds_names_clauses_hash_and_drawn_signatures(app, logged_in, signed):
    response = logged_in.get(f"/participants/{signed}/consent.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert f"{signed}-consent.pdf" in response.headers["Content-Disposition"]
    text = pdf_text(response.data)
    assert NAME in text and INTERVIEWER in text and signed in text
    for start in CLAUSE_STARTS:
        assert re.search(f"☑ {re.escape(start)}[^☑☐]*— Yes", text), start
    assert "☐ I agree that short quotes" in text and text.count("☑") == 4
    assert stored_hash(app, signed) in text and "version 1.0" in text
    content = pypdf.PdfReader(io.BytesIO(response.data)).pages[0].get_contents().get_data()
    # Two signatures of two strokes each: stroked paths built from curve-to segments.
    assert len(re.findall(rb"(?m) c$", content)) >= 8
    assert len(re.findall(rb"(?m)^S$", content)) >= 4


def test_download_is_audit_logged(app, logged_in, signed):
    logged_in.get(f"/participants/{signed}/consent.pdf")
    with app.app_context():
        event = db.session.execute(
            db.select(AuditEvent).filter_by(action="export_consent_pdf")
        ).scalar_one()
    assert (event.participant_code, event.username) == (signed, "anna")


@pytest.mark.parametrize(
    ("username", "status"), [("admin", 200), ("anna", 200), ("bob", 403), ("alice", 403)]
)
def test_access_matrix(client, auth, signed, username, status):
    auth.logout()
    auth.login(username)
    assert client.get(f"/participants/{signed}/consent.pdf").status_code == status
    page = client.get(f"/participants/{signed}").get_data(as_text=True)
    assert ("consent.pdf" in page) == (status == 200)


def test_the_interviewer_who_took_the_consent_may_download(app, client, auth):
    auth.login("admin")
    code = create_participant(client, interviewer_id=1)  # the admin's participant
    with app.app_context():
        create_user("bob", PASSWORD)
        db.session.commit()
    auth.logout()
    auth.login("bob")
    sign_fully(client, code)  # bob took the consent
    assert client.get(f"/participants/{code}/consent.pdf").status_code == 200
    auth.logout()
    auth.login("anna")
    assert client.get(f"/participants/{code}/consent.pdf").status_code == 403


def test_no_pdf_before_the_consent_is_frozen(logged_in):
    code = create_participant(logged_in)
    assert logged_in.get(f"/participants/{code}/consent.pdf").status_code == 404
    post_sign(logged_in, code)
    assert logged_in.get(f"/participants/{code}/consent.pdf").status_code == 404
