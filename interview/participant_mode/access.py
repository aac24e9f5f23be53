"""Participant mode: the contract between the hand-over lock and the participant-facing pages.

While a browser session is handed to a participant, `session["participant_mode"]` holds
`{"code": "P01", "tasks": ["consent", "questionnaire"], "user_id": 3, "done": []}`: the participant
whose pages are open, what they were asked to do (in order), the interviewer who handed the tablet
over, and the tasks the participant finished or declined in this hand-over.
Only views marked with `@participant_facing` answer then, and only for that participant's code;
every other route answers 403. The lock itself (a before_request hook) lives in lock.py beside this.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import has_request_context, session

from interview.audit import record_event
from interview.extensions import db
from interview.models import Participant

PARTICIPANT_MODE_KEY = "participant_mode"
# Tasks still to do once the interviewer has countersigned (the tablet then goes back).
RESUME_KEY = "participant_mode_resume"


def participant_facing(view: Callable) -> Callable:
    """Mark a view as usable by the participant while the tablet is handed over."""
    view.participant_facing = True  # type: ignore[attr-defined]
    return view


def participant_mode() -> dict[str, Any] | None:
    """The current hand-over state, or None when the interviewer holds the tablet."""
    return session.get(PARTICIPANT_MODE_KEY)


def in_participant_mode() -> bool:
    """Whether the session is locked to a participant (False outside a request)."""
    return has_request_context() and participant_mode() is not None


def enter_participant_mode(code: str, tasks: list[str], user_id: int) -> None:
    """Lock the session to one participant's pages for these tasks."""
    session.pop(RESUME_KEY, None)
    session[PARTICIPANT_MODE_KEY] = {"code": code, "tasks": tasks, "user_id": user_id, "done": []}


def leave_participant_mode() -> dict[str, Any] | None:
    """Unlock the session; returns the state it had."""
    return session.pop(PARTICIPANT_MODE_KEY, None)


def complete_task(task: str) -> None:
    """Note that the participant finished (or declined) a task in this hand-over."""
    mode = participant_mode()
    if mode is not None and task not in mode.get("done", []):
        # Reassigned, not mutated: the session only saves values it sees set.
        session[PARTICIPANT_MODE_KEY] = {**mode, "done": [*mode.get("done", []), task]}


def remember_resume(code: str, tasks: list[str], user_id: int) -> None:
    """Keep tasks to hand back for after the interviewer's countersignature."""
    session[RESUME_KEY] = {"code": code, "tasks": tasks, "user_id": user_id}


def take_resume(code: str) -> dict[str, Any] | None:
    """The kept tasks for this participant (and forget them), or None."""
    resume = session.pop(RESUME_KEY, None)
    return resume if resume and resume.get("code") == code else None


def resume_waiting(code: str) -> bool:
    """Whether tasks wait to be handed back to this participant after the countersignature."""
    return (session.get(RESUME_KEY) or {}).get("code") == code


def record_handover(participant: Participant, tasks: list[str]) -> list[str]:
    """Audit the hand-over (the consent pages hand the tablet back too); return the tasks."""
    record_event("handover", participant, detail=",".join(tasks))
    db.session.commit()
    return tasks
