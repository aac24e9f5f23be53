"""Participant mode: the contract between the hand-over lock and the participant-facing pages.

While a browser session is handed to a participant, `session["participant_mode"]` holds
`{"code": "P01", "tasks": ["consent", "questionnaire"], "user_id": 3}`: the participant whose pages
are open, what they were asked to do (in order), and the interviewer who handed the tablet over.
Only views marked with `@participant_facing` answer then, and only for that participant's code;
every other route answers 403. The lock itself (a before_request hook) lives in this package.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import session

PARTICIPANT_MODE_KEY = "participant_mode"


def participant_facing(view: Callable) -> Callable:
    """Mark a view as usable by the participant while the tablet is handed over."""
    view.participant_facing = True  # type: ignore[attr-defined]
    return view


def participant_mode() -> dict[str, Any] | None:
    """The current hand-over state, or None when the interviewer holds the tablet."""
    return session.get(PARTICIPANT_MODE_KEY)


def in_participant_mode() -> bool:
    """Whether the session is locked to a participant."""
    return participant_mode() is not None
