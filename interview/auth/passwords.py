"""Password hashing and the limit on wrong passwords (logins and participant-mode unlocks)."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from interview.extensions import db
from interview.models import FailedAttempt, User
from interview.models.base import utcnow


def hash_password(password: str) -> str:
    """A salted scrypt hash of the password."""
    return generate_password_hash(password, method="scrypt")


def password_matches(user: User | None, password: str) -> bool:
    """Check a password; the work is the same for unknown users so timing reveals nothing."""
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return False
    return check_password_hash(user.password_hash, password)


def too_many_failures(key: str) -> bool:
    """Whether `key` (e.g. 'login:anna|10.0.0.5') has used up its tries in the current window."""
    window = timedelta(seconds=current_app.config["LOGIN_WINDOW_SECONDS"])
    since = utcnow() - window
    count = db.session.scalar(
        db.select(db.func.count(FailedAttempt.id)).where(
            FailedAttempt.key == key, FailedAttempt.at >= since
        )
    )
    return count >= current_app.config["LOGIN_ATTEMPTS"]


def note_failure(key: str) -> None:
    """Record one wrong password and forget old ones (the table stays small)."""
    old = utcnow() - timedelta(days=1)
    db.session.execute(db.delete(FailedAttempt).where(FailedAttempt.at < old))
    db.session.add(FailedAttempt(key=key[:200]))


def clear_failures(key: str) -> None:
    """A right password resets the count for that key."""
    db.session.execute(db.delete(FailedAttempt).where(FailedAttempt.key == key[:200]))


_DUMMY_HASH = generate_password_hash("not a real password", method="scrypt")
