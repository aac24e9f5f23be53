"""A transcript written out as WebVTT or as typed text, and the command line's copy registered.

The text form is the one the plain-text reader reads (`[h:mm:ss.t] I: words`), and the VTT form
carries the study's speaker labels as voices, so an exported transcript imports again unchanged.
A file written by the command line holds the participant's words: it is registered like the other
command-line exports, so an erasure lists it (or deletes it, inside the instance folder).
"""

from __future__ import annotations

from pathlib import Path

from interview.extensions import db
from interview.file_modes import private_file
from interview.models import COPY_CLI, Participant
from interview.record.timeline import vtt_time
from interview.register.copies import register_copy
from interview.transcripts.store import Turn, speaker_labels, transcript_of, turns_of

EXPORT_FORMATS = ("vtt", "txt")
# A cue lasts as long as its words take to say (slowly), or until the next turn starts.
LAST_CUE_MS = 2000
MS_PER_WORD = 600


def vtt_text(turns: list[Turn]) -> str:
    """The turns as WebVTT cues with voices."""
    labels = speaker_labels()
    lines = ["WEBVTT", ""]
    times = [turn.start_ms for turn in turns]
    for index, turn in enumerate(turns):
        start = turn.start_ms if turn.start_ms is not None else previous_time(times, index)
        following = next((t for t in times[index + 1 :] if t is not None), None)
        words = " ".join(turn.text.replace("-->", "->").split())
        # Until the next turn, but no longer than the words take to say: a silence is no speech.
        end = start + LAST_CUE_MS + MS_PER_WORD * len(words.split())
        if following is not None and start < following < end:
            end = following
        lines += [
            str(index + 1),
            f"{vtt_time(start)} --> {vtt_time(end)}",
            f"<v {labels[turn.speaker]}>{escape(words)}",
            "",
        ]
    return "\n".join(lines)


def previous_time(times: list[int | None], index: int) -> int:
    """The last known time before ``index`` (0 when none is)."""
    return next((t for t in reversed(times[:index]) if t is not None), 0)


def escape(text: str) -> str:
    """Cue text with WebVTT's three special characters escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def txt_text(turns: list[Turn]) -> str:
    """The turns as typed text: a `[h:mm:ss.mmm] I:` line before each turn's words."""
    labels = speaker_labels()
    blocks = []
    for turn in turns:
        mark = "" if turn.start_ms is None else f"[{marker(turn.start_ms)}] "
        blocks.append(f"{mark}{labels[turn.speaker]}: {turn.text}")
    return "\n\n".join(blocks) + "\n"


def marker(ms: int) -> str:
    """h:mm:ss.mmm."""
    seconds, millis = divmod(ms, 1000)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.{millis:03d}"


def export_text(participant: Participant, fmt: str) -> str:
    """The participant's transcript in ``fmt`` (vtt or txt); ValueError without a transcript."""
    transcript = transcript_of(participant)
    if transcript is None or not transcript.turns:
        raise ValueError(f"{participant.code} has no transcript.")
    turns = turns_of(transcript)
    return vtt_text(turns) if fmt == "vtt" else txt_text(turns)


def write_cli_export(participant: Participant, fmt: str, path: Path, created_by: str) -> Path:
    """Write the transcript to ``path`` and register the copy (an erasure will list it)."""
    text = export_text(participant, fmt)
    path = path.resolve()
    register_copy(COPY_CLI, str(path), [participant.code], created_by=created_by)
    # Registered before it exists: a crash leaves a listed copy, never an unlisted one.
    db.session.commit()
    path.write_text(text, encoding="utf-8")
    private_file(path)
    return path
