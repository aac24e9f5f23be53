"""Accounts (each with a role), their logins (one row per logged-in browser), and password tries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from interview.extensions import db
from interview.models.base import UTCDateTime, utcnow
from interview.permissions import ROLE_INTERVIEWER, Permission, role_allows


class User(UserMixin, db.Model):
    """A person who logs in; what they may do follows from their role (interview/permissions.py)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=ROLE_INTERVIEWER)
    active: Mapped[bool] = mapped_column(default=True)
    # The interface language this person chose (None: the browser's, then the setting).
    language: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def is_active(self) -> bool:
        """Disabled accounts cannot log in and lose their sessions."""
        return self.active

    def can(self, permission: Permission | str) -> bool:
        """Whether this account's role allows the permission (e.g. ``user.can("consent.pdf")``)."""
        return role_allows(self.role, permission)


class Login(db.Model):
    """One login in one browser: the session cookie carries its token, the row says it still holds.

    Every copy of the cookie names the same row, so ending the row (logout) ends every copy, and the
    participant-mode lock kept here (`handover`, the dict described in participant_mode/access.py)
    holds for every copy too, however old. Only a hash of the token is stored.
    """

    __tablename__ = "logins"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handover: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    user: Mapped[User] = relationship()


class PasswordTries(db.Model):
    """Password tries for one key (e.g. 'login:anna|10.0.0.5') in the window that began at `since`.

    One row per key, counted up by a single UPDATE, so parallel tries cannot slip past the limit
    (login and participant-mode unlock; interview/auth/passwords.py).
    """

    __tablename__ = "password_tries"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    since: Mapped[datetime] = mapped_column(UTCDateTime)
    tries: Mapped[int] = mapped_column()
