"""A participant's record with its free text redacted: what every research export is made from.

CONTRACT STUB: the outputs' work fills this in (which texts, in which order, and the offsets).
"""

from __future__ import annotations

from typing import Any

from interview.models import Participant
from interview.redaction.matching import Redactor
from interview.redaction.terms import participant_terms


def record_texts(record: dict[str, Any]) -> list[str]:
    """Every free text of the record a participant or interviewer typed or said, in a fixed
    order (the order labels are numbered by)."""
    texts: list[str] = []
    for section in (record.get("interview") or {}).get("sections") or []:
        for question in section.get("questions") or []:
            if question.get("answer"):
                texts.append(question["answer"])
    return texts


def redactor_for(participant: Participant, record: dict[str, Any]) -> Redactor:
    """The participant's redactor, its labels numbered over the record's texts."""
    return Redactor(participant_terms(participant), record_texts(record))


def redact_record(record: dict[str, Any], redactor: Redactor) -> dict[str, Any]:
    """A copy of the record with every free text redacted (the original is left untouched)."""
    return record
