"""The interview's life: the consent gate, start, finish, reopen, and the history of events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from interview.audit import record_event
from interview.consent.services import consent_allows_research
from interview.extensions import db
from interview.instruments.model import InterviewProtocol
from interview.instruments.snapshots import current_instruments, instrument_for, remember
from interview.models import (
    INTERVIEW_COMPLETE,
    INTERVIEW_IN_PROGRESS,
    Answer,
    Interview,
    InterviewEvent,
    Participant,
    User,
)
from interview.models.base import utcnow
from interview.record.timecodes import hms, offset_seconds


class InterviewError(Exception):
    """An action the interview's state does not allow; the message is shown to the user."""


def start_interview(participant: Participant, user: User) -> Interview:
    """Start the interview under the current protocol (idempotent: a started one is returned)."""
    if participant.interview is not None:
        return participant.interview
    if not consent_allows_research(participant):
        raise InterviewError(_("The interview can start only after the consent is signed."))
    protocol = current_instruments().interview
    remember(protocol)
    interview = Interview(
        participant=participant,
        instrument_id=protocol.id,
        instrument_version=protocol.version,
        instrument_sha256=protocol.sha256,
        language=protocol.language,
        started_by_id=user.id,
    )
    # Every protocol question gets its row now, so a save only ever updates an existing row.
    interview.answers = [
        Answer(section_id=section.id, question_id=question.id)
        for section in protocol.sections
        for question in section.questions
    ]
    db.session.add(interview)
    db.session.flush()
    add_event(interview, "start", user, {"instrument": protocol.ref()})
    record_event("interview_start", participant)
    db.session.commit()
    return interview


def require_interview(participant: Participant) -> Interview:
    """The participant's interview; refuses when it has not been started."""
    if participant.interview is None:
        raise InterviewError(_("The interview has not been started yet."))
    return participant.interview


def ensure_open(interview: Interview) -> None:
    """Refuse edits to a finished interview until it is reopened."""
    if interview.status == INTERVIEW_COMPLETE:
        raise InterviewError(_("The interview is finished. Reopen it to make amendments."))


def finish_interview(interview: Interview, user: User) -> None:
    """Record the end; the first finish fixes the end time, later ones close an amendment."""
    ensure_open(interview)
    now = utcnow()
    amended = interview.finished_at is not None
    if not amended:
        interview.finished_at = now
    interview.status = INTERVIEW_COMPLETE
    add_event(interview, "finish", user, {"amendment": amended, "at": now.isoformat()})
    record_event("interview_finish", interview.participant)
    db.session.commit()


def reopen_interview(interview: Interview, user: User) -> None:
    """Reopen a finished interview to amend it (the amendment is kept in the history)."""
    if interview.status != INTERVIEW_COMPLETE:
        raise InterviewError(_("The interview is not finished."))
    interview.status = INTERVIEW_IN_PROGRESS
    add_event(interview, "reopen", user)
    record_event("interview_reopen", interview.participant)
    db.session.commit()


def add_event(
    interview: Interview, action: str, user: User | None, data: dict[str, Any] | None = None
) -> InterviewEvent:
    """Append an event to the interview's history (the caller commits)."""
    event = InterviewEvent(
        interview_id=interview.id, action=action, data=data, user_id=user.id if user else None
    )
    db.session.add(event)
    return event


def interview_events(interview: Interview) -> list[InterviewEvent]:
    """The interview's history, oldest first."""
    return list(
        db.session.execute(
            db.select(InterviewEvent)
            .where(InterviewEvent.interview_id == interview.id)
            .order_by(InterviewEvent.id)
        ).scalars()
    )


def protocol_for(interview: Interview) -> InterviewProtocol:
    """The protocol the interview was captured with, even after the file has changed."""
    return instrument_for(interview.instrument_sha256, interview.language)


def format_offset(start: datetime, moment: datetime | None) -> str:
    """An offset as h:mm:ss for finding the place in the audio recording ('' when unknown)."""
    return hms(offset_seconds(start, moment))


def duration(interview: Interview) -> str:
    """The interview's length as h:mm:ss, once it has been finished."""
    return format_offset(interview.started_at, interview.finished_at)
