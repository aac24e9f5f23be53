"""A participant's redaction list as the engine reads it: their own terms, the study's, and the
name from their consent record (never stored on the list, never shown to analysts)."""

from __future__ import annotations

from interview.extensions import db
from interview.models import Consent, Participant, RedactionTerm
from interview.redaction.matching import Term

CONSENT_NAME_KEY = "consent-name"


def consent_name_terms(participant: Participant) -> list[Term]:
    """The participant's name from the consent record, whole and each part on its own, all one
    person (one label). Parts of one letter are left out: they would match too much."""
    name = db.session.scalar(
        db.select(Consent.participant_name).where(Consent.participant_id == participant.id)
    )
    if not name or not name.strip():
        return []
    whole = " ".join(name.split())
    parts = [whole, *(part for part in whole.replace("-", " ").split() if len(part) > 1)]
    unique = list(dict.fromkeys(parts))
    return [Term(text, "person", CONSENT_NAME_KEY, hidden=True) for text in unique]


def listed_terms(participant: Participant | None) -> list[RedactionTerm]:
    """The rows on a participant's own list (None: the study's list), oldest first."""
    condition = (
        RedactionTerm.participant_id.is_(None)
        if participant is None
        else RedactionTerm.participant_id == participant.id
    )
    return list(
        db.session.scalars(db.select(RedactionTerm).where(condition).order_by(RedactionTerm.id))
    )


def participant_terms(participant: Participant) -> list[Term]:
    """Everything to replace in this participant's texts: the consent name, their terms, the
    study's terms."""
    rows = [*listed_terms(participant), *listed_terms(None)]
    listed = [
        Term(row.text, row.kind, f"{'p' if row.participant_id else 's'}{row.id}") for row in rows
    ]
    return [*consent_name_terms(participant), *listed]
