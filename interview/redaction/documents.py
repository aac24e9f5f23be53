"""Coding documents as research exports show them: the whole text redacted, passages mapped.

A coded passage's quote is cut from the redacted document, never redacted on its own: a passage
that cuts a name in two would otherwise leak the half it holds. Its offsets go through
`Redacted.position`, so a start inside a name moves to its label's start and an end inside one to
the label's end: the quote then holds the whole label and none of the name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from interview.extensions import db
from interview.models import Participant
from interview.record.build import build_records
from interview.redaction.matching import Redacted, Redactor
from interview.redaction.records import redactor_for


@dataclass(frozen=True)
class RedactedDocument:
    """A document's redacted text and the map from the original's offsets onto it."""

    redacted: Redacted

    @property
    def text(self) -> str:
        """The redacted text."""
        return self.redacted.text

    def span(self, start: int, end: int) -> tuple[int, int]:
        """An original [start, end) in the redacted text, whole labels included."""
        return self.redacted.position(start), self.redacted.position(end, end=True)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """A [start, end) of the redacted text in the original, whole terms included."""
        return self.redacted.original(start), self.redacted.original(end, end=True)

    def quote(self, start: int, end: int) -> str:
        """The redacted words of an original passage."""
        new_start, new_end = self.span(start, end)
        return self.text[new_start:new_end]

    def headings(
        self, headings: Iterable[Mapping[str, Any]], redactor: Redactor
    ) -> list[dict[str, Any]]:
        """The document's headings on the redacted text: offsets mapped, words redacted (an
        ad-hoc question heads its passage in the interviewer's own words)."""
        return [
            {
                **heading,
                "offset": self.redacted.position(int(heading["offset"])),
                "text": redactor.redact_text(heading["text"]),
            }
            for heading in headings
        ]


def redact_document(text: str, redactor: Redactor) -> RedactedDocument:
    """The document's text redacted with its participant's redactor."""
    return RedactedDocument(redactor.redact(text))


def redacted_documents(texts: Mapping[str, str]) -> dict[str, RedactedDocument]:
    """Participant code -> that participant's document text redacted, labels numbered over
    their record (as the record's own exports number them)."""
    if not texts:
        return {}
    participants = list(
        db.session.scalars(
            db.select(Participant)
            .where(Participant.code.in_(list(texts)))
            .order_by(Participant.number)
        )
    )
    records = build_records(participants)
    return {
        participant.code: redact_document(
            texts[participant.code], redactor_for(participant, record)
        )
        for participant, record in zip(participants, records, strict=True)
    }
