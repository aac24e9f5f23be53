"""The signed consent PDF: what the renderer writes (names, clause answers, hash, escaped text,
vector signatures), and who may download it."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from consent_helpers import INTERVIEWER, NAME, post_countersign, post_sign, sign_fully
from factories import participant_via_form
from helpers import PASSWORD
from pdf_helpers import pdf_text

from interview.auth.users import create_user
from interview.consent.pdf import render_consent_pdf
from interview.extensions import db
from interview.models import AuditEvent, Participant

CLAUSE_STARTS = (
    "I have been told what the study is for",
    "I take part voluntarily.",
    "I agree that the interview is audio-recorded",
    "I understand that my answers are stored under a code",
)


@pytest.fixture
def signed(app, logged_in) -> str:
    """P01 (anna's participant) with a consent signed by both, the optional clause unticked."""
    code = participant_via_form(logged_in)
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
    code = participant_via_form(client, interviewer_id=1)  # the admin's participant
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
    code = participant_via_form(logged_in)
    assert logged_in.get(f"/participants/{code}/consent.pdf").status_code == 404
    post_sign(logged_in, code)
    assert logged_in.get(f"/participants/{code}/consent.pdf").status_code == 404


# --- the renderer, called directly -----------------------------------------------------------

SIGNATURE = {
    "v": 1,
    "w": 600,
    "h": 200,
    "strokes": [[10, 100, 50, 60, 90, 140, 130, 80, 170, 120], [200, 150, 260, 40, 320, 150]],
}
CLAUSES = [
    ("purpose", "I was told the purpose of the study.", True, True),
    ("voluntary", "Participation is voluntary; I may stop at any time.", True, True),
    ("recording", "The interview is audio-recorded and transcribed.", True, True),
    ("quotes", "Anonymised quotes may appear in publications.", False, False),
]


def _consent() -> dict:
    return {
        "participant_code": "P05",
        "instrument": {"id": "consent", "version": "1.2", "language": "sl", "sha256": "ab" * 32},
        "title": "Soglasje za sodelovanje v raziskavi",
        "intro_html": "<p>Prosimo, <strong>preberite</strong> besedilo.</p>",
        "clauses": [
            {"id": cid, "text": text, "required": required, "accepted": accepted}
            for cid, text, required, accepted in CLAUSES
        ],
        "participant_name": "Marija Čebašek <script>x</script>",
        "participant_signature": SIGNATURE,
        "participant_signed_at": "2026-11-25T13:58:00Z",
        "interviewer_name": "Anna Müller-Groß",
        "interviewer_signature": SIGNATURE,
        "countersigned_at": "2026-11-25T13:59:00Z",
        "sha256": "cd" * 32,
        "user_agent": "Mozilla/5.0 (iPad; <b>)",
    }


@pytest.fixture(scope="module")
def pdf() -> bytes:
    """The consent PDF of a signed consent."""
    return render_consent_pdf(_consent())


def test_names_dates_instrument_and_hashes(pdf):
    text = pdf_text(pdf)
    for expected in ("Marija Čebašek <script>x</script>", "Anna Müller-Groß", "P05",
                     "Soglasje za sodelovanje v raziskavi", "različica 1.2",
                     # Signed in Slovenian: the PDF says so, in Slovenian, with Slovenian dates.
                     "podpisano v jeziku: Slovenščina",
                     "25. 11. 2026, 13:58 UTC", "25. 11. 2026, 13:59 UTC",
                     "ab" * 32, "cd" * 32, "Mozilla/5.0 (iPad; <b>)"):  # fmt: skip
        assert expected in text


def test_statement_html_is_rendered_as_markup(pdf):
    text = pdf_text(pdf)
    assert "Prosimo, preberite besedilo." in text
    assert "<strong>" not in text


def test_every_clause_with_its_answer(pdf):
    text = pdf_text(pdf)
    for _cid, clause, _required, accepted in CLAUSES:
        mark, answer = ("☑", "Da") if accepted else ("☐", "Ne")  # a Slovenian consent
        assert f"{mark} {clause} — {answer}" in text
    assert text.count("☑") == 3 and text.count("☐") == 1


def test_signatures_are_vector_paths_not_images(pdf):
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    content = page.get_contents().get_data()
    # Each stroke is a stroked path: curve-to (c) segments followed by a stroke (S) operator.
    assert len(re.findall(rb"(?m) c$", content)) >= 2 * 4
    assert len(re.findall(rb"(?m)^S$", content)) >= 4
    xobjects = page["/Resources"].get("/XObject") or {}
    assert not [x for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"]


def test_unsigned_consent_says_so():
    consent = _consent() | {"interviewer_signature": None, "countersigned_at": None}
    assert "Ni podpisano." in pdf_text(render_consent_pdf(consent))
    english = consent | {"instrument": {**consent["instrument"], "language": "en"}}
    assert "Not signed." in pdf_text(render_consent_pdf(english))
