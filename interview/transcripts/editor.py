"""The transcription page: what it shows, and the checked requests its script sends.

The page holds the recording's player and question markers (the listening page's, reused) beside
the turns; static/js/transcribe.js saves each change as one small JSON request, in order, through
the store's one-turn services.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import gettext as _

from interview.inputs import MAX_INT, BadInput
from interview.models import SPEAKERS, Participant, Transcript, User
from interview.record.timeline import clock
from interview.recording.listening import listening_context
from interview.transcripts.store import (
    delete_turn,
    insert_turn,
    save_turn,
    speaker_labels,
    transcript_of,
    turns_of,
)

# Longer than any one turn of speech (an hour of monologue is ~60 000 characters), shorter than
# what the fuzz tests send as too long.
MAX_TURN_LENGTH = 100_000
MAX_POSITION = 100_000
# Two days, in milliseconds: no interview recording is longer.
MAX_START_MS = 48 * 3600 * 1000

ACTIONS = ("save", "insert", "delete")


@dataclass(frozen=True)
class TurnRequest:
    """One change the script asks for: which turn, from which version, and the turn's new value."""

    position: int
    version: int
    speaker: str = ""
    start_ms: int | None = None
    text: str = ""


def whole_number(value: Any, maximum: int) -> bool:
    """Whether a JSON value is a whole number from 0 to ``maximum`` (true and 1.0 are not)."""
    return type(value) is int and 0 <= value <= maximum


def parse_turn_request(payload: Any, action: str) -> TurnRequest:
    """The request's position, version and (but for a delete) turn; BadInput for anything else."""
    if not isinstance(payload, dict):
        raise BadInput(_("Send a JSON object. Nothing was saved."))
    position, version = payload.get("position"), payload.get("version")
    if not whole_number(position, MAX_POSITION):
        raise BadInput(_("Say which turn this is (its position). Nothing was saved."))
    if not whole_number(version, MAX_INT):
        raise BadInput(_("The version must be a whole number. Nothing was saved."))
    if action == "delete":
        return TurnRequest(position, version)
    speaker, start_ms, text = payload.get("speaker"), payload.get("start_ms"), payload.get("text")
    if speaker not in SPEAKERS:
        raise BadInput(_("Choose who speaks in this turn. Nothing was saved."))
    if start_ms is not None and not whole_number(start_ms, MAX_START_MS):
        raise BadInput(_("The turn's time must be a time in the recording. Nothing was saved."))
    if not isinstance(text, str):
        raise BadInput(_("The turn's text must be text. Nothing was saved."))
    if len(text) > MAX_TURN_LENGTH:
        raise BadInput(
            _(
                "This turn is longer than %(max)d characters: split it into two. Nothing was saved.",
                max=MAX_TURN_LENGTH,
            )
        )
    return TurnRequest(position, version, speaker, start_ms, text)


def change_turn(participant: Participant, action: str, turn: TurnRequest, by: User) -> Transcript:
    """Save, insert or delete one turn as the script asked (the store checks the version)."""
    if action == "delete":
        return delete_turn(participant, turn.position, by=by, expected_version=turn.version)
    change = save_turn if action == "save" else insert_turn
    return change(
        participant,
        turn.position,
        speaker=turn.speaker,
        start_ms=turn.start_ms,
        text=turn.text,
        by=by,
        expected_version=turn.version,
    )


def editor_context(participant: Participant) -> dict[str, Any]:
    """Everything the transcription page shows: turns, speakers, the player and its markers."""
    transcript = transcript_of(participant)
    turns = [{**turn.as_json(), "clock": clock(turn.start_ms)} for turn in turns_of(transcript)]
    player = listening_context(participant) if participant.interview else {}
    return {
        "participant": participant,
        "version": transcript.version if transcript else 0,
        "turns": turns,
        "labels": speaker_labels(),
        "summary": player.get("summary"),
        "files": player.get("files", []),
        "urls": {
            action: url_for(f"transcripts.{action}", code=participant.code) for action in ACTIONS
        },
        "words": editor_words(),
    }


def editor_words() -> dict[str, str]:
    """Everything transcribe.js says, in the interface language (%s: a number or a time)."""
    return {
        "saving": _("Saving…"),
        "saved": _("Saved %s"),
        "waiting": _("%s changes waiting to be sent (no connection)"),
        "refused": _("A change was not saved: see “Not saved” below."),
        "login": _("Not saved: log in again in another tab, then reload this page."),
        "bad-time": _("Write the time as h:mm:ss, e.g. 0:12:34.5"),
        "confirm-delete": _("Delete this turn and its text?"),
        "dismiss": _("Dismiss"),
        "turn": _("Turn %s"),
    }
