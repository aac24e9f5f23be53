"""Turns land under the question they were said in: by the recording's markers or opened times,
shifted by the offset; boundaries moved by hand stay where they were put."""

from __future__ import annotations

import pytest
from transcript_helpers import RECORDING_STARTS_S, read_fixture, timed_participant, user

from interview.extensions import db
from interview.models import TranscriptRevision
from interview.record.build import build_record
from interview.transcripts.alignment import align, question_at, question_starts
from interview.transcripts.boundaries import move_boundary
from interview.transcripts.imports import import_transcript, preview_transcript
from interview.transcripts.store import TranscriptError, Turn, transcript_of, turns_of


def test_question_starts_follow_the_opened_times(app):
    with app.test_request_context():
        starts = question_starts(build_record(timed_participant())["interview"])
    assert [(s.question_id, s.start_ms) for s in starts] == [
        ("current-medication", 10_000),
        ("how-therapy-felt", 65_000),
        ("adhoc-1", 420_000),
        ("changes-noticed", 600_000),
        ("changes-worse", 900_000),
        ("anything-else", 3_590_000),
    ]
    assert question_at(starts, 9_999) is None and question_at(starts, 65_000) == "how-therapy-felt"


def test_on_a_recording_the_markers_count(app):
    with app.test_request_context():
        starts = question_starts(build_record(timed_participant(recorded=True))["interview"])
    shift = RECORDING_STARTS_S * 1000
    # The medication question was opened before the recording began: it has no marker.
    assert [(s.question_id, s.start_ms) for s in starts][:2] == [
        ("how-therapy-felt", 65_000 - shift),
        ("adhoc-1", 420_000 - shift),
    ]


def test_turns_land_under_their_questions_and_the_offset_shifts_them(app):
    with app.test_request_context():
        participant = timed_participant()
        read = read_fixture("interview.vtt")  # turns at 0:12, 0:15, 10:00, 10:05, 1:00:05, 1:00:09
        plain = preview_transcript(participant, read)
        shifted = preview_transcript(participant, read, offset_ms=60_000)
    assert [t.question_id for t in plain.turns] == [
        "current-medication", "current-medication", "changes-noticed", "changes-noticed",
        "anything-else", "anything-else",
    ]  # fmt: skip
    # A minute later on the interview's clock: 1:12 is under how-therapy-felt, 11:00 still 10:00's.
    assert [t.question_id for t in shifted.turns][:3] == [
        "how-therapy-felt",
        "how-therapy-felt",
        "changes-noticed",
    ]
    assert shifted.offset_ms == 60_000 and plain.clock == "interview"


def test_turns_before_the_first_question_and_without_time(app):
    starts = []
    turns = [Turn("interviewer", None, "a"), Turn("participant", 5, "b")]
    assert [t.question_id for t in align(turns, starts, 0)] == [None, None]


def test_a_moved_boundary_persists_and_realigning_keeps_it(app):
    with app.test_request_context():
        participant = timed_participant()
        import_transcript(participant, read_fixture("interview.vtt"), by=user())
        # The two turns said at 10:00 belong to the adhoc question, by hand.
        move_boundary(participant, 2, "adhoc-1", by=user())
        db.session.expire_all()
        turns = turns_of(transcript_of(participant))
        placed = [(t.question_id, t.placed_by) for t in turns]
        again = align(turns, question_starts(build_record(participant)["interview"]), 0)
        reasons = list(db.session.scalars(db.select(TranscriptRevision.reason)))
    assert placed[2:4] == [("adhoc-1", "hand"), ("adhoc-1", "hand")]
    assert placed[4] == ("anything-else", "time")
    assert [t.question_id for t in again] == [t.question_id for t in turns]
    assert reasons == ["moved"]


def test_a_boundary_moved_backwards(app):
    with app.test_request_context():
        participant = timed_participant()
        import_transcript(participant, read_fixture("interview.vtt"), by=user())
        # Turn 4 (10:05) and the one before it that sat with it go back under the medication question.
        move_boundary(participant, 3, "current-medication", by=user(), following=False)
        turns = turns_of(transcript_of(participant))
    assert [t.question_id for t in turns][:4] == ["current-medication"] * 4


@pytest.mark.parametrize("position, question", [(99, None), (0, "no-such-question")])
def test_impossible_moves_are_refused(app, position, question):
    with app.test_request_context():
        participant = timed_participant()
        import_transcript(participant, read_fixture("interview.vtt"), by=user())
        with pytest.raises(TranscriptError):
            move_boundary(participant, position, question, by=user())
        assert transcript_of(participant).version == 1


def test_turns_typed_in_the_editor_land_under_their_questions_in_the_record(app):
    from interview.transcripts.store import insert_turn

    with app.test_request_context():
        participant, typist = timed_participant(), user()
        for position, (start_ms, text) in enumerate(
            [(12_000, "About the pills."), (None, "Still the pills."), (600_500, "It changed.")]
        ):
            insert_turn(
                participant, position, speaker="participant", start_ms=start_ms, text=text,
                by=typist, expected_version=position,
            )  # fmt: skip
        turns = build_record(participant)["transcript"]["turns"]
    # The editor stores no question; the record places each by its time (no time: the one before).
    assert [t["question_id"] for t in turns] == [
        "current-medication",
        "current-medication",
        "changes-noticed",
    ]
