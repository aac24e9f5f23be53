"""Password hashing and the limit on password tries (logins, participant-mode unlocks, changes)."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from flask import current_app
from sqlalchemy import case, delete, insert, literal, update
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from interview.extensions import db
from interview.models import PasswordTries, User
from interview.models.base import UTCDateTime, utcnow

TRIES = PasswordTries.__table__
# Counter rows of keys nobody has tried for a day are deleted (the table stays small).
FORGET_AFTER = timedelta(days=1)


class Verdict(StrEnum):
    """What a password try came to."""

    RIGHT = "right"
    WRONG = "wrong"
    LIMITED = "limited"  # too many tries in the window: the password was not even checked


def hash_password(password: str) -> str:
    """A salted scrypt hash of the password."""
    return generate_password_hash(password, method="scrypt")


def password_matches(user: User | None, password: str) -> bool:
    """Check a password; the work is the same for unknown users so timing reveals nothing."""
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return False
    return check_password_hash(user.password_hash, password)


def try_password(key: str, user: User | None, password: str) -> Verdict:
    """Check `user`'s password as one try for `key` (e.g. 'login:anna|10.0.0.5').

    The try is counted before the password is checked, so parallel tries cannot all pass a count
    taken before any of them failed. A right password of an active account resets the count.
    Call it first in a transaction: it commits.
    """
    if not take_try(key):
        return Verdict.LIMITED
    if not password_matches(user, password) or not user.active:
        return Verdict.WRONG
    db.session.execute(delete(TRIES).where(TRIES.c.key == key[:200]))
    db.session.commit()
    return Verdict.RIGHT


def take_try(key: str) -> bool:
    """Count one try for the key atomically and commit; whether it is within the limit.

    A single UPDATE … RETURNING counts up the key's row, or starts a new window when the old one
    has passed. Parallel tries queue on that row (SQLite's write lock, PostgreSQL's row lock), so
    each sees every try before it: exactly LOGIN_ATTEMPTS of them reach the password check.
    """
    key, now = key[:200], utcnow()
    for _attempt in range(2):
        tries = db.session.execute(count_up(key, now)).scalar()
        if tries is None:
            tries = first_try(key, now)
        if tries is not None:
            db.session.commit()
            return tries <= current_app.config["LOGIN_ATTEMPTS"]
    raise RuntimeError(f"could not count a password try for {key!r}")


def count_up(key: str, now: datetime):
    """The UPDATE that counts one more try (or 1 in a fresh window), returning the count."""
    window = timedelta(seconds=current_app.config["LOGIN_WINDOW_SECONDS"])
    expired = TRIES.c.since <= now - window
    return (
        update(TRIES)
        .where(TRIES.c.key == key)
        .values(
            tries=case((expired, 1), else_=TRIES.c.tries + 1),
            since=case((expired, literal(now, UTCDateTime())), else_=TRIES.c.since),
        )
        .returning(TRIES.c.tries)
    )


def first_try(key: str, now: datetime) -> int | None:
    """The key's first try: its row, counting 1; None when a parallel try created it first."""
    db.session.execute(delete(TRIES).where(TRIES.c.since < now - FORGET_AFTER))
    try:
        db.session.execute(insert(TRIES).values(key=key, since=now, tries=1))
    except IntegrityError:
        db.session.rollback()  # the other try's row exists now: count up on it instead
        return None
    return 1


_DUMMY_HASH = generate_password_hash("not a real password", method="scrypt")
