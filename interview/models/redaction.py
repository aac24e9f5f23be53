"""The redaction list: terms replaced by labels in research exports, and decisions on suggestions.

A term belongs to one participant, or to the whole study when ``participant_id`` is None (a
therapist's name, the clinic). The participant's own name is never stored here: it is read from
the consent record each time (interview/redaction/terms.py), so it cannot be shown or exported
from this table. A decision is taken once per suggested term and participant.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from interview.extensions import db
from interview.models.base import UTCDateTime, utcnow

KIND_PERSON = "person"
KIND_PLACE = "place"
KIND_ORGANISATION = "organisation"
KIND_OTHER = "other"
KINDS = (KIND_PERSON, KIND_PLACE, KIND_ORGANISATION, KIND_OTHER)

# What became of a suggestion: added to the list, judged not identifying, or left unreviewed by
# an admin's say-so so that an export may go ahead (the audit log records who and when).
DECISION_ACCEPTED = "accepted"
DECISION_DISMISSED = "dismissed"
DECISION_WAIVED = "waived"
DECISIONS = (DECISION_ACCEPTED, DECISION_DISMISSED, DECISION_WAIVED)


class RedactionTerm(db.Model):
    """One term on the list: its text as typed (NFC), its kind, and whose list it is on."""

    __tablename__ = "redaction_terms"
    __table_args__ = (UniqueConstraint("participant_id", "folded"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(200))
    # The text case-folded: a term is on a list once, whatever its capitals.
    folded: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class RedactionDecision(db.Model):
    """What a reviewer decided about one suggested term of one participant."""

    __tablename__ = "redaction_decisions"
    __table_args__ = (UniqueConstraint("participant_id", "folded"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    folded: Mapped[str] = mapped_column(String(200))
    decision: Mapped[str] = mapped_column(String(20))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
