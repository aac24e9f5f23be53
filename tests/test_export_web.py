"""Per-participant exports over HTTP: record.json and the coding PDF (plain and PDF/A)."""

from __future__ import annotations

import io
import json

import pypdf
import pytest
from factories import FELT, NAME, NOTE, NOTICED, captured_participant
from pdf_helpers import pdf_text

from interview.extensions import db
from interview.models import AuditEvent
from interview.participants.services import get_participant
from interview.record.build import build_record


@pytest.fixture
def participant_code(app) -> str:
    """One fully captured participant, P05."""
    with app.app_context():
        return captured_participant(5).code


def audit_trail(app) -> list[tuple[str, str | None, str, str]]:
    with app.app_context():
        events = db.session.execute(db.select(AuditEvent).order_by(AuditEvent.id)).scalars()
        return [(e.action, e.participant_code, e.username, e.detail) for e in events]


@pytest.mark.parametrize(
    "path",
    ["/participants/P05/record.json", "/participants/P05/coding.pdf", "/export/"],
)
def test_login_is_required(client, participant_code, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_unknown_participant_is_404(logged_in):
    assert logged_in.get("/participants/P99/record.json").status_code == 404


def test_record_json_equals_the_built_record_and_is_audited(logged_in, app, participant_code):
    response = logged_in.get("/participants/p05/record.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    with app.app_context():
        assert response.get_json() == build_record(get_participant(participant_code))
    text = response.get_data(as_text=True)
    assert NAME not in text and NOTE not in text
    assert ("export_record_json", "P05", "anna", "") in audit_trail(app)


def test_participant_page_offers_the_downloads(logged_in, participant_code):
    html = logged_in.get("/participants/P05").get_data(as_text=True)
    assert 'href="/participants/P05/coding.pdf"' in html
    assert 'href="/participants/P05/coding.pdf?pdfa=1"' in html
    assert 'href="/participants/P05/record.json"' in html


def test_coding_pdf_holds_answers_verbatim_and_never_the_name(logged_in, app, participant_code):
    response = logged_in.get("/participants/P05/coding.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == "attachment; filename=P05-coding.pdf"
    text = pdf_text(response.data)
    assert NOTICED in text and "Now I look forward to it." in text
    assert "It was strange at first." in text and FELT.split("\n")[1] in text
    assert NAME not in text and "Novak" not in text and NOTE not in text
    assert ("export_pdf", "P05", "anna", "PDF") in audit_trail(app)


def test_pdfa_embeds_the_record_served_as_record_json(logged_in, app, participant_code):
    response = logged_in.get("/participants/P05/coding.pdf?pdfa=1")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=P05-coding-pdfa.pdf"
    attachments = pypdf.PdfReader(io.BytesIO(response.data)).attachments
    assert list(attachments) == ["record.json"]
    embedded = json.loads(attachments["record.json"][0])
    assert embedded == logged_in.get("/participants/P05/record.json").get_json()
    assert ("export_pdf", "P05", "anna", "PDF/A-3u") in audit_trail(app)
