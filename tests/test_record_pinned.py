"""The record and the CSVs are pinned byte for byte, so a restructuring cannot change them unseen.

Regenerate the golden files only for an intended change of format:
`INTERVIEW_REGENERATE_GOLDEN=1 make test PYTEST_ARGS=tests/test_record_pinned.py`.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from factories import captured_participant

from interview.export.formats.tidy import tidy_files
from interview.extensions import db
from interview.models import User
from interview.record.build import build_record
from interview.record.synthetic import make_record
from interview.transcripts.alignment import align, question_starts
from interview.transcripts.store import Turn, save_transcript

GOLDEN = Path(__file__).parent / "golden"
GENERATED_AT = datetime(2026, 12, 1, 9, 0, 0, tzinfo=UTC)


def pinned(name: str, actual: bytes) -> None:
    """Compare with the golden file (or write it when regeneration is asked for)."""
    path = GOLDEN / name
    if os.environ.get("INTERVIEW_REGENERATE_GOLDEN"):
        path.write_bytes(actual)
    assert path.read_bytes() == actual, f"{name} differs from tests/golden/{name}"


TURNS = [
    Turn("interviewer", 66_000, "How has therapy been for you so far?"),
    Turn("participant", 70_500, "Strange at first. Čudno, potem lažje 😀"),
    Turn("interviewer", None, "And then?", "adhoc-1", "hand"),
]


@pytest.fixture
def records(app) -> list[dict]:
    """A participant captured through the models (with a transcript), and two synthetic ones."""
    with app.test_request_context():
        participant = captured_participant(5)
        anna = db.session.execute(db.select(User).filter_by(username="anna")).scalar_one()
        aligned = align(TURNS, question_starts(build_record(participant)["interview"]), 0)
        save_transcript(participant, aligned, by=anna, reason="imported", source_format="vtt")
        captured = build_record(participant)
    synthetic = make_record(7, seed=2, changes=2, transcript_words=120)
    return [captured, make_record(6, seed=1), synthetic]


def test_record_json_is_byte_identical(records):
    text = json.dumps(records[0], ensure_ascii=False, indent=2) + "\n"
    pinned("record-P05.json", text.encode("utf-8"))


@pytest.mark.parametrize(
    "name",
    [
        "participants.csv",
        "changes.csv",
        "answers.csv",
        "transcript.csv",
        "codebook.txt",
        "README.txt",
    ],
)
def test_tidy_files_are_byte_identical(records, name):
    files = tidy_files(records, generated_at=GENERATED_AT)
    pinned(name, files[name])
