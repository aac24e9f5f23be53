"""Accounts (each with a role: interviewer, analyst or admin), and the failed-attempt log."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

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
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def is_active(self) -> bool:
        """Disabled accounts cannot log in and lose their sessions."""
        return self.active

    def can(self, permission: Permission | str) -> bool:
        """Whether this account's role allows the permission (e.g. ``user.can("consent.pdf")``)."""
        return role_allows(self.role, permission)


class FailedAttempt(db.Model):
    """One wrong password, kept briefly to slow down guessing (login and participant-mode unlock)."""

    __tablename__ = "failed_attempts"
    __table_args__ = (Index("ix_failed_attempts_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
