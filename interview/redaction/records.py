"""A participant's record with its free text redacted: what every research export is made from.

The record's free texts are the words a participant or interviewer typed or said: questionnaire
answers in words and "say which" texts, interview answers (and their paragraph segments),
ad-hoc questions, the interviewer's notes, change descriptions and transcript turns. Everything
else in a record is the instruments' wording, ids, codes, numbers and times. `text_slots` names
every free text once, in one fixed order (the order labels are numbered by); `record_texts`
reads them and `redact_record` rewrites them, so the two can never disagree.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from interview.instruments.item_types.registry import UNKNOWN, type_named
from interview.languages import translations_for
from interview.models import Participant
from interview.record.build import build_record, build_records
from interview.record.language import record_language
from interview.redaction.matching import Redactor
from interview.redaction.terms import participant_terms

Slot = tuple[dict[str, Any], str]


def item_slots(item: dict[str, Any], typed_only: bool = False) -> Iterator[Slot]:
    """A questionnaire item's free texts: its value when its type holds words (a type this
    version no longer knows may: its answers export as they are), the "say which" text and the
    answer in words."""
    kind = type_named(str(item.get("type") or ""))
    if kind.free_text or kind is UNKNOWN:
        yield item, "value"
    yield item, "other"
    if not typed_only:
        yield item, "display"


def question_slots(question: dict[str, Any], typed_only: bool = False) -> Iterator[Slot]:
    """A question's free texts: its wording when the interviewer made it up (ad hoc), the
    answer, each of its segments and the interviewer's note."""
    if question.get("kind") == "adhoc":
        yield question, "text"
    yield question, "answer"
    for segment in [] if typed_only else question.get("segments") or []:
        yield segment, "text"
    yield question, "interviewer_note"


def text_slots(record: dict[str, Any], typed_only: bool = False) -> Iterator[Slot]:
    """Every free text of the record as (the dict holding it, its key), in record order; only
    keys that hold a non-empty string. `typed_only` leaves out the texts made from others
    (answers in words, segments)."""
    slots: list[Iterable[Slot]] = []
    for item in (record.get("questionnaire") or {}).get("items") or []:
        slots.append(item_slots(item, typed_only))
    interview = record.get("interview") or {}
    for section in interview.get("sections") or []:
        for question in section.get("questions") or []:
            slots.append(question_slots(question, typed_only))
    slots.append((change, "description") for change in interview.get("changes") or [])
    slots.append((turn, "text") for turn in (record.get("transcript") or {}).get("turns") or [])
    for group in slots:
        for holder, key in group:
            if isinstance(holder.get(key), str) and holder[key]:
                yield holder, key


def record_texts(record: dict[str, Any]) -> list[str]:
    """Every free text of the record a participant or interviewer typed or said, in a fixed
    order (the order labels are numbered by)."""
    return [holder[key] for holder, key in text_slots(record)]


def typed_texts(record: dict[str, Any]) -> list[str]:
    """The free texts as people typed or said them, once each: what suggestions are sought in.
    Left out are the questionnaire's answers in words (the instrument's labels, with the "say
    which" text already read on its own) and the answers' segments (the answer, cut up)."""
    return [holder[key] for holder, key in text_slots(record, typed_only=True)]


def redactor_for(participant: Participant, record: dict[str, Any]) -> Redactor:
    """The participant's redactor, its labels numbered over the record's texts and written in
    the record's language."""
    gettext = translations_for(record_language(record)).gettext
    return Redactor(participant_terms(participant), record_texts(record), gettext)


def redact_record(record: dict[str, Any], redactor: Redactor) -> dict[str, Any]:
    """A copy of the record with every free text redacted (the original is left untouched)."""
    redacted = copy.deepcopy(record)
    if not redactor.terms:
        return redacted
    for holder, key in list(text_slots(redacted)):
        holder[key] = redactor.redact_text(holder[key])
    return redacted


def research_record(participant: Participant) -> dict[str, Any]:
    """The participant's record as research exports carry it: every free text redacted."""
    record = build_record(participant)
    return redact_record(record, redactor_for(participant, record))


def redacted_records(participants: Sequence[Participant]) -> list[tuple[dict[str, Any], Redactor]]:
    """(research record, the redactor that made it) of each participant, in the given order
    (each table read once): the redactor then redacts their coding document with the same
    labels."""
    pairs = []
    for participant, record in zip(participants, build_records(participants), strict=True):
        redactor = redactor_for(participant, record)
        pairs.append((redact_record(record, redactor), redactor))
    return pairs


def research_records(participants: Sequence[Participant]) -> list[dict[str, Any]]:
    """Many participants' research records, in the given order (each table read once)."""
    return [record for record, _redactor in redacted_records(participants)]
