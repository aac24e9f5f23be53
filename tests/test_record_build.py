"""The participant record builder: the docs/record-format.md structure, from the database."""

from __future__ import annotations

import json

import pytest
from factories import ADHOC_ANSWER, FELT, NAME, NOTE, NOTICED, SIGNATURE_MARK, captured_participant
from sqlalchemy import event

from interview.extensions import db
from interview.models import CONSENT_PENDING, Participant
from interview.record.build import build_record, build_records
from interview.record.hashing import record_hash


@pytest.fixture
def record(app):
    """The record of one fully captured participant (number 5)."""
    with app.app_context():
        return build_record(captured_participant(5))


def questions(record: dict) -> list[dict]:
    return [q for section in record["interview"]["sections"] for q in section["questions"]]


def question(record: dict, question_id: str) -> dict:
    return next(q for q in questions(record) if q["id"] == question_id)


def test_top_level_and_participant_part(record):
    assert list(record) == [
        "format",
        "participant",
        "consent",
        "questionnaire",
        "interview",
        "transcript",
    ]
    assert record["format"] == "interview-record/3"
    assert record["participant"] == {
        "code": "P05",
        "number": 5,
        "therapist_code": "T03",
        "interviewer": "anna",
        "session_date": "2026-11-25",
    }


def test_record_is_plain_json_and_never_holds_name_signature_or_note(record):
    text = json.dumps(record, ensure_ascii=False)
    assert json.loads(text) == record
    for secret in (NAME, "Novak", SIGNATURE_MARK, NOTE, "Anna Interviewer", "By signing below"):
        assert secret not in text


def test_consent_part_has_status_date_instrument_and_optional_clauses_only(record):
    consent = record["consent"]
    assert set(consent) == {"status", "instrument", "date", "optional_clauses"}
    assert consent["status"] == "signed"
    assert consent["date"] == "2026-11-25T13:58:00Z"
    assert consent["instrument"]["id"] == "consent"
    assert set(consent["instrument"]) == {"id", "version", "language", "sha256"}
    assert consent["optional_clauses"] == {"quotes": False}


def test_questionnaire_items_in_order_with_raw_values_and_display(record):
    part = record["questionnaire"]
    assert part["status"] == "complete" and part["completed_at"] == "2026-11-25T14:01:00Z"
    items = {item["id"]: item for item in part["items"]}
    assert [item["number"] for item in part["items"]] == list(range(1, 11))
    gender = items["gender"]
    assert (gender["value"], gender["other"]) == ("another", "non-binary")
    assert gender["display"] == "Another gender: non-binary"
    assert {"value": "female", "label": "Female"} in gender["options"]
    assert items["problem_areas"]["display"] == "Anxiety; Something else: grief"
    assert items["time_in_therapy"]["value"] == {"years": 1, "months": 3}
    assert "options" not in items["age"] and items["age"]["display"] == "34"
    assert items["time_in_therapy"]["display"] == "1 year, 3 months"
    assert items["medication"]["other"] == "sertraline"
    assert items["education"]["value"] is None and not items["education"]["display"]


def test_interview_times_offsets_and_protocol_order(record):
    interview = record["interview"]
    assert interview["started_at"] == "2026-11-25T14:03:00Z"
    assert interview["finished_at"] == "2026-11-25T15:05:12Z"
    assert interview["duration_seconds"] == 3732
    assert [s["number"] for s in interview["sections"]] == list(range(1, 10))
    general = interview["sections"][0]
    assert [q["id"] for q in general["questions"]] == [
        "current-medication",
        "how-therapy-felt",
        "adhoc-1",
    ]
    felt = question(record, "how-therapy-felt")
    assert (felt["opened_offset"], felt["edited_offset"]) == (65, 412)
    assert felt["answer"] == FELT and felt["prompts"][0].startswith("How has it felt")


def test_skipped_and_adhoc_questions_are_kept(record):
    skipped = question(record, "current-medication")
    assert skipped["skipped"] is True and skipped["segments"] == []
    adhoc = question(record, "adhoc-1")
    assert adhoc["kind"] == "adhoc" and adhoc["text"] == "What was that like?"
    assert adhoc["prompts"] == [] and adhoc["answer"] == ADHOC_ANSWER


def test_segments_are_numbered_through_the_whole_interview(record):
    segments = [s for q in questions(record) for s in q["segments"]]
    assert [s["number"] for s in segments] == [1, 2, 3, 4]
    assert [s["id"] for s in segments] == ["5¶1", "5¶2", "5¶3", "5¶4"]
    assert segments[0]["text"] == "It was strange at first.\nThen it got easier."
    assert segments[2]["text"] == ADHOC_ANSWER  # the ad-hoc question sits before section 2
    assert segments[3]["text"] == NOTICED


def test_changes_by_position_with_labels_and_scales(record):
    first, second = record["interview"]["changes"]
    assert (first["number"], first["kind"], first["description"]) == (1, "improvement", NOTICED)
    assert first["kind_label"] == "Change for the better"
    assert first["ratings"]["expectedness"] == {"value": 4, "label": "Somewhat surprised"}
    assert first["ratings"]["importance"] == {"value": 5, "label": "Extremely important"}
    assert second["kind"] == "worse" and second["ratings"] == {
        "expectedness": None,
        "likelihood": None,
        "importance": None,
    }
    scales = record["interview"]["scales"]
    assert [s["id"] for s in scales] == ["expectedness", "likelihood", "importance"]
    assert scales[2]["anchors"]["1"] == "Not at all important"


def test_missing_parts_are_null_and_pending_consent_is_none(app):
    with app.app_context():
        participant = captured_participant(7, consent_status=CONSENT_PENDING)
        participant.questionnaire = None
        participant.interview = None
        db.session.commit()
        record = build_record(participant)
    assert record["questionnaire"] is None and record["interview"] is None
    assert record["consent"] == {
        "status": "none",
        "instrument": None,
        "date": None,
        "optional_clauses": {},
    }


def test_build_records_is_deterministic_and_matches_build_record(app):
    with app.app_context():
        captured_participant(1)
        captured_participant(2)
        participants = list(db.session.execute(db.select(Participant)).scalars())
        single = [build_record(p) for p in participants]
        db.session.expunge_all()
        many = build_records(list(reversed(participants)))
    assert many == list(reversed(single))
    assert [record_hash(r) for r in many] == [record_hash(r) for r in reversed(single)]


def count_statements(app, work) -> int:
    """How many SQL statements ``work()`` sends to the database."""
    seen = []

    def listener(*args) -> None:
        seen.append(args[2])

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        work()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return len(seen)


def test_build_records_queries_do_not_grow_with_participants(app):
    def statements() -> int:
        participants = list(db.session.execute(db.select(Participant)).scalars())
        db.session.expunge_all()
        return count_statements(app, lambda: build_records(participants))

    with app.app_context():
        captured_participant(1)
        one = statements()
        for number in (2, 3, 4):
            captured_participant(number)
        # One more for transcripts and one for their turns (none here: the second finds nothing).
        assert statements() == one <= 10
