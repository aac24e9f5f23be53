"""Malformed values found by probing the server: each is a 400 with a clear message, nothing changed."""
# ruff: noqa: F811  (pytest fixtures imported from interview_helpers are redefined as arguments)

from __future__ import annotations

import io

import pytest
from helpers import csrf_token, post_form
from interview_helpers import AUTOSAVE, SCREEN
from research_helpers import research_snapshot

from interview.inputs import parse_int


def post_json(client, body: str):
    """POST a raw JSON body to the autosave endpoint, as autosave.js would."""
    headers = {"X-CSRFToken": csrf_token(client, SCREEN)}
    return client.post(AUTOSAVE, data=body, content_type="application/json", headers=headers)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"question_id": "causes", "text": "abc\\ud800"}', "U+D800"),
        ('{"question_id": "causes", "text": "a\\u0000b"}', "U+0000"),
        ('{"question_id": "causes", "text": "a\\u0007b"}', "U+0007"),
        ('{"question_id": "causes\\udfff", "opened": true}', "U+DFFF"),
        ("[" * 50_000 + "]" * 50_000, "nested too deeply"),
        ('{"question_id": "causes", "text": ', "not valid JSON"),
        (b'{"question_id": "causes", "text": "\xff"}', "not valid JSON"),
    ],
)
def test_malformed_autosave_json_is_refused(app, started, body, message):
    before = research_snapshot(app)
    response = post_json(started, body)
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid"
    assert message in response.get_json()["message"]
    assert research_snapshot(app) == before


def test_autosave_wants_json(app, started):
    headers = {"X-CSRFToken": csrf_token(started, SCREEN), "Accept": "application/json"}
    response = started.post(AUTOSAVE, data={"question_id": "causes"}, headers=headers)
    assert response.status_code == 400
    assert response.get_json() == {"error": "invalid", "message": "Send the data as JSON."}


def test_unicode_digit_as_version_is_refused_on_the_page(app, started):
    before = research_snapshot(app)
    data = {"answer-how-therapy-felt": "Better.", "version-how-therapy-felt": "³"}
    response = post_form(started, f"{SCREEN}/sections/general", data, token_from=SCREEN)
    assert response.status_code == 400
    assert "The page sent a broken version number." in response.get_data(as_text=True)
    assert research_snapshot(app) == before


@pytest.mark.parametrize("number", ["³", "٣", "-1", "0", "99999999999999999999", "1.5", "x"])
def test_a_change_number_that_is_not_a_number_is_a_400(app, started, number):
    before = research_snapshot(app)
    for response in (
        started.get(f"{SCREEN}/changes/{number}/edit"),
        post_form(started, f"{SCREEN}/changes/{number}/delete", token_from=SCREEN),
    ):
        assert response.status_code == 400
        assert "in the address is not a number." in response.get_data(as_text=True)
    assert research_snapshot(app) == before


def test_a_huge_job_id_is_a_400_not_an_overflow(admin_client):
    response = admin_client.get("/export/jobs/99999999999999999999")
    assert response.status_code == 400


def test_a_file_posted_into_a_text_field_is_refused(app, logged_in):
    before = research_snapshot(app)
    data = {
        "therapist_code": "T01",
        "interviewer_id": "2",
        "session_date": "2026-11-25",
        "note": (io.BytesIO(b"not a note"), "note.txt"),
    }
    response = post_form(logged_in, "/participants/new", data, token_from="/participants/new")
    assert response.status_code == 400
    assert "This form does not take files." in response.get_data(as_text=True)
    assert research_snapshot(app) == before


def test_a_control_character_in_a_form_is_refused_and_the_text_kept(app, started):
    before = research_snapshot(app)
    data = {"answer-how-therapy-felt": "It felt\x00 strange."}
    response = post_form(started, f"{SCREEN}/sections/general", data, token_from=SCREEN)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "invisible control character (U+0000)" in html
    assert "It felt\ufffd strange." in html  # shown for copying, the bad character marked
    assert research_snapshot(app) == before


def test_a_control_character_in_the_address_is_refused(logged_in):
    response = logged_in.get("/?q=%01")
    assert response.status_code == 400


def test_a_unicode_digit_rating_is_a_field_error(app, started):
    data = {"description": "Calmer.", "kind": "improvement", "importance": "٣"}
    response = post_form(started, f"{SCREEN}/changes", data, token_from=SCREEN)
    assert response.status_code == 400
    assert "Choose a rating from 1 to 5." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", 0),
        ("42", 42),
        ("2147483647", 2147483647),
        ("2147483648", None),
        ("9" * 5000, None),  # int() itself refuses over 4300 digits
        ("³", None),
        ("٣", None),
        ("-1", None),
        (" 1", None),
        ("", None),
        (None, None),
        (7, None),
    ],
)
def test_parse_int_reads_only_ascii_digits_in_range(value, expected):
    assert parse_int(value) == expected


@pytest.mark.parametrize("path", ["/coding/%00/done", "/participants/%00", "/interview/%00"])
def test_a_nul_in_a_participant_code_is_a_400_even_after_the_view(app, admin_client, path):
    # The erased-participant header is worked out after the refusal; on PostgreSQL a NUL in that
    # query was a 500 (the fuzz test found it).
    response = admin_client.post(path, data={"csrf_token": csrf_token(admin_client, "/")})
    assert response.status_code == 400
    assert "X-Interview-Erased" not in response.headers


def test_no_address_text_that_cannot_be_a_code_is_looked_up_as_erased(app):
    from interview.register.erasures import is_erased, latest_erasure

    with app.app_context():
        assert is_erased("\x00") is False
        assert latest_erasure("P" * 10_000) is None
