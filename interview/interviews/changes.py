"""The list of changes the participant names: add, edit, move, delete, each kept in the history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from interview.audit import record_event
from interview.extensions import db
from interview.instruments.model import InterviewProtocol
from interview.interviews.services import InterviewError, add_event, ensure_open
from interview.models import Change, Interview, User
from interview.models.base import utcnow

SCALES = ("expectedness", "likelihood", "importance")


@dataclass(frozen=True)
class ChangeData:
    """A change as the form gives it: ratings are None when not rated."""

    description: str
    kind: str
    ratings: dict[str, int | None]
    client_id: str | None = None  # the page's id for this change (see Change.client_id)


def ordered_changes(interview: Interview) -> list[Change]:
    """The changes in list order (ties from two devices adding at once broken by creation)."""
    return sorted(interview.changes, key=lambda change: (change.position, change.id))


def change_at(interview: Interview, number: int) -> Change:
    """The change shown as number `number` (1-based); LookupError when there is none."""
    changes = ordered_changes(interview)
    if not 1 <= number <= len(changes):
        raise LookupError(number)
    return changes[number - 1]


def change_with_client_id(interview: Interview, client_id: str | None) -> Change | None:
    """The change the page added under this client id, if any."""
    if not client_id:
        return None
    return next((c for c in interview.changes if c.client_id == client_id), None)


def same_change(interview: Interview, change: Change, client_id: str | None) -> Change:
    """The change a posted form meant: its client id wins over the list number in the URL, which
    points elsewhere once another device added, moved or deleted a change meanwhile."""
    if not client_id or client_id == change.client_id:
        return change
    meant = change_with_client_id(interview, client_id)
    if meant is None:
        raise InterviewError(_("This change is no longer in the list. Nothing was saved."))
    return meant


def snapshot(change: Change) -> dict[str, Any]:
    """A change as plain data for the history."""
    return {
        "description": change.description,
        "kind": change.kind,
        **{scale: getattr(change, scale) for scale in SCALES},
    }


def apply(change: Change, data: ChangeData, protocol: InterviewProtocol) -> None:
    """Copy the form's values onto the change; only rated kinds keep ratings."""
    kind = protocol.change_kind(data.kind)
    if kind is None:
        raise InterviewError(_("Choose one of the kinds of change."))
    change.description = data.description.strip()
    change.kind = kind.id
    for scale in SCALES:
        setattr(change, scale, data.ratings.get(scale) if kind.rated else None)
    change.updated_at = utcnow()


def add_change(
    interview: Interview, data: ChangeData, protocol: InterviewProtocol, user: User
) -> Change:
    """Append a change to the end of the list (once: a replayed form finds the change it added)."""
    ensure_open(interview)
    added = change_with_client_id(interview, data.client_id)
    if added is not None:
        return added
    change = Change(
        interview_id=interview.id, position=len(interview.changes) + 1, client_id=data.client_id
    )
    apply(change, data, protocol)
    interview.changes.append(change)
    db.session.flush()
    add_event(interview, "change_added", user, {"id": change.id, "after": snapshot(change)})
    audit_change(interview, "change_add", change, {}, snapshot(change), user)
    db.session.commit()
    return change


def edit_change(
    interview: Interview, change: Change, data: ChangeData, protocol: InterviewProtocol, user: User
) -> None:
    """Change a change's wording, kind or ratings; the old values go into the history."""
    ensure_open(interview)
    before = snapshot(change)
    apply(change, data, protocol)
    after = snapshot(change)
    if after != before:
        add_event(
            interview, "change_edited", user, {"id": change.id, "before": before, "after": after}
        )
        audit_change(interview, "change_edit", change, before, after, user)
    db.session.commit()


def move_change(interview: Interview, change: Change, step: int, user: User) -> None:
    """Move a change one place up (-1) or down (+1); the list is renumbered 1..n."""
    ensure_open(interview)
    changes = ordered_changes(interview)
    old = changes.index(change)
    new = min(max(old + step, 0), len(changes) - 1)
    if new == old:
        return
    changes.insert(new, changes.pop(old))
    renumber(changes)
    add_event(
        interview, "change_moved", user, {"id": change.id, "before": old + 1, "after": new + 1}
    )
    db.session.commit()


def delete_change(interview: Interview, change: Change, user: User) -> None:
    """Delete a change; what it said stays in the history."""
    ensure_open(interview)
    add_event(interview, "change_deleted", user, {"id": change.id, "before": snapshot(change)})
    audit_change(interview, "change_delete", change, snapshot(change), {}, user)
    remaining = [c for c in ordered_changes(interview) if c is not change]
    interview.changes.remove(change)
    renumber(remaining)
    db.session.commit()


def audit_change(
    interview: Interview,
    action: str,
    change: Change,
    before: dict[str, Any],
    after: dict[str, Any],
    user: User,
) -> None:
    """An audit row naming what changed: kind and ratings with their values, the description
    only as "description" (the participant's words stay in the interview's history)."""

    def shown(values: dict[str, Any], name: str) -> str:
        return "—" if values.get(name) is None else str(values[name])

    fields = [
        name if name == "description" else f"{name} {shown(before, name)} → {shown(after, name)}"
        for name in ("description", "kind", *SCALES)
        if before.get(name) != after.get(name)
    ]
    detail = f"change {change.position}: " + (", ".join(fields) or "no change")
    record_event(action, interview.participant, detail=detail, user=user)


def renumber(changes: list[Change]) -> None:
    """Positions 1..n in list order."""
    for position, change in enumerate(changes, start=1):
        change.position = position
