"""The consent PDF: names, clause answers, hash, escaped text and vector signatures."""

import io
import re

import pypdf
import pytest

from interview.consent.pdf import render_consent_pdf
from tests.pdf_helpers import pdf_text

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
                     "Soglasje za sodelovanje v raziskavi", "version 1.2",
                     "2026-11-25 13:58 UTC", "2026-11-25 13:59 UTC",
                     "ab" * 32, "cd" * 32, "Mozilla/5.0 (iPad; <b>)"):  # fmt: skip
        assert expected in text


def test_statement_html_is_rendered_as_markup(pdf):
    text = pdf_text(pdf)
    assert "Prosimo, preberite besedilo." in text
    assert "<strong>" not in text


def test_every_clause_with_its_answer(pdf):
    text = pdf_text(pdf)
    for _cid, clause, _required, accepted in CLAUSES:
        mark, answer = ("☑", "Yes") if accepted else ("☐", "No")
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
    assert "Not signed." in pdf_text(render_consent_pdf(consent))
