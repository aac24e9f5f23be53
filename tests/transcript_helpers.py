"""Helpers for the transcript tests: the fixture files, a timed interview, reading in a request."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from factories import START, captured_participant

from interview.extensions import db
from interview.models import Participant, RecordingSegment, User
from interview.transcripts.formats.reader import ReadFile, read_transcript

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"

# When each question of P05 was first opened, in seconds from the interview's start.
OPENED = {
    "current-medication": 10,
    "how-therapy-felt": 65,
    "adhoc-1": 420,
    "changes-noticed": 600,
    "changes-worse": 900,
    "anything-else": 3590,
}
# P05's recording (when asked for) starts 30 s into the interview and runs for 70 minutes.
RECORDING_STARTS_S = 30


def fixture_bytes(name: str) -> bytes:
    """A fixture file's bytes."""
    return (FIXTURES / name).read_bytes()


def read_fixture(name: str, chosen: str | None = None) -> ReadFile:
    """Read a fixture file as the import does (call inside an app context)."""
    return read_transcript(name, fixture_bytes(name), chosen)


def timed_participant(*, recorded: bool = False) -> Participant:
    """P05 with the questions of OPENED opened at those times (and a recording, if asked)."""
    participant = captured_participant(5, commit=False)
    for answer in participant.interview.answers:
        if answer.question_id in OPENED:
            answer.first_opened_at = START + timedelta(seconds=OPENED[answer.question_id])
    if recorded:
        participant.interview.recording_segments.append(
            RecordingSegment(
                client_id="11111111-2222-3333-4444-555555555555",
                number=1,
                mime_type="audio/webm;codecs=opus",
                started_at=START + timedelta(seconds=RECORDING_STARTS_S),
                ended_by="stop",
                duration_ms=70 * 60 * 1000,
                file_size=1000,
                sha256="0" * 64,
            )
        )
    db.session.commit()
    return participant


def user(name: str = "anna") -> User:
    """One of the test accounts."""
    return db.session.execute(db.select(User).filter_by(username=name)).scalar_one()
