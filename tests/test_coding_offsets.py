"""Offsets are code points over the NFC, LF text; the quote always equals the text at its offsets.

The browser counts UTF-16 units: an emoji outside the Basic Multilingual Plane is two of them but
one code point, so unconverted offsets drift by one per emoji (QualCoder PR#1482). coding.js
converts (its own test is in tests/browser/test_coding.py); here the server's side is checked.
"""

from __future__ import annotations

import uuid

import pytest
from coding_helpers import add_analyst, code_named, participant, post_op
from factories import interviewed_participant

from interview.coding.citations import open_document
from interview.coding.document import normalise, utf16_length, utf16_to_code_points
from interview.extensions import db
from interview.models import Citation

ANSWERS = {
    "how-therapy-felt": "Čutila sem se 😊 varno.\r\nZaupala sem ji, ker je bila tam. 👩‍👩‍👧\r\n",
    "helpful-relationship": "Cafe\u0301 po seansi je bil naš ritual; šla sva čez žalost in đurđevak 🌼.",
}
PASSAGES = [
    "😊 varno",
    "Zaupala sem ji",
    "👩‍👩‍👧",
    "Café",
    "naš ritual; šla",
    "žalost in đurđevak 🌼.",
]


@pytest.fixture
def analyst(app, client, auth):
    add_analyst(app, "maja")
    interviewed_participant(app, ANSWERS)
    assert auth.login("maja").status_code == 302
    return client


def test_the_document_is_nfc_with_lf_line_endings(app, analyst):
    with app.app_context():
        document, _changed = open_document(participant("P01"))
        assert "\r" not in document.text
        assert "Café" in document.text and "e\u0301" not in document.text
        assert document.text == normalise(document.text)


@pytest.mark.parametrize("passage", PASSAGES)
def test_each_passage_is_stored_with_the_text_at_its_offsets(app, analyst, passage):
    with app.app_context():
        text = open_document(participant("P01"))[0].text
        guid = code_named("Acceptance").guid
    start = text.index(passage)
    # What the browser sees: UTF-16 units; converting them gives the code points back.
    units = utf16_length(text[:start])
    assert utf16_to_code_points(text, units) == start
    response = post_op(
        analyst,
        "P01",
        {
            "kind": "create",
            "citation": str(uuid.uuid4()),
            "start": start,
            "end": start + len(passage),
            "quote": passage,
            "codes": [guid],
        },
    )
    assert response.status_code == 200, response.get_json()
    with app.app_context():
        citation = db.session.scalar(db.select(Citation))
        assert citation.quote == passage == text[citation.start : citation.end]


def test_unconverted_utf16_offsets_are_refused_not_stored_shifted(app, analyst):
    with app.app_context():
        text = open_document(participant("P01"))[0].text
        guid = code_named("Acceptance").guid
    passage = "Zaupala sem ji"
    start_units = utf16_length(text[: text.index(passage)])  # one more than the code points
    assert start_units == text.index(passage) + 1
    response = post_op(
        analyst,
        "P01",
        {
            "kind": "create",
            "citation": str(uuid.uuid4()),
            "start": start_units,
            "end": start_units + len(passage),
            "quote": passage,
            "codes": [guid],
        },
    )
    assert response.status_code == 400
    assert "does not match" in response.get_json()["message"]


def test_a_changed_text_is_reported_and_codings_stay_on_their_snapshot(app, analyst):
    with app.app_context():
        text = open_document(participant("P01"))[0].text
        guid = code_named("Acceptance").guid
    start = text.index("Zaupala")
    post_op(
        analyst,
        "P01",
        {
            "kind": "create",
            "citation": str(uuid.uuid4()),
            "start": start,
            "end": start + 7,
            "quote": "Zaupala",
            "codes": [guid],
        },
    )
    with app.app_context():
        answer = participant("P01").interview.answers[1]
        answer.text = "Popolnoma nov začetek. " + answer.text
        db.session.commit()
    page = analyst.get("/coding/P01").get_data(as_text=True)
    assert "text has changed since coding began" in page
    with app.app_context():
        citation = db.session.scalar(db.select(Citation))
        document = open_document(participant("P01"))[0]
        assert document.text[citation.start : citation.end] == citation.quote == "Zaupala"
