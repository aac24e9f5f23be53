"""The import pages as a user meets them: upload, preview, choose speakers and offset, import."""

from __future__ import annotations

import io
import re

import pytest
from helpers import csrf_token, post_form
from transcript_helpers import fixture_bytes, timed_participant

from interview.extensions import db
from interview.models import Transcript

UPLOAD = "/participants/P05/transcript/import"
PREVIEW = UPLOAD + "/preview"
STASH = re.compile(r'name="stash" type="hidden" value="([^"]+)"')


@pytest.fixture
def p05(app):
    with app.app_context():
        timed_participant()


def upload(client, name: str, data: bytes, **fields):
    """Send a file through the upload form."""
    form = {"file": (io.BytesIO(data), name), "offset": "0", "format": "", **fields}
    return post_form(client, UPLOAD, form, token_from=UPLOAD, content_type="multipart/form-data")


def saved(app) -> int:
    """How many transcripts there are."""
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(Transcript.id)))


def test_upload_preview_and_import(app, client, auth, p05):
    auth.login("anna")
    assert "Import a transcript file" in client.get("/participants/P05").get_data(as_text=True)
    page = upload(client, "interview.vtt", fixture_bytes("interview.vtt"))
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Nič več. Tschüß!" in html and "Ana Novak" in html
    assert saved(app) == 0  # the preview saves nothing
    token = STASH.search(html).group(1)
    # Swap the speakers and shift by a minute, look again, then import.
    choices = {
        "stash": token,
        "speakers-0": "participant",
        "speakers-1": "interviewer",
        "offset": "60",
    }
    again = post_form(client, PREVIEW, {**choices, "refresh": "Show again"}, token_from=UPLOAD)
    assert again.status_code == 200 and saved(app) == 0
    done = post_form(client, PREVIEW, {**choices, "confirm": "Import"}, token_from=UPLOAD)
    assert done.status_code == 302 and done.location.endswith("/participants/P05")
    with app.app_context():
        transcript = db.session.scalar(db.select(Transcript))
        assert transcript.offset_ms == 60_000
        assert [t.speaker for t in transcript.turns][:2] == ["participant", "interviewer"]


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("a.txt", "I: Čudovito, žal.\n".encode("cp1250"), "not UTF-8"),
        ("a.docx", b"no zip", "not a valid zip archive"),
        ("a.vtt", b"WEBVTT\n\n", "holds no transcript text"),
        ("a.vtt", b"", "The file is empty."),
    ],
)
def test_a_bad_file_gets_its_message_and_nothing_is_saved(
    app, client, auth, p05, name, data, message
):
    auth.login("anna")
    response = upload(client, name, data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert saved(app) == 0


def test_a_bad_offset_is_shown_next_to_its_field(app, client, auth, p05):
    auth.login("anna")
    response = upload(client, "interview.vtt", fixture_bytes("interview.vtt"), offset="soon")
    assert response.status_code == 400 and "Write the offset in seconds" in response.get_data(
        as_text=True
    )


def test_an_altered_or_foreign_preview_is_refused(app, client, auth, p05):
    auth.login("anna")
    html = upload(client, "interview.vtt", fixture_bytes("interview.vtt")).get_data(as_text=True)
    token = STASH.search(html).group(1)
    altered = post_form(client, PREVIEW, {"stash": token[:-3] + "abc", "offset": "0", "confirm": "1"},
                        token_from=UPLOAD)  # fmt: skip
    assert altered.status_code == 302 and saved(app) == 0
    assert "expired or was altered" in client.get(UPLOAD).get_data(as_text=True)
    auth.logout()
    auth.login("admin")
    foreign = post_form(
        client, PREVIEW, {"stash": token, "offset": "0", "confirm": "1"}, token_from=UPLOAD
    )
    assert foreign.status_code == 302 and saved(app) == 0


def test_the_analyst_may_not_import_and_a_post_needs_its_token(app, client, auth, p05):
    auth.login("alice")
    assert client.get(UPLOAD).status_code == 403
    auth.logout()
    auth.login("anna")
    csrf_token(client, UPLOAD)
    data = {"file": (io.BytesIO(fixture_bytes("interview.vtt")), "a.vtt"), "offset": "0"}
    refused = client.post(UPLOAD, data=data, content_type="multipart/form-data")
    assert refused.status_code == 400 and saved(app) == 0
