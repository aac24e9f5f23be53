"""The recordings in the REFI-QDA project: only for an admin who asks, synchronised at the questions."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import av
from exchange_helpers import NS, assert_valid, members, project_schema
from helpers import csrf_token
from lxml import etree
from recording_helpers import CODE, SCREEN, new_segment, split, upload, webm_audio

from interview.cli import cli
from interview.erasure.outside import copies_outside
from interview.exchange.exports import export_project
from interview.extensions import db
from interview.models import COPY_CLI, Answer, AuditEvent, RecordingSegment
from interview.register.copies import copies_holding

# (seconds into the recording the question was opened, its typed answer)
OPENED = (0.5, "Zdravila jemljem že dve leti 🙂."), (2.25, "Pomagala mi je terapevtka.")


def record_segments(client, *lengths: float) -> None:
    """Upload one segment per length (s), each paused after the last chunk but the final stop."""
    token = csrf_token(client, SCREEN)
    for index, seconds in enumerate(lengths):
        segment = new_segment()
        pieces = split(webm_audio(seconds), 2)
        for sequence, data in enumerate(pieces):
            last = sequence == len(pieces) - 1
            final = ("stop" if index == len(lengths) - 1 else "pause") if last else ""
            assert upload(client, segment, sequence, data, token, final=final).status_code == 200


def recorded_interview(app, client, *lengths: float) -> list[tuple[str, int]]:
    """P01 recorded (segments of these lengths, laid end to end) with two questions answered and
    opened at OPENED on the recording's clock; returns (question text, marker ms) of each."""
    record_segments(client, *lengths)
    questions = [
        q
        for s in client.get(f"/participants/{CODE}/record.json").get_json()["interview"]["sections"]
        for q in s["questions"]
    ][: len(OPENED)]
    with app.app_context():
        segments = db.session.scalars(
            db.select(RecordingSegment).order_by(RecordingSegment.number)
        ).all()
        for previous, segment, length in zip(segments, segments[1:], lengths, strict=False):
            # Uploaded at once, the segments would overlap on the server's clock: a pause between.
            segment.started_at = previous.started_at + timedelta(seconds=length + 5)
        for question, (at, text) in zip(questions, OPENED, strict=True):
            # The moment on the server's clock that lies `at` seconds into the recording.
            before, moment = 0.0, None
            for segment, length in zip(segments, lengths, strict=True):
                if at <= before + length:
                    moment = segment.started_at + timedelta(seconds=at - before)
                    break
                before += length
            answer = db.session.scalar(db.select(Answer).filter_by(question_id=question["id"]))
            answer.first_opened_at, answer.text = moment, text
        db.session.commit()
    record = client.get(f"/participants/{CODE}/record.json").get_json()["interview"]
    markers = {
        q["id"]: q["opened_recording_ms"] for s in record["sections"] for q in s["questions"]
    }
    for question, (at, _text) in zip(questions, OPENED, strict=True):
        assert abs(markers[question["id"]] - at * 1000) <= 30  # segments run a few ms long
    return [(q["text"], markers[q["id"]]) for q in questions]


def audio_project(app) -> bytes:
    """The project with audio, as the admin's export writes it."""
    with app.app_context():
        stream = io.BytesIO()
        export_project("none", "admin", stream)
    return stream.getvalue()


def audio_sources(qde: bytes) -> list[etree._Element]:
    """The project's AudioSource elements."""
    return etree.fromstring(qde).findall(".//q:AudioSource", NS)


def test_the_project_with_audio_validates_and_syncs_at_the_question_headings(app, started):
    expected = recorded_interview(app, started, 3.0)
    files = members(audio_project(app))
    assert_valid(project_schema(), files["project.qde"])
    [audio] = audio_sources(files["project.qde"])
    assert audio.get("name") == f"{CODE} recording"
    media = files[f"Sources/{audio.get('path').removeprefix('internal://')}"]
    with av.open(io.BytesIO(media)) as container:
        assert container.streams.audio
    transcript = audio.find("q:Transcript", NS)
    text = files[f"Sources/{transcript.get('plainTextPath').removeprefix('internal://')}"]
    text = text.decode("utf-8")
    root = etree.fromstring(files["project.qde"])
    source = root.find(".//q:TextSource", NS)
    source_file = files[f"Sources/{source.get('plainTextPath').removeprefix('internal://')}"]
    assert text == source_file.decode("utf-8")  # the same words as the text source
    syncs = [
        (int(p.get("position")), int(p.get("timeStamp")))
        for p in transcript.findall("q:SyncPoint", NS)
    ]
    assert len(syncs) == len(expected)
    for (position, ms), (question, marker) in zip(syncs, expected, strict=True):
        assert text[position:].startswith(question) and ms == marker
    case = root.find(".//q:Case", NS)
    refs = {ref.get("targetGUID") for ref in case.findall("q:SourceRef", NS)}
    assert refs == {source.get("guid"), audio.get("guid")}


def test_two_segments_are_joined_into_one_file_on_the_recordings_clock(app, started):
    expected = recorded_interview(app, started, 1.5, 1.5)
    files = members(audio_project(app))
    assert_valid(project_schema(), files["project.qde"])
    [audio] = audio_sources(files["project.qde"])
    media = files[f"Sources/{audio.get('path').removeprefix('internal://')}"]
    with av.open(io.BytesIO(media)) as container:
        stream = container.streams.audio[0]
        ends = [
            float((packet.pts + (packet.duration or 0)) * packet.time_base)
            for packet in container.demux(stream)
            if packet.pts is not None
        ]
    assert abs(max(ends) - 3.0) < 0.1  # both segments, end to end
    times = [int(p.get("timeStamp")) for p in audio.iterfind(".//q:SyncPoint", NS)]
    assert times == [marker for _question, marker in expected]  # the second lies in segment 2


def test_without_asking_there_is_no_audio(app, started, runner, tmp_path):
    recorded_interview(app, started, 3.0)
    with app.app_context():
        data = export_project("none", "admin").data
    out = tmp_path / "study.qdpx"
    assert runner.invoke(cli, ["export", "qdpx", "--out", str(out)]).exit_code == 0
    for project in (data, out.read_bytes()):
        files = members(project)
        assert audio_sources(files["project.qde"]) == []
        assert all(name.endswith((".qde", ".txt")) for name in files)


def test_the_command_line_writes_the_audio_and_registers_the_file(app, started, runner, tmp_path):
    recorded_interview(app, started, 3.0)
    out = tmp_path / "with-audio.qdpx"
    result = runner.invoke(cli, ["export", "qdpx", "--out", str(out), "--with-audio"])
    assert result.exit_code == 0, result.output
    assert "with the recordings of 1" in result.output
    with zipfile.ZipFile(out) as archive:
        assert any(name.endswith(".webm") for name in archive.namelist())
    assert_valid(project_schema(), members(out.read_bytes())["project.qde"])
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    with app.app_context():
        assert [(c.kind, c.path) for c in copies_holding(CODE)] == [(COPY_CLI, str(out.resolve()))]


def test_an_admin_downloads_the_audio_and_an_erasure_lists_it(app, started, auth):
    recorded_interview(app, started, 3.0)
    auth.logout()
    auth.login("admin")
    assert b"study-with-audio.qdpx" in started.get("/exchange/").data
    response = started.get("/exchange/study-with-audio.qdpx?layer=none")
    assert response.status_code == 200
    files = members(response.data)
    response.close()  # what the WSGI server does: send_file's temporary file is closed
    assert_valid(project_schema(), files["project.qde"])
    assert len(audio_sources(files["project.qde"])) == 1
    with app.app_context():
        actions = db.session.scalars(
            db.select(AuditEvent.action).filter_by(participant_code=CODE)
        ).all()
        assert "export_qdpx_audio" in actions
        listed = [c.what for c in copies_outside(CODE)]
        assert "REFI-QDA project with the audio recording downloaded" in listed


def test_an_analyst_gets_no_audio_option_and_a_403(app, started, auth):
    recorded_interview(app, started, 3.0)
    auth.logout()
    auth.login("alice")
    page = started.get("/exchange/")
    assert page.status_code == 200 and b"study-with-audio" not in page.data
    assert started.get("/exchange/study-with-audio.qdpx?layer=none").status_code == 403
    with app.app_context():
        assert (
            db.session.scalar(db.select(AuditEvent).filter_by(action="export_qdpx_audio")) is None
        )
