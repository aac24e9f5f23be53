"""The transcription page over HTTP: who may open it, and its turn saves, inserts and deletes.

Every change is one JSON request carrying the version it was made on; a stale one is refused, a
malformed one is a 400 with a message, and neither changes anything. Each change keeps what stood
at its position before as a revision, so the history has one entry per version.
"""

from __future__ import annotations

import hashlib

import pytest
from erasure_helpers import delete, marked_participant, withdraw
from factories import captured_participant, interviewer
from helpers import csrf_token
from recording_helpers import WEBM, new_segment, webm_audio

from interview.extensions import db
from interview.models import (
    INTERVIEW_IN_PROGRESS,
    AuditEvent,
    Participant,
    Transcript,
    TranscriptRevision,
)
from interview.recording.intake import ChunkIn, accept_chunk
from interview.transcripts.store import (
    TranscriptConflict,
    revisions_of,
    saved,
    transcript_of,
    turns_of,
)

CODE = "P05"
PAGE = f"/participants/{CODE}/transcript"
TURNS = f"{PAGE}/turns"


@pytest.fixture
def study(app):
    """P05: a finished interview (no recording)."""
    with app.app_context():
        captured_participant(5)


def send(client, action: str, payload, token: str | None = None, code: str = CODE):
    """POST one change as transcribe.js does (JSON, the token in X-CSRFToken)."""
    token = token if token is not None else csrf_token(client, "/")
    return client.post(
        f"/participants/{code}/transcript/turns/{action}",
        json=payload,
        headers={"X-CSRFToken": token, "Accept": "application/json"},
    )


def turn(position: int, version: int, text: str = "", speaker: str = "participant", start=None):
    """A save or insert body."""
    return {
        "position": position,
        "version": version,
        "speaker": speaker,
        "start_ms": start,
        "text": text,
    }


def stored(app, code: str = CODE) -> tuple[int, list[tuple]]:
    """The transcript's version and its turns as (speaker, start, text)."""
    with app.app_context():
        participant = db.session.scalar(db.select(Participant).filter_by(code=code))
        transcript = transcript_of(participant)
        rows = [(t.speaker, t.start_ms, t.text) for t in turns_of(transcript)]
        return (transcript.version if transcript else 0), rows


def typed(client, *texts: str) -> int:
    """Insert one turn per text at the end, alternating speakers; returns the version."""
    version = 0
    for position, text in enumerate(texts):
        speaker = ("interviewer", "participant")[position % 2]
        body = turn(position, version, text, speaker, start=position * 1000)
        response = send(client, "insert", body)
        assert response.status_code == 200, response.get_json()
        version = response.get_json()["version"]
    return version


def test_the_page_shows_the_turns_with_the_studys_speaker_labels(app, logged_in, study):
    app.config["TRANSCRIPT_SPEAKERS"] = {"interviewer": "INT", "participant": "KLI"}
    typed(logged_in, "Kako ste?", "Dobro, hvala 🙂")
    page = logged_in.get(PAGE).get_data(as_text=True)
    assert "Kako ste?" in page and "Dobro, hvala 🙂" in page
    assert '<option value="interviewer" selected>INT</option>' in page
    assert '<option value="participant" selected>KLI</option>' in page
    assert 'data-version="2"' in page and "0:00:01.0" in page
    assert "Ctrl+Enter" in page  # the key is written on the page
    assert "no recording to play here" in page and "data-player" not in page


def test_the_page_plays_the_recording_with_its_question_markers(app, logged_in, study):
    with app.app_context():
        participant = db.session.scalar(db.select(Participant).filter_by(code=CODE))
        participant.interview.status, participant.interview.finished_at = (
            INTERVIEW_IN_PROGRESS,
            None,
        )
        db.session.commit()
        data = webm_audio(1.0)
        digest = hashlib.sha256(data).hexdigest()
        accept_chunk(participant, ChunkIn(new_segment(), 0, digest, 0, WEBM, "stop", data))
    page = logged_in.get(PAGE).get_data(as_text=True)
    assert "data-player" in page and f"/participants/{CODE}/recording/segments/1" in page
    assert "data-markers" in page and "data-play-turn" in page
    assert "Ctrl+←" in page and "Ctrl+↑" in page and "Esc" in page  # the player's keys
    assert page.index("js/listen.js") < page.index("js/transcribe.js")


def test_the_participant_page_leads_there_for_who_may_transcribe(logged_in, study):
    assert PAGE in logged_in.get(f"/participants/{CODE}").get_data(as_text=True)


def test_analysts_may_not_open_or_change_the_transcript(app, analyst_client, study):
    assert PAGE not in analyst_client.get(f"/participants/{CODE}").get_data(as_text=True)
    assert analyst_client.get(PAGE).status_code == 403
    assert send(analyst_client, "insert", turn(0, 0, "x")).status_code == 403
    assert stored(app) == (0, [])


def test_visitors_are_sent_to_the_login(client, study):
    response = client.get(PAGE)
    assert response.status_code == 302 and response.location.startswith("/login?next=")


def test_insert_save_and_delete_keep_the_order(app, logged_in, study):
    version = typed(logged_in, "one", "two", "three")
    response = send(logged_in, "insert", turn(1, version, "between", "interviewer", 1500))
    assert response.get_json() == {"ok": True, "version": 4}
    response = send(logged_in, "save", turn(3, 4, "three, corrected\r\n", "participant", 2500))
    assert response.get_json() == {"ok": True, "version": 5}
    response = send(logged_in, "delete", {"position": 0, "version": 5})
    assert response.get_json() == {"ok": True, "version": 6}
    assert stored(app) == (
        6,
        [
            ("interviewer", 1500, "between"),
            ("participant", 1000, "two"),
            ("participant", 2500, "three, corrected"),
        ],
    )


def test_many_inserts_and_deletes_in_the_middle_never_collide(app, logged_in, study):
    version = typed(logged_in, "a", "z")
    for letter in "bcdefgh":
        position = stored(app)[1].index(("participant", 1000, "z"))
        version = send(logged_in, "insert", turn(position, version, letter)).get_json()["version"]
    for _ in range(3):
        version = send(logged_in, "delete", {"position": 2, "version": version}).get_json()[
            "version"
        ]
    assert [text for _s, _t, text in stored(app)[1]] == ["a", "b", "f", "g", "h", "z"]


def test_every_change_keeps_what_stood_at_its_position(app, logged_in, study):
    typed(logged_in, "first words")
    send(logged_in, "save", turn(0, 1, "first words, typed on"))
    send(logged_in, "delete", {"position": 0, "version": 2})
    with app.app_context():
        transcript = db.session.scalar(db.select(Transcript))
        kept = [
            (r.version, r.position, r.reason, [t["text"] for t in r.turns])
            for r in revisions_of(transcript)
        ]
        assert transcript.version == 3 and transcript.turns == []
    assert kept == [
        (2, 0, "deleted", ["first words, typed on"]),
        (1, 0, "typed", ["first words"]),
        (0, 0, "inserted", []),
    ]


def test_a_stale_version_is_refused_and_changes_nothing(app, logged_in, study):
    typed(logged_in, "kept")
    before = stored(app)
    for action, body in [
        ("save", turn(0, 0, "overwritten")),
        ("insert", turn(0, 0, "squeezed in")),
        ("delete", {"position": 0, "version": 7}),
    ]:
        response = send(logged_in, action, body)
        assert response.status_code == 409, action
        assert response.get_json()["error"] == "conflict"
        assert "changed elsewhere" in response.get_json()["message"]
    assert stored(app) == before


def test_a_repeated_save_whose_answer_was_lost_is_accepted_unchanged(app, logged_in, study):
    typed(logged_in, "said once")
    send(logged_in, "save", turn(0, 1, "said twice"))
    response = send(logged_in, "save", turn(0, 1, "said twice"))  # sent again on version 1
    assert response.get_json() == {"ok": True, "version": 2}
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(TranscriptRevision)) == 2


def test_a_turn_that_is_not_there_is_refused(app, logged_in, study):
    typed(logged_in, "only one")
    for action, body in [
        ("save", turn(3, 1, "far away")),
        ("insert", turn(5, 1, "past the end")),
        ("delete", {"position": 1, "version": 1}),
    ]:
        response = send(logged_in, action, body)
        assert response.status_code == 409 and "reload the page" in response.get_json()["message"]
    assert stored(app) == (1, [("interviewer", 0, "only one")])


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ([1, 2], "Send a JSON object"),
        ({"version": 1, "speaker": "participant", "text": "x"}, "which turn"),
        ({**turn(0, 1, "x"), "position": True}, "which turn"),
        ({**turn(0, 1, "x"), "position": 0.0}, "which turn"),
        ({**turn(0, 1, "x"), "position": -1}, "which turn"),
        ({**turn(0, 1, "x"), "version": "1"}, "version must be a whole number"),
        ({**turn(0, 1, "x"), "speaker": "Ana Novak"}, "Choose who speaks"),
        ({**turn(0, 1, "x"), "start_ms": -5}, "time in the recording"),
        ({**turn(0, 1, "x"), "start_ms": 12.5}, "time in the recording"),
        ({**turn(0, 1, "x"), "text": ["x"]}, "must be text"),
        ({**turn(0, 1, "x"), "text": "x" * 100_001}, "split it into two"),
        ({**turn(0, 1, "x"), "text": "a\x00b"}, "control character"),
    ],
)
def test_bad_json_is_a_400_with_a_message_and_nothing_changed(
    app, logged_in, study, payload, message
):
    typed(logged_in, "x")
    before = stored(app)
    for action in ("save", "insert"):
        response = send(logged_in, action, payload)
        assert response.status_code == 400, (action, response.get_json())
        assert message in response.get_json()["message"]
    assert stored(app) == before


def test_a_body_that_is_not_json_is_a_400(app, logged_in, study):
    token = csrf_token(logged_in, "/")
    headers = {"X-CSRFToken": token, "Content-Type": "application/json"}
    response = logged_in.post(f"{TURNS}/save", data="{not json", headers=headers)
    assert response.status_code == 400 and "not valid JSON" in response.get_json()["message"]
    response = logged_in.post(
        f"{TURNS}/save",
        data={"position": "0"},
        headers={"X-CSRFToken": token, "Accept": "application/json"},
    )
    assert response.status_code == 400 and "as JSON" in response.get_json()["message"]
    assert stored(app) == (0, [])


def test_a_change_without_the_csrf_token_is_refused(app, logged_in, study):
    response = send(logged_in, "insert", turn(0, 0, "no token"), token="")
    assert response.status_code == 400 and response.get_json()["error"] == "csrf"
    assert stored(app) == (0, [])


def test_an_erased_participant_answers_410(app, admin_client):
    with app.app_context():
        for number in (1, 2):
            marked_participant(number, f"Marker{number}")
    withdraw(admin_client, "P01")
    delete(admin_client, "P02")
    for code in ("P01", "P02"):
        response = send(admin_client, "insert", turn(0, 0, "unsent"), code=code)
        assert response.status_code == 410 and response.get_json()["error"] == "erased"
        assert response.headers["X-Interview-Erased"] == code
        assert admin_client.get(f"/participants/{code}/transcript").status_code == 410


def test_opening_and_saving_are_audited_with_ids_only(app, logged_in, study):
    logged_in.get(PAGE)
    typed(logged_in, "Nobody reads this in the log")
    send(logged_in, "save", turn(0, 1, "Nor this"))
    send(logged_in, "delete", {"position": 0, "version": 2})
    with app.app_context():
        events = db.session.scalars(
            db.select(AuditEvent)
            .where(AuditEvent.action.startswith("transcript"))
            .order_by(AuditEvent.id)
        ).all()
        logged = [(e.action, e.participant_code, e.username, e.detail) for e in events]
    assert logged == [
        ("transcript_open", CODE, "anna", ""),
        ("transcript_turn_insert", CODE, "anna", "turn 1, version 1"),
        ("transcript_turn_save", CODE, "anna", "turn 1, version 2"),
        ("transcript_turn_delete", CODE, "anna", "turn 1, version 3"),
    ]


def test_a_save_racing_another_from_the_same_version_is_refused(app, logged_in, study):
    """Two requests can both pass the version check before either commits; the version moves
    on only from the one read, so the later commit finds it gone and changes nothing."""
    typed(logged_in, "first")
    with app.app_context():
        transcript = db.session.scalar(db.select(Transcript))
        transcript.turns[0].text = "the slower request's text"
        with pytest.raises(TranscriptConflict):
            saved(transcript, 0, "transcript_turn_save", 0, interviewer())
    assert stored(app) == (1, [("interviewer", 0, "first")])
