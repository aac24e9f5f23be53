"""The recording in the exports: the record's recording part, positions in the coding PDF, and
nothing of it in records of unrecorded interviews (tests/test_record_pinned.py keeps them byte for
byte)."""

from __future__ import annotations

from datetime import timedelta

from helpers import csrf_token
from pdf_helpers import pdf_text
from recording_helpers import CODE, SCREEN, new_segment, split, upload, webm_audio

from interview.extensions import db
from interview.models import Answer, RecordingSegment


def recorded_with_an_opened_question(app, client) -> None:
    """A 3 s recording; the first question opened 1.5 s into it."""
    segment, token = new_segment(), csrf_token(client, SCREEN)
    for sequence, data in enumerate(pieces := split(webm_audio(3.0), 3)):
        final = "stop" if sequence == len(pieces) - 1 else ""
        assert upload(client, segment, sequence, data, token, final=final).status_code == 200
    with app.app_context():
        row = db.session.scalar(db.select(RecordingSegment))
        answer = db.session.scalar(db.select(Answer).filter_by(question_id="current-medication"))
        answer.first_opened_at = row.started_at + timedelta(seconds=1.5)
        db.session.commit()


def test_the_record_lists_the_recording_and_each_questions_position(app, started):
    recorded_with_an_opened_question(app, started)
    record = started.get(f"/participants/{CODE}/record.json").get_json()
    recording = record["interview"]["recording"]
    assert [s["number"] for s in recording["segments"]] == [1]
    assert abs(recording["duration_ms"] - 3_000) <= 30 and recording["gaps"] == []
    segment = recording["segments"][0]
    assert len(segment["sha256"]) == 64 and segment["ended_by"] == "stop"
    question = record["interview"]["sections"][0]["questions"][0]
    assert question["id"] == "current-medication" and question["opened_recording_ms"] == 1_500
    assert question["edited_recording_ms"] is None


def test_the_coding_pdf_prints_the_recording_position(app, started):
    recorded_with_an_opened_question(app, started)
    text = pdf_text(started.get(f"/participants/{CODE}/coding.pdf").data)
    assert "[recording 0:00:01.5]" in text


def test_an_unrecorded_interview_has_no_recording_in_its_record(app, started):
    record = started.get(f"/participants/{CODE}/record.json").get_json()
    assert "recording" not in record["interview"]
    assert "opened_recording_ms" not in record["interview"]["sections"][0]["questions"][0]
