"""The one helper that writes the audit log."""

from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user

from interview.extensions import db
from interview.models import AuditEvent, Participant, User
from interview.write_failures import or_log


def record_event(
    action: str,
    participant: Participant | str | None = None,
    detail: str = "",
    user: User | None = None,
) -> AuditEvent:
    """Add an audit event to the current transaction (the caller commits with its own change)."""
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user._get_current_object()
    code = participant.code if isinstance(participant, Participant) else participant
    event = AuditEvent(
        user_id=user.id if user else None,
        username=user.username if user else "",
        action=action,
        participant_code=code,
        detail=detail[:2000],
        address=(request.remote_addr or "") if has_request_context() else "",
    )
    db.session.add(event)
    return event


def log_event(
    action: str,
    participant: Participant | str | None = None,
    detail: str = "",
    user: User | None = None,
) -> None:
    """Write one audit event in a transaction of its own (a view, a download, a logout).

    A server that cannot write still serves the read: the lost row is logged instead.
    """
    with or_log(f"audit event {action}"):
        record_event(action, participant, detail=detail, user=user)


def recent_events(
    *, action: str = "", participant_code: str = "", username: str = "", limit: int = 200
) -> list[AuditEvent]:
    """The newest audit events, optionally only of one action, participant or user."""
    statement = db.select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if action:
        statement = statement.where(AuditEvent.action == action)
    if participant_code:
        statement = statement.where(AuditEvent.participant_code == participant_code.upper())
    if username:
        statement = statement.where(AuditEvent.username == username)
    return list(db.session.execute(statement).scalars())
