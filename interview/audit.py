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


def record_read(
    action: str, participant: Participant | str | None = None, detail: str = ""
) -> None:
    """Audit a read (a page, a download) and commit it; a server that cannot write still serves it."""
    with or_log(f"audit event {action}"):
        record_event(action, participant, detail)
