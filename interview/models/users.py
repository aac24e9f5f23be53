"""Interviewer and admin accounts, and the failed-attempt log that limits password guessing."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from interview.extensions import db
from interview.models.base import UTCDateTime, utcnow

ROLE_ADMIN = "admin"
ROLE_INTERVIEWER = "interviewer"
ROLES = (ROLE_ADMIN, ROLE_INTERVIEWER)


class User(UserMixin, db.Model):
    """A person who logs in: an interviewer, or an admin who also manages users and exports."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=ROLE_INTERVIEWER)
    active: Mapped[bool] = mapped_column(default=True)
    pin_hash: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def is_active(self) -> bool:
        """Disabled accounts cannot log in and lose their sessions."""
        return self.active

    @property
    def is_admin(self) -> bool:
        """Whether the user may manage users, exports and deletions."""
        return self.role == ROLE_ADMIN


class FailedAttempt(db.Model):
    """One wrong password, kept briefly to slow down guessing (login and participant-mode unlock)."""

    __tablename__ = "failed_attempts"
    __table_args__ = (Index("ix_failed_attempts_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
