"""The register of exported copies: every zip, cached PDF and command-line export, and whom it holds.

An erasure reads it to delete exactly the files that hold the participant, and to list the copies
that left the tool (downloads, exports written elsewhere) so the team can destroy those by hand.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable

from interview.extensions import db
from interview.models import ExportCopy, ExportCopyParticipant, ExportDownload, User


def register_copy(
    kind: str,
    path: str,
    codes: Iterable[str],
    *,
    created_by: str = "",
    user_id: int | None = None,
    job_id: int | None = None,
) -> ExportCopy:
    """Add one copy and the participants it holds to the session (the caller commits)."""
    copy = ExportCopy(
        kind=kind, path=path, created_by=created_by[:64], created_by_id=user_id, job_id=job_id
    )
    copy.participants = [
        ExportCopyParticipant(participant_code=code) for code in sorted(set(codes))
    ]
    db.session.add(copy)
    return copy


def live_copy(kind: str, path: str) -> ExportCopy | None:
    """The registered, not yet destroyed copy of this kind at this path, if any."""
    statement = db.select(ExportCopy).where(
        ExportCopy.kind == kind, ExportCopy.path == path, ExportCopy.destroyed_at.is_(None)
    )
    return db.session.execute(statement.order_by(ExportCopy.id.desc())).scalars().first()


def copies_holding(code: str, *, live_only: bool = False) -> list[ExportCopy]:
    """Every registered copy that holds the participant ``code``, oldest first."""
    statement = (
        db.select(ExportCopy)
        .join(ExportCopyParticipant)
        .where(ExportCopyParticipant.participant_code == code)
        .order_by(ExportCopy.id)
    )
    if live_only:
        statement = statement.where(ExportCopy.destroyed_at.is_(None))
    return list(db.session.execute(statement).scalars())


def live_paths(kind: str) -> set[str]:
    """The paths of every copy of ``kind`` that has not been destroyed."""
    statement = db.select(ExportCopy.path).where(
        ExportCopy.kind == kind, ExportCopy.destroyed_at.is_(None)
    )
    return set(db.session.execute(statement).scalars())


def job_copy(job_id: int) -> ExportCopy | None:
    """The zip an export job published, if it did."""
    statement = db.select(ExportCopy).where(ExportCopy.job_id == job_id)
    return db.session.execute(statement.order_by(ExportCopy.id.desc())).scalars().first()


def record_download(copy: ExportCopy, user: User) -> None:
    """Note that ``user`` downloaded ``copy``: it now exists outside the tool (caller commits)."""
    db.session.add(ExportDownload(copy_id=copy.id, user_id=user.id, username=user.username))


def cli_user() -> str:
    """Who ran the command, as the register names them."""
    try:
        return f"command line ({getpass.getuser()})"
    except (KeyError, OSError):  # no user name for this uid (containers)
        return "command line"
