"""Logins held server-side: started at login, ended by logout, by disabling and by a new password.

A row in `logins` stands for one logged-in browser; its token travels in the session cookie
(interview/security.py checks it on every request). Ending a row makes every copy of that cookie
worthless at once, which the signed cookie alone cannot do: a copy taken before a logout would work
until it expired.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from interview.audit import record_event
from interview.extensions import db
from interview.models import Login, User
from interview.models.base import utcnow
from interview.security import token_digest

# Ended logins are kept a day (for nothing but a look in the database), then deleted.
KEEP_ENDED = timedelta(days=1)


def start_login(user: User, *, audit: str = "login") -> tuple[Login, str]:
    """A new open login for this user, audited; returns it with the token for the session cookie."""
    token = secrets.token_urlsafe(32)
    login = Login(user_id=user.id, token_hash=token_digest(token))
    db.session.execute(db.delete(Login).where(Login.ended_at < utcnow() - KEEP_ENDED))
    db.session.add(login)
    if audit:
        record_event(audit, user=user)
    db.session.commit()
    return login, token


def end_login(login: Login | None, user: User | None = None) -> None:
    """Log out: this login ends (every copy of its cookie with it), audited."""
    if login is not None and login.ended_at is None:
        login.ended_at = utcnow()
    record_event("logout", user=user)
    db.session.commit()


def end_all_logins(user: User) -> int:
    """End every open login of this user, in the caller's transaction; returns how many there were."""
    result = db.session.execute(
        db.update(Login)
        .where(Login.user_id == user.id, Login.ended_at.is_(None))
        .values(ended_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount
