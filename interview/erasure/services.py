"""The one erasure path: withdrawal and deletion both come here.

In one transaction, serialised with running exports by the erasure lock (the counter row): the
rows go, every registered file that holds the participant goes, and the erasure is registered so
running exports drop the participant and tablets wipe their local copies. After the commit the
database's own files are scrubbed of the deleted text.
"""

from __future__ import annotations

from interview.audit import record_event
from interview.counters import ERASURE_GENERATION, bump
from interview.database import scrub_deleted_data
from interview.erasure.files import remove_copies
from interview.erasure.rows import TOUCHED_TABLES, delete_participant_rows, delete_research_rows
from interview.extensions import db
from interview.models import (
    CONSENT_WITHDRAWN,
    KIND_DELETION,
    KIND_WITHDRAWAL,
    Consent,
    Erasure,
    Participant,
    User,
)
from interview.models.base import now_seconds
from interview.register.recordings import remove_participant_files


def erase_participant(participant: Participant, user: User, kind: str) -> Erasure:
    """Erase a participant: ``withdrawal`` keeps the consent row marked withdrawn, ``deletion``
    removes the participant with everything. Returns the registered erasure."""
    if kind not in (KIND_WITHDRAWAL, KIND_DELETION):
        raise ValueError(f"unknown erasure kind {kind!r}")
    code = participant.code
    # First write of the transaction: it takes the lock a publishing export also takes.
    generation = bump(ERASURE_GENERATION)
    if kind == KIND_WITHDRAWAL:
        delete_research_rows(participant)
        mark_withdrawn(participant)
    else:
        delete_participant_rows(participant)
    removed = remove_copies(code) + remove_participant_files(code)
    erasure = Erasure(
        generation=generation,
        participant_code=code,
        kind=kind,
        user_id=user.id,
        username=user.username,
        files_removed=removed,
    )
    db.session.add(erasure)
    record_event(audit_action(kind), code, detail=removed_detail(removed), user=user)
    db.session.commit()
    scrub_deleted_data(db.engine, TOUCHED_TABLES)
    return erasure


def mark_withdrawn(participant: Participant) -> None:
    """Keep (or create) the consent row, marked withdrawn now: it shows the decision was made."""
    consent = participant.consent or Consent(participant=participant)
    db.session.add(consent)
    consent.status = CONSENT_WITHDRAWN
    consent.withdrawn_at = now_seconds()


def audit_action(kind: str) -> str:
    """The audit log's name for the erasure (kept as before: consent_withdrawn, delete)."""
    return "consent_withdrawn" if kind == KIND_WITHDRAWAL else "delete"


def removed_detail(removed: int) -> str:
    """The audit detail: how many exported files went with the data."""
    return f"{removed} exported files removed"
