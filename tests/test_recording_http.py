"""Recording through HTTP: chunk intake (idempotent, refused with a clear 4xx), assembly, markers,
the listening page, ranges, chapters, and the admin's audio export."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from erasure_helpers import withdraw
from factories import consent_as_signed, interviewer
from helpers import csrf_token, post_form
from hypothesis import given, settings
from hypothesis import strategies as st
from interview_helpers import finish
from recording_helpers import CODE, SCREEN, new_segment, split, upload, webm_audio

from interview.backup.snapshot import instance_files
from interview.erasure.outside import copies_outside
from interview.extensions import db
from interview.models import Answer, Consent, RecordingChunk, RecordingSegment
from interview.participants.services import create_participant
from interview.register.recordings import chunk_path, participant_dir

LISTEN = f"/participants/{CODE}/recording"


def count(app, model) -> int:
    """Rows of ``model``."""
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def send_recording(client, seconds: float = 4.0, pieces: int = 4, final: str = "stop", **options):
    """Upload a whole segment in order; returns its id."""
    segment = new_segment()
    token = csrf_token(client, SCREEN)
    chunks = split(webm_audio(seconds), pieces)
    for sequence, data in enumerate(chunks):
        last = sequence == len(chunks) - 1
        response = upload(
            client, segment, sequence, data, token, final=final if last else "", **options
        )
        assert response.status_code == 200, response.get_json()
    return segment


def test_chunks_are_stored_acknowledged_and_assembled(app, started):
    segment = send_recording(started, seconds=4.0)
    with app.app_context():
        row = db.session.scalar(db.select(RecordingSegment))
        assert (row.client_id, row.chunk_count, row.ended_by) == (segment, 4, "stop")
        assert chunk_path(CODE, segment, 3).is_file()
    page = started.get(LISTEN)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Duration 0:00:04.0" in text
    with app.app_context():
        row = db.session.scalar(db.select(RecordingSegment))
        assert abs(row.duration_ms - 4_000) <= 30 and len(row.sha256) == 64


def test_a_repeated_chunk_is_acknowledged_once(app, started):
    segment, data = new_segment(), split(webm_audio(2.0), 2)
    token = csrf_token(started, SCREEN)
    assert upload(started, segment, 0, data[0], token).get_json()["duplicate"] is False
    again = upload(started, segment, 0, data[0], token)
    assert again.status_code == 200 and again.get_json()["duplicate"] is True
    assert count(app, RecordingChunk) == 1


def refusal(response, status: int, error: str) -> str:
    """The refusal's message, after checking its status and name."""
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert body["error"] == error
    return body["message"]


def test_a_chunk_out_of_order_is_refused_with_the_one_expected(app, started):
    segment, data = new_segment(), split(webm_audio(2.0), 3)
    token = csrf_token(started, SCREEN)
    upload(started, segment, 0, data[0], token)
    response = upload(started, segment, 2, data[2], token)
    assert "send that one first" in refusal(response, 409, "out_of_order")
    assert response.get_json()["expected"] == 1
    assert count(app, RecordingChunk) == 1


def test_a_new_segment_must_start_at_zero(app, started):
    response = upload(started, new_segment(), 1, b"x" * 10)
    refusal(response, 409, "out_of_order")
    assert count(app, RecordingSegment) == 0


def test_a_duplicate_with_other_content_changes_nothing(app, started):
    segment, data = new_segment(), split(webm_audio(2.0), 2)
    token = csrf_token(started, SCREEN)
    upload(started, segment, 0, data[0], token)
    response = upload(started, segment, 0, data[1], token)
    assert "other content" in refusal(response, 409, "duplicate_differs")
    with app.app_context():
        assert chunk_path(CODE, segment, 0).read_bytes() == data[0]


def test_an_oversized_chunk_is_refused(app, started):
    app.config["RECORDING_MAX_CHUNK_BYTES"] = 1000
    response = upload(started, new_segment(), 0, b"x" * 1001)
    assert "larger than 1000 bytes" in refusal(response, 413, "too_large")
    assert count(app, RecordingChunk) == 0


def test_a_damaged_chunk_is_refused(app, started):
    response = upload(started, new_segment(), 0, b"audio", sha256="0" * 64)
    assert "checksum" in refusal(response, 422, "checksum")


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ("segment=nope&sequence=0&age=0&type=audio/webm&sha256=", "malformed"),
        ("sequence=0&age=0&type=audio/webm", "malformed"),
        (
            f"segment={'0' * 8}-0000-4000-8000-{'0' * 12}&sequence=-1&age=0&type=audio/webm",
            "malformed",
        ),
        (
            f"segment={'0' * 8}-0000-4000-8000-{'0' * 12}&sequence=0&age=0&type=video/x-evil",
            "not accepted",
        ),
        (
            f"segment={'0' * 8}-0000-4000-8000-{'0' * 12}&sequence=0&age=0&type=audio/webm"
            "&final=explode",
            "not accepted",
        ),
    ],
)
def test_malformed_uploads_are_refused(app, started, query, fragment):
    token = csrf_token(started, SCREEN)
    response = started.post(
        f"/participants/{CODE}/recording/chunks?{query}", data=b"x", headers={"X-CSRFToken": token}
    )
    assert fragment in refusal(response, 400, "bad_chunk")


def test_the_rate_limit_answers_429_with_when_to_retry(app, started):
    app.config["RECORDING_MAX_CHUNKS_PER_MINUTE"] = 2
    segment, data = new_segment(), split(webm_audio(2.0), 3)
    token = csrf_token(started, SCREEN)
    assert upload(started, segment, 0, data[0], token).status_code == 200
    assert upload(started, segment, 1, data[1], token).status_code == 200
    response = upload(started, segment, 2, data[2], token)
    refusal(response, 429, "rate_limited")
    assert response.headers["Retry-After"] == "10"
    # A repeat of an acknowledged chunk is still acknowledged: the tablet can delete it.
    assert upload(started, segment, 1, data[1], token).status_code == 200


def test_after_finish_chunks_are_refused(app, started):
    finish(started)
    response = upload(started, new_segment(), 0, b"x", token=csrf_token(started, "/participants"))
    assert "finished" in refusal(response, 409, "finished")


def test_before_the_interview_starts_chunks_are_refused(app, consented):
    response = upload(
        consented, new_segment(), 0, b"x", token=csrf_token(consented, "/participants")
    )
    refusal(response, 409, "not_started")


def test_without_the_recording_clause_nothing_is_recorded(app, started):
    with app.app_context():
        consent = db.session.scalar(db.select(Consent))
        consent.clause_answers = {**consent.clause_answers, "recording": False}
        db.session.commit()
    response = upload(started, new_segment(), 0, b"x", token=csrf_token(started, "/participants"))
    assert "does not allow recording" in refusal(response, 403, "no_consent")
    page = started.get(SCREEN).get_data(as_text=True)
    assert "Not recorded: the signed consent does not allow recording." in page
    assert "rec-start.js" not in page


def test_a_segment_of_another_participant_is_refused(app, started, auth):
    segment = send_recording(started, seconds=2.0, pieces=2, final="")
    # P02, with its own started interview.
    with app.app_context():
        anna = interviewer()
        other = create_participant("T02", anna, date(2026, 11, 25), "", anna)
        db.session.add(consent_as_signed(other, "signed", True))
        db.session.commit()
    post_form(started, "/participants/P02/interview/start", token_from="/participants/P02")
    response = upload(
        started, segment, 2, b"more", code="P02", token=csrf_token(started, "/participants")
    )
    assert "another participant" in refusal(response, 409, "wrong_participant")


def test_the_screen_offers_the_recorder_without_loading_it(app, started):
    page = started.get(SCREEN).get_data(as_text=True)
    assert "data-recorder" in page and "Start recording" in page
    assert "js/rec-start.js" in page and '<script src="/static/js/recorder.js"' not in page


def test_the_status_tells_the_recorder_what_is_held(app, started):
    segment = send_recording(started, seconds=2.0, pieces=2, final="")
    status = started.get(f"/participants/{CODE}/recording/status").get_json()
    assert status["allowed"] is True and status["segments"] == {segment: 2}
    assert status["words"]["start"] == "Start recording"


def test_markers_land_on_the_recording_through_a_gap(app, started):
    send_recording(started, seconds=4.0, final="")
    send_recording(started, seconds=4.0)
    question = "current-medication"
    with app.app_context():
        first, second = db.session.scalars(db.select(RecordingSegment).order_by("number"))
        # The second segment started 10 s after the first: 6 s were lost in between.
        second.started_at = first.started_at + timedelta(seconds=10)
        answer = db.session.scalar(db.select(Answer).filter_by(question_id=question))
        answer.first_opened_at = first.started_at + timedelta(seconds=1.5)
        answer.last_edited_at = first.started_at + timedelta(seconds=11.25)
        db.session.commit()
    summary_page = started.get(LISTEN).get_data(as_text=True)
    assert "1 break (6.0 s of audio lost)" in summary_page
    vtt = started.get(f"{LISTEN}/chapters.vtt").get_data(as_text=True)
    assert vtt.startswith("WEBVTT")
    starts = [cue_ms(line.split(" --> ")[0]) for line in vtt.splitlines() if " --> " in line]
    # Opened 1.5 s in; edited 1.25 s into the second segment, after the first one's 4 s.
    assert starts[0] == 1_500
    assert abs(starts[1] - 5_250) <= 250


def cue_ms(stamp: str) -> int:
    """A WebVTT HH:MM:SS.mmm timestamp in milliseconds."""
    hours, minutes, seconds = stamp.split(":")
    return round((int(hours) * 3600 + int(minutes) * 60 + float(seconds)) * 1000)


def test_a_segment_streams_with_range_requests(app, started):
    send_recording(started, seconds=3.0)
    started.get(LISTEN)
    with started.get(f"{LISTEN}/segments/1") as whole:
        assert whole.status_code == 200 and whole.mimetype == "audio/webm"
        data = whole.data
    with started.get(f"{LISTEN}/segments/1", headers={"Range": "bytes=10-19"}) as part:
        assert part.status_code == 206 and part.data == data[10:20]
    assert started.get(f"{LISTEN}/segments/9").status_code == 404


def test_only_an_admin_exports_the_audio(app, started, client, auth):
    send_recording(started, seconds=2.0, pieces=2)
    assert started.get(f"{LISTEN}/export").status_code == 403
    auth.logout()
    auth.login("admin")
    response = client.get(f"{LISTEN}/export")
    assert response.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert names == ["P01-segment-1.webm", "P01-chapters.vtt", "P01-recording.json"]


def test_the_analyst_does_not_hear_the_recording(app, started, client, auth):
    send_recording(started, seconds=2.0, pieces=2)
    auth.logout()
    auth.login("alice")
    assert client.get(LISTEN).status_code == 403
    assert client.get(f"{LISTEN}/segments/1").status_code == 403


def test_a_withdrawal_erases_the_recording_and_its_files(app, started, client, auth):
    send_recording(started, seconds=2.0, pieces=2)
    with app.app_context():
        folder = participant_dir(CODE)
    assert any(folder.rglob("*.chunk"))
    auth.logout()
    auth.login("admin")
    assert withdraw(client, CODE).status_code == 302
    assert not folder.exists()
    assert count(app, RecordingSegment) == 0 and count(app, RecordingChunk) == 0


def test_a_backup_holds_the_recording(app, started, tmp_path):
    send_recording(started, seconds=2.0, pieces=2)
    with app.app_context():
        files = instance_files(Path(app.instance_path))
    names = [name for name in files if name.startswith(f"recordings/{CODE}/")]
    assert len([name for name in names if name.endswith(".chunk")]) == 2
    assert any(name.endswith(".webm") for name in names)


def test_the_erasure_lists_a_downloaded_audio_export(app, started, client, auth):
    send_recording(started, seconds=2.0, pieces=2)
    auth.logout()
    auth.login("admin")
    assert client.get(f"{LISTEN}/export").status_code == 200
    with app.app_context():
        assert [copy.what for copy in copies_outside(CODE)] == ["Audio recording downloaded"]


ANY_VALUE = st.one_of(
    st.text(max_size=80),
    st.sampled_from(["-1", "1e9", "9" * 40, "³", "audio/webm", "stop", "pause", "0" * 64]),
    st.integers().map(str),
)


def test_no_malformed_query_gives_a_5xx_or_stores_anything(app, started):
    token = csrf_token(started, SCREEN)
    names = ["segment", "sequence", "sha256", "age", "type", "final"]

    @settings(max_examples=40, deadline=None, derandomize=True, database=None)
    @given(query=st.dictionaries(st.sampled_from(names), ANY_VALUE), body=st.binary(max_size=64))
    def example(query, body):
        response = started.post(
            f"/participants/{CODE}/recording/chunks",
            query_string=query,
            data=body,
            headers={"X-CSRFToken": token, "Accept": "application/json"},
        )
        assert 400 <= response.status_code < 500, response.status_code

    example()
    assert count(app, RecordingChunk) == 0
