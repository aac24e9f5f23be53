"""Helpers for the redaction tests: a predictable stand-in for the suggestion detector, and reads
of the redaction tables."""

from __future__ import annotations

import re

from interview.extensions import db
from interview.models import AuditEvent, RedactionDecision, RedactionTerm
from interview.redaction import review
from interview.redaction.suggestions import REASON_CAPITALISED, Suggestion

CAPITALISED = re.compile(r"\b[A-ZČŠŽ]\w+")


def capitalised_words(text: str) -> list[Suggestion]:
    """Every capitalised word not at a sentence's start, suggested as a person."""
    found = []
    for match in CAPITALISED.finditer(text):
        before = text[: match.start()].rstrip()
        if before and before[-1] not in ".!?":
            found.append(
                Suggestion(match.start(), match.end(), match.group(), "person", REASON_CAPITALISED)
            )
    return found


def use_fake_suggestions(monkeypatch) -> None:
    """Suggest capitalised words (the real detector may suggest more, or other kinds)."""
    monkeypatch.setattr(review, "suggest", capitalised_words)


def terms_of(participant_id: int | None) -> list[tuple[str, str]]:
    """(text, kind) of a list's terms, oldest first."""
    condition = (
        RedactionTerm.participant_id.is_(None)
        if participant_id is None
        else RedactionTerm.participant_id == participant_id
    )
    rows = db.session.scalars(db.select(RedactionTerm).where(condition).order_by(RedactionTerm.id))
    return [(row.text, row.kind) for row in rows]


def decisions_of(participant_id: int) -> dict[str, str]:
    """Folded term → decision."""
    rows = db.session.scalars(
        db.select(RedactionDecision).where(RedactionDecision.participant_id == participant_id)
    )
    return {row.folded: row.decision for row in rows}


def redaction_events() -> list[AuditEvent]:
    """The audit log's redaction events, oldest first."""
    statement = (
        db.select(AuditEvent)
        .where(AuditEvent.action.startswith("redaction_"))
        .order_by(AuditEvent.id)
    )
    return list(db.session.scalars(statement))
