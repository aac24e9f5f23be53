"""Importing a transcript file: the preview (parse and align, nothing saved) and the import.

The file is read in memory and never kept. The preview shows every turn with the speaker role
its label maps to, its time and the question it lands under, for the offset chosen; the import
does the same and saves it in one transaction (reason "imported", or "reimported" over an
earlier transcript), carrying the codings of the transcript's coding snapshot over to the new
text or refusing with the list of passages that would be lost (interview/coding/carry.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from flask_babel import gettext as _

from interview.audit import record_event
from interview.coding.carry import CarryPlan, LostPassage, apply_carry_over, plan_carry_over
from interview.coding.document import document_of_transcript
from interview.extensions import db
from interview.models import (
    SPEAKER_INTERVIEWER,
    SPEAKER_PARTICIPANT,
    SPEAKERS,
    Participant,
    Transcript,
    User,
)
from interview.record.build import build_record
from interview.record.timeline import clock
from interview.record.transcript import reference_clock, speaker_labels, transcript_entry
from interview.transcripts.alignment import align, interview_questions, question_starts
from interview.transcripts.formats.reader import ReadFile
from interview.transcripts.store import (
    REASON_IMPORTED,
    REASON_REIMPORTED,
    TranscriptError,
    Turn,
    save_transcript,
    transcript_of,
)

# The offset a preview accepts: a day either way is more than any interview and its recording.
MAX_OFFSET_MS = 24 * 3600 * 1000
NO_LABEL = ""


class ImportBlocked(TranscriptError):
    """The import would lose coded passages; ``lost`` lists them and nothing was saved."""

    def __init__(self, lost: list[LostPassage]) -> None:
        super().__init__(
            _(
                "Importing this file would lose %(n)d coded passages whose words changed; nothing "
                "was saved.",
                n=len(lost),
            )
        )
        self.lost = lost


@dataclass(frozen=True)
class SpeakerChoice:
    """A label found in the file, how many turns carry it, and the role it is mapped to."""

    label: str
    turns: int
    role: str


@dataclass(frozen=True)
class PreviewTurn:
    """One turn as the preview shows it."""

    number: int
    label: str
    speaker: str
    start_ms: int | None
    start: str
    text: str
    question_id: str | None
    question: str


@dataclass
class Preview:
    """What an import would save, and what it would do to the codings."""

    format: str
    offset_ms: int
    clock: str
    speakers: list[SpeakerChoice]
    turns: list[PreviewTurn]
    replaces: bool
    lost: list[LostPassage] = field(default_factory=list)
    carried: int = 0

    @property
    def placed(self) -> int:
        """How many turns landed under a question."""
        return sum(1 for turn in self.turns if turn.question_id is not None)


def label_counts(read: ReadFile) -> Counter[str]:
    """Each speaker label of the file (NO_LABEL for turns without one) with its turn count."""
    return Counter(turn.label or NO_LABEL for turn in read.turns)


def guessed_role(label: str, first: str | None) -> str:
    """The role a label most likely is: the study's own labels, else the first voice interviews."""
    configured = {text.casefold(): role for role, text in speaker_labels().items()}
    words = {role.casefold(): role for role in SPEAKERS} | configured
    if label.casefold() in words:
        return words[label.casefold()]
    return SPEAKER_INTERVIEWER if label == first and label != NO_LABEL else SPEAKER_PARTICIPANT


def speaker_choices(read: ReadFile, chosen: dict[str, str] | None = None) -> list[SpeakerChoice]:
    """The labels in order of first appearance, each with the chosen role or a guessed one."""
    counts = label_counts(read)
    first = next(iter(counts), None)
    chosen = chosen or {}
    result = []
    for label, number in counts.items():
        role = chosen.get(label)
        if role not in SPEAKERS:
            role = guessed_role(label, first)
        result.append(SpeakerChoice(label, number, role))
    return result


def chosen_roles(read: ReadFile, roles: list[str]) -> dict[str, str]:
    """The preview form's roles (one per label, in the order the labels first appear) by label."""
    return dict(zip(label_counts(read), roles, strict=False))


def check_offset(offset_ms: int) -> int:
    """The offset, or TranscriptError when it is beyond any interview."""
    if abs(offset_ms) > MAX_OFFSET_MS:
        raise TranscriptError(_("The offset is more than a day; check its value."))
    return offset_ms


def planned_turns(
    participant: Participant, read: ReadFile, speakers: list[SpeakerChoice], offset_ms: int
) -> tuple[dict, list[Turn]]:
    """The participant's record and the file's turns with roles and questions set."""
    roles = {choice.label: choice.role for choice in speakers}
    turns = [Turn(roles[turn.label or NO_LABEL], turn.start_ms, turn.text) for turn in read.turns]
    record = build_record(participant)
    return record, align(turns, question_starts(record["interview"]), offset_ms)


def carry_plan(
    participant: Participant, record: dict, turns: list[Turn], source_format: str, offset_ms: int
) -> CarryPlan:
    """What saving these turns would do to the codings of the transcript snapshot."""
    entry = transcript_entry(
        [turn.as_json() for turn in turns],
        version=0,
        source_format=source_format,
        offset_ms=offset_ms,
        clock_name=reference_clock(record["interview"]),
    )
    return plan_carry_over(participant, document_of_transcript({**record, "transcript": entry}))


def save_carrying_codings(
    participant: Participant,
    record: dict,
    turns: list[Turn],
    *,
    by: User,
    reason: str,
    source_format: str,
    offset_ms: int,
) -> Transcript:
    """Save the turns and move the codings with them in one transaction, or ImportBlocked."""
    plan = carry_plan(participant, record, turns, source_format, offset_ms)
    if plan.lost:
        raise ImportBlocked(plan.lost)
    try:
        apply_carry_over(plan)
        # Ids and counts only: the audit log never holds what was said.
        record_event(
            f"transcript_{reason}",
            participant,
            detail=f"{source_format}, {len(turns)} turns, {len(plan.moves)} codings carried",
            user=by,
        )
        return save_transcript(
            participant,
            turns,
            by=by,
            reason=reason,
            source_format=source_format,
            offset_ms=offset_ms,
        )
    except Exception:
        db.session.rollback()
        raise


def preview_transcript(
    participant: Participant,
    read: ReadFile,
    *,
    speakers: dict[str, str] | None = None,
    offset_ms: int = 0,
) -> Preview:
    """What importing the file would save, without saving anything."""
    choices = speaker_choices(read, speakers)
    record, turns = planned_turns(participant, read, choices, check_offset(offset_ms))
    plan = carry_plan(participant, record, turns, read.format, offset_ms)
    labels = dict(interview_questions(record["interview"]))
    shown = speaker_labels()
    rows = [
        PreviewTurn(
            number,
            raw.label or NO_LABEL,
            shown[turn.speaker],
            turn.start_ms,
            clock(turn.start_ms),
            turn.text,
            turn.question_id,
            labels.get(turn.question_id, ""),
        )
        for number, (raw, turn) in enumerate(zip(read.turns, turns, strict=True), start=1)
    ]
    return Preview(
        format=read.format,
        offset_ms=offset_ms,
        clock=reference_clock(record["interview"]),
        speakers=choices,
        turns=rows,
        replaces=transcript_of(participant) is not None,
        lost=plan.lost,
        carried=len(plan.moves),
    )


def import_transcript(
    participant: Participant,
    read: ReadFile,
    *,
    by: User,
    speakers: dict[str, str] | None = None,
    offset_ms: int = 0,
) -> Transcript:
    """Save the file's turns as the participant's transcript, codings carried over, or refuse."""
    choices = speaker_choices(read, speakers)
    record, turns = planned_turns(participant, read, choices, check_offset(offset_ms))
    existing = transcript_of(participant)
    reason = REASON_REIMPORTED if existing is not None and existing.version else REASON_IMPORTED
    return save_carrying_codings(
        participant,
        record,
        turns,
        by=by,
        reason=reason,
        source_format=read.format,
        offset_ms=offset_ms,
    )
