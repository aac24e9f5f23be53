"""The one-time set-up link that lets a person create the first admin on a fresh installation."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

TOKEN_FILE = "setup-token"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_setup_token(instance_path: str | Path) -> str:
    """Create a fresh token (replacing any earlier one); only its hash is stored, mode 0600."""
    token = secrets.token_urlsafe(32)
    path = Path(instance_path) / TOKEN_FILE
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(_digest(token))
    return token


def setup_token_valid(instance_path: str | Path, token: str) -> bool:
    """Whether `token` is the current, unused set-up token."""
    path = Path(instance_path) / TOKEN_FILE
    if not path.exists() or len(token) > 200:
        return False
    return hmac.compare_digest(path.read_text().strip(), _digest(token))


def revoke_setup_token(instance_path: str | Path) -> None:
    """Kill the token: it works once."""
    (Path(instance_path) / TOKEN_FILE).unlink(missing_ok=True)
