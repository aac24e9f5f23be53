"""Participant services: code assignment, progress, search."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from interview.audit import record_event
from interview.counters import PARTICIPANT_NUMBER, bump, raise_to
from interview.erasure.outside import OutsideCopy, copies_outside
from interview.erasure.services import erase_participant
from interview.extensions import db
from interview.models import (
    CONSENT_DECLINED,
    CONSENT_PENDING,
    CONSENT_SIGNED,
    CONSENT_WITHDRAWN,
    INTERVIEW_COMPLETE,
    KIND_DELETION,
    Erasure,
    Participant,
    User,
)
from interview.permissions import Permission
from interview.register.erasures import latest_erasure

NOT_STARTED, IN_PROGRESS, COMPLETE = "not_started", "in_progress", "complete"
CODE_ATTEMPTS = 50


def format_code(number: int) -> str:
    """The participant code for a number, e.g. 5 → P05 with the default prefix and digits."""
    prefix = current_app.config["STUDY_PREFIX"]
    return f"{prefix}{number:0{current_app.config['CODE_DIGITS']}d}"


def create_participant(
    therapist_code: str, interviewer: User | None, session_date: date, note: str, created_by: User
) -> Participant:
    """Create a participant with the next code; codes only grow, so none is ever given twice."""
    for _attempt in range(CODE_ATTEMPTS):
        number = next_number()
        participant = Participant(
            number=number,
            code=format_code(number),
            therapist_code=therapist_code.strip().upper(),
            interviewer_id=interviewer.id if interviewer else None,
            session_date=session_date,
            note=note.strip(),
            created_by_id=created_by.id,
        )
        db.session.add(participant)
        try:
            db.session.flush()
            record_event("create", participant, detail=f"therapist {participant.therapist_code}")
            db.session.commit()
            return participant
        except IntegrityError:
            db.session.rollback()  # another tablet took that number first: try the next one
    raise RuntimeError("could not assign a participant code")


def next_number() -> int:
    """The next participant number from the high-water mark, locked until the caller commits.

    Not max(number) + 1: a deleted participant's code would go to the next person, who would then
    inherit the old audit history and a tablet's unsent texts for that code. The counter also covers
    participants added without it (imports, tests): it never falls behind the highest number in use.
    """
    number = bump(PARTICIPANT_NUMBER)
    highest = db.session.scalar(db.select(db.func.max(Participant.number))) or 0
    return raise_to(PARTICIPANT_NUMBER, highest + 1) if number <= highest else number


def delete_participant(participant: Participant, user: User) -> Erasure:
    """Delete the participant with everything recorded for them, and every copy (erasure service)."""
    return erase_participant(participant, user, KIND_DELETION)


def erasure_report(code: str) -> tuple[Erasure, list[OutsideCopy]]:
    """The latest erasure of ``code`` and the copies outside the tool still to destroy, or a 404."""
    erasure = latest_erasure(code)
    if erasure is None:
        abort(404)
    return erasure, copies_outside(erasure.participant_code)


def get_participant(code: str) -> Participant:
    """The participant with this code, or a 404 page."""
    return db.one_or_404(db.select(Participant).filter_by(code=code.upper()))


def find_participant(code: str) -> Participant | None:
    """The participant with this code, or None."""
    return db.session.scalar(db.select(Participant).filter_by(code=code.upper()))


class ReassignRefused(PermissionError):
    """Only who may reassign participants gives one another interviewer."""


def update_participant(
    participant: Participant,
    *,
    therapist_code: str,
    interviewer: User | None,
    session_date: date,
    note: str,
    by: User,
) -> None:
    """Correct a participant's registry details; the audit row says which fields changed.

    Changing the interviewer needs ``participants.reassign`` (the edit form offers the field only
    then); anyone else asking for it is refused and nothing is saved.
    """
    if participant.interviewer_id != (interviewer.id if interviewer else None) and not by.can(
        Permission.PARTICIPANTS_REASSIGN
    ):
        raise ReassignRefused(participant.code)
    before = registry_fields(participant)
    participant.therapist_code = therapist_code.strip().upper()
    participant.interviewer = interviewer
    participant.session_date = session_date
    participant.note = note.strip()
    record_event("edit", participant, detail=describe_changes(before, registry_fields(participant)))
    db.session.commit()


def registry_fields(participant: Participant) -> dict[str, str]:
    """The editable details under the names the audit log uses (of the note, the log only ever
    says that it changed: its words stay out)."""
    interviewer = participant.interviewer
    return {
        "therapist_code": participant.therapist_code,
        "interviewer": interviewer.username if interviewer else "—",
        "session_date": participant.session_date.isoformat(),
        "note": participant.note,
    }


def describe_changes(before: dict[str, str], after: dict[str, str]) -> str:
    """'therapist_code: T01 → T03; note: changed' for the fields that differ ('no change' if none)."""
    changes = [
        f"{name}: changed" if name == "note" else f"{name}: {before[name]} → {after[name]}"
        for name in before
        if before[name] != after[name]
    ]
    return "; ".join(changes) or "no change"


def list_participants(query: str = "") -> list[Participant]:
    """All participants (newest first), optionally filtered by code, therapist or interviewer."""
    statement = (
        db.select(Participant)
        .outerjoin(User, Participant.interviewer_id == User.id)
        .options(
            selectinload(Participant.consent),
            selectinload(Participant.questionnaire),
            selectinload(Participant.interview),
            selectinload(Participant.interviewer),
        )
        .order_by(Participant.number.desc())
    )
    query = query.strip()[:64]
    if query:
        pattern = f"%{query}%"
        statement = statement.where(
            db.or_(
                Participant.code.ilike(pattern),
                Participant.therapist_code.ilike(pattern),
                User.username.ilike(pattern),
            )
        )
    return list(db.session.execute(statement).scalars())


def progress(participant: Participant) -> dict[str, str]:
    """Where each part stands: consent, questionnaire, interview."""
    return {
        "consent": consent_state(participant),
        "questionnaire": (
            participant.questionnaire.status if participant.questionnaire else NOT_STARTED
        ),
        "interview": interview_state(participant),
    }


def consent_state(participant: Participant) -> str:
    """Consent progress in the registry's words."""
    consent = participant.consent
    if consent is None:
        return NOT_STARTED
    return {
        CONSENT_PENDING: IN_PROGRESS,
        CONSENT_SIGNED: COMPLETE,
        CONSENT_DECLINED: CONSENT_DECLINED,
        CONSENT_WITHDRAWN: CONSENT_WITHDRAWN,
    }.get(consent.status, IN_PROGRESS)


def interview_state(participant: Participant) -> str:
    """Interview progress in the registry's words."""
    interview = participant.interview
    if interview is None:
        return NOT_STARTED
    return COMPLETE if interview.status == INTERVIEW_COMPLETE else IN_PROGRESS


def interviewer_choices() -> list[tuple[int, str]]:
    """Active accounts that may conduct interviews, for the interviewer select box."""
    users = db.session.execute(
        db.select(User).where(User.active.is_(True)).order_by(User.username)
    ).scalars()
    return [(user.id, user.username) for user in users if user.can(Permission.INTERVIEW_CONDUCT)]
