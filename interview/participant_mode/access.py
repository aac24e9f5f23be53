"""Participant mode: the contract between the hand-over lock and the participant-facing pages.

While a login is handed to a participant, its row in `logins` (column `handover`) holds
`{"code": "P01", "tasks": ["consent", "questionnaire"], "user_id": 3, "done": [], "language": "sl"}`:
the participant whose pages are open, what they were asked to do (in order), the interviewer who
handed the tablet over, the tasks the participant finished or declined in this hand-over, and the
language of the participant's pages (interview/languages.py reads it; the interviewer's own
language comes back with the tablet).
The lock is kept on the server, not in the cookie: every copy of the login's session cookie, even
one taken before the hand-over, is locked until the interviewer's password unlocks it.
Only views marked with `@participant_facing` answer then, and only for that participant's code;
every other route answers 403. The lock itself (a before_request hook) lives in lock.py beside this.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import session

from interview.audit import record_event
from interview.extensions import db
from interview.models import Login, Participant, User
from interview.security import current_login

# Tasks still to do once the interviewer has countersigned (the tablet then goes back). Kept in
# the cookie: it only ever hands the tablet back, so an old copy of it can open nothing.
RESUME_KEY = "participant_mode_resume"


def participant_facing(view: Callable) -> Callable:
    """Mark a view as usable by the participant while the tablet is handed over."""
    view.participant_facing = True  # type: ignore[attr-defined]
    return view


def participant_mode() -> dict[str, Any] | None:
    """The current hand-over state, or None when the interviewer holds the tablet (or nobody is
    logged in, or outside a request)."""
    login = current_login()
    return login.handover if login is not None else None


def in_participant_mode() -> bool:
    """Whether this login is locked to a participant."""
    return participant_mode() is not None


def _this_login() -> Login:
    """The login to lock or unlock; a hand-over needs one (every logged-in request has one)."""
    login = current_login()
    if login is None:
        raise RuntimeError("participant mode needs a logged-in session")
    return login


def enter_participant_mode(
    participant: Participant, tasks: list[str], user: User, language: str | None = None
) -> list[str]:
    """Lock this login to one participant's pages for these tasks (in `language`, if given),
    audited; returns the tasks."""
    session.pop(RESUME_KEY, None)
    login = _this_login()
    state = {"code": participant.code, "tasks": tasks, "user_id": user.id, "done": []}
    login.handover = {**state, "language": language} if language else state
    # The consent pages hand the tablet back too: every hand-over is audited here.
    record_event("handover", participant, detail=",".join(tasks))
    db.session.commit()
    return tasks


def leave_participant_mode() -> dict[str, Any] | None:
    """Unlock this login (the caller has checked the password); returns the state it had."""
    login = _this_login()
    mode, login.handover = login.handover, None
    db.session.commit()
    return mode


def complete_task(task: str) -> None:
    """Note that the participant finished (or declined) a task in this hand-over."""
    mode = participant_mode()
    if mode is not None and task not in mode.get("done", []):
        # Reassigned, not mutated: the JSON column only saves values it sees set.
        _this_login().handover = {**mode, "done": [*mode.get("done", []), task]}
        db.session.commit()


def remember_resume(code: str, tasks: list[str], user_id: int, language: str | None = None) -> None:
    """Keep tasks to hand back (in the participant's language) after the countersignature."""
    session[RESUME_KEY] = {"code": code, "tasks": tasks, "user_id": user_id, "language": language}


def take_resume(code: str) -> dict[str, Any] | None:
    """The kept tasks for this participant (and forget them), or None."""
    resume = session.pop(RESUME_KEY, None)
    return resume if resume and resume.get("code") == code else None


def resume_waiting(code: str) -> bool:
    """Whether tasks wait to be handed back to this participant after the countersignature."""
    return (session.get(RESUME_KEY) or {}).get("code") == code
