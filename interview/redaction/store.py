"""Changing the redaction list and deciding on suggestions: one transaction each, audited.

Every service takes the acting user and commits once, or raises RedactionError (a message for
the user; nothing changed). The audit log names the participant's code, the kind, the term's id
or how many: never a term's text, which is what identifies.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from typing import NamedTuple

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from interview.audit import record_event
from interview.extensions import db
from interview.inputs import text_problem
from interview.models import Participant, RedactionDecision, RedactionTerm, User
from interview.models.redaction import (
    DECISION_ACCEPTED,
    DECISION_DISMISSED,
    DECISION_WAIVED,
    KINDS,
)
from interview.permissions import Permission
from interview.redaction.review import MAX_TERM, PendingTerm, fold, pending_suggestions

MIN_TERM = 2


class RedactionError(ValueError):
    """Why the list could not be changed as asked, in words for the user; nothing was changed."""


class RedactionRefused(PermissionError):
    """Only who may waive the review lets exports go ahead without it."""


class Bulk(NamedTuple):
    """What a decision on every pending suggestion did: how many decided, how many left."""

    done: int
    left: int


def clean_term(text: str) -> str:
    """The term as stored: NFC, spaces trimmed and single; RedactionError when unusable."""
    cleaned = " ".join(unicodedata.normalize("NFC", text or "").split())
    problem = text_problem(cleaned)
    if problem:
        raise RedactionError(problem)
    if not MIN_TERM <= len(cleaned) <= MAX_TERM or len(fold(cleaned)) > MAX_TERM:
        raise RedactionError(
            _("A term has %(least)d to %(most)d characters.", least=MIN_TERM, most=MAX_TERM)
        )
    return cleaned


def check_kind(kind: str | None) -> str:
    """The kind if it is one of the list's kinds, else RedactionError."""
    if kind not in KINDS:
        raise RedactionError(_("Choose one of the kinds: %(kinds)s.", kinds=", ".join(KINDS)))
    return kind


def listed(participant: Participant | None, folded: str) -> RedactionTerm | None:
    """The term already on this list (a participant's list includes the study's), if any."""
    owners = [RedactionTerm.participant_id.is_(None)]
    if participant is not None:
        owners.append(RedactionTerm.participant_id == participant.id)
    statement = db.select(RedactionTerm).where(RedactionTerm.folded == folded, db.or_(*owners))
    return db.session.scalars(statement.limit(1)).first()


def new_term(participant: Participant | None, text: str, kind: str, user: User) -> RedactionTerm:
    """A checked term added to the session (flushed for its id), or RedactionError."""
    cleaned, kind = clean_term(text), check_kind(kind)
    if listed(participant, fold(cleaned)) is not None:
        raise RedactionError(_("This term is already on the list; nothing was added."))
    term = RedactionTerm(
        participant_id=participant.id if participant else None,
        text=cleaned,
        folded=fold(cleaned),
        kind=kind,
        created_by_id=user.id,
    )
    db.session.add(term)
    db.session.flush()
    return term


def commit() -> None:
    """Commit, or (another reviewer changed the same list just now) RedactionError."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise RedactionError(
            _("Someone changed this list at the same moment; nothing was saved. Try again.")
        ) from None


def add_term(participant: Participant | None, text: str, kind: str, user: User) -> RedactionTerm:
    """Add a term to a participant's list (None: the study's list)."""
    term = new_term(participant, text, kind, user)
    scope = "" if participant else ", study-wide"
    record_event(
        "redaction_term_add", participant, detail=f"term {term.id}, {kind}{scope}", user=user
    )
    commit()
    return term


def remove_term(term_id: int, user: User) -> Participant | None:
    """Take a term off its list; returns whose list it was on (None: the study's).

    A term accepted from a suggestion loses its decision too, so the suggestion is pending again
    rather than silently left in the exports.
    """
    term = db.session.get(RedactionTerm, term_id)
    if term is None:
        raise RedactionError(_("That term is not on the list (any more); nothing was removed."))
    owner = db.session.get(Participant, term.participant_id) if term.participant_id else None
    detail = f"term {term.id}, {term.kind}{'' if owner else ', study-wide'}"
    if owner is not None:
        db.session.execute(
            db.delete(RedactionDecision).where(
                RedactionDecision.participant_id == owner.id,
                RedactionDecision.folded == term.folded,
                RedactionDecision.decision == DECISION_ACCEPTED,
            )
        )
    db.session.delete(term)
    record_event("redaction_term_remove", owner, detail=detail, user=user)
    commit()
    return owner


def pending_row(participant: Participant, folded: str) -> PendingTerm:
    """The pending suggestion with this folded term, or RedactionError."""
    for row in pending_suggestions(participant):
        if row.folded == folded:
            return row
    raise RedactionError(_("That suggestion is not waiting for a decision; nothing was changed."))


def decision_row(
    participant: Participant, row: PendingTerm, decision: str, user: User
) -> RedactionDecision:
    """The decision on one suggested term, added to the session."""
    made = RedactionDecision(
        participant_id=participant.id, folded=row.folded, decision=decision, decided_by_id=user.id
    )
    db.session.add(made)
    return made


def accepted_term(
    participant: Participant, row: PendingTerm, kind: str, user: User
) -> RedactionTerm:
    """The suggestion's term on the participant's list (added now, or already there)."""
    return listed(participant, fold(row.text)) or new_term(participant, row.text, kind, user)


def decide(
    participant: Participant, folded: str, decision: str, user: User, kind: str | None = None
) -> RedactionDecision:
    """Accept a pending suggestion (its term joins the participant's list, of the reviewer's kind,
    by default the suggestion's) or dismiss it."""
    if decision not in (DECISION_ACCEPTED, DECISION_DISMISSED):
        raise RedactionError(_("Accept or dismiss the suggestion."))
    row = pending_row(participant, folded)
    if decision == DECISION_ACCEPTED:
        chosen = check_kind(kind or row.kind)
        term = accepted_term(participant, row, chosen, user)
        action, detail = "redaction_accept", f"term {term.id}, {chosen}"
    else:
        action, detail = "redaction_dismiss", f"{row.kind}, {row.reason}"
    made = decision_row(participant, row, decision, user)
    record_event(action, participant, detail=detail, user=user)
    commit()
    return made


def accept_all(participant: Participant, user: User) -> Bulk:
    """Accept every pending suggestion with its suggested kind; terms the list cannot hold (too
    short or too long) stay pending."""
    accepted: list[RedactionTerm] = []
    rows = pending_suggestions(participant)
    for row in rows:
        try:
            term = accepted_term(participant, row, row.kind, user)
        except RedactionError:
            continue
        decision_row(participant, row, DECISION_ACCEPTED, user)
        accepted.append(term)
    if accepted:
        kinds = Counter(term.kind for term in accepted)
        detail = f"{len(accepted)} accepted ({summary(kinds)}), terms " + ", ".join(
            str(term.id) for term in accepted
        )
        record_event("redaction_accept_all", participant, detail=detail, user=user)
        commit()
    return Bulk(len(accepted), len(rows) - len(accepted))


def dismiss_all(participant: Participant, user: User) -> Bulk:
    """Dismiss every pending suggestion."""
    return decide_every(participant, user, DECISION_DISMISSED, "redaction_dismiss_all")


def waive(participant: Participant, user: User) -> Bulk:
    """Mark every pending suggestion waived so exports may go ahead: the admin's say-so."""
    if not user.can(Permission.REDACTION_WAIVE):
        raise RedactionRefused(_("Only an admin lets exports go ahead without the review."))
    return decide_every(participant, user, DECISION_WAIVED, "redaction_waive")


def decide_every(participant: Participant, user: User, decision: str, action: str) -> Bulk:
    """One decision on every pending suggestion, audited with how many of each kind."""
    rows = pending_suggestions(participant)
    for row in rows:
        decision_row(participant, row, decision, user)
    if rows:
        kinds = Counter(row.kind for row in rows)
        detail = f"{len(rows)} {decision} ({summary(kinds)})"
        record_event(action, participant, detail=detail, user=user)
        commit()
    return Bulk(len(rows), 0)


def summary(kinds: Counter) -> str:
    """How many of each kind, e.g. "person 2, place 1"."""
    return ", ".join(f"{kind} {kinds[kind]}" for kind in KINDS if kinds[kind])
