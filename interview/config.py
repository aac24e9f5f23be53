"""Configuration layers: defaults, then instance/config.py, then INTERVIEW_* environment variables."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask

ENV_PREFIX = "INTERVIEW"
SECRET_KEY_FILE = "secret_key"


class Defaults:
    """Settings every installation starts from; instance/config.py and the environment override them."""

    STUDY_PREFIX = "P"
    CODE_DIGITS = 2
    LANGUAGE = "en"
    # The languages people may choose (their profile, the hand-over); each but English needs its
    # catalogue in interview/translations/ and its texts in the instrument files.
    LANGUAGES = ("en", "sl")
    PAGE_SIZE = "A4"
    PDF_LINE_NUMBERS = False
    PASSWORD_MIN_LENGTH = 10
    LOGIN_ATTEMPTS = 5
    LOGIN_WINDOW_SECONDS = 60
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # An interview lasts over an hour; tokens that die after Flask-WTF's default hour lose text.
    WTF_CSRF_TIME_LIMIT = 24 * 3600
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    SQLALCHEMY_RECORD_QUERIES = False
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    EXPORT_WORKERS = None
    # Coders do not see each other's codings of an interview until both have marked it done.
    CODING_BLIND = True
    # Coding PDFs for downloads (interview/export/renders.py): worker processes (0: in the request
    # thread), downloads that may wait for one, and the seconds after which a refused one retries.
    PDF_RENDER_WORKERS = 1
    PDF_RENDER_WAITING = 3
    PDF_RETRY_AFTER = 3
    PDF_RENDER_TIMEOUT = 300
    # The interview's recording (interview/recording): seconds of audio per uploaded chunk, the
    # largest chunk accepted, and what one interview may upload per minute (a tablet catching up
    # after an outage sends many times real time; a runaway script is stopped).
    RECORDING_CHUNK_SECONDS = 2
    RECORDING_MAX_CHUNK_BYTES = 1024 * 1024
    RECORDING_MAX_BYTES_PER_MINUTE = 16 * 1024 * 1024
    RECORDING_MAX_CHUNKS_PER_MINUTE = 600
    # How a transcript names its two speakers (interview/transcripts): the study's labels, never
    # the participant's name.
    TRANSCRIPT_SPEAKERS = {"interviewer": "I", "participant": "P"}
    # The largest transcript file accepted (below MAX_CONTENT_LENGTH, so an upload over it gets
    # the import's own message, not the bare 413): 10 000 words of VTT are about 150 KB.
    TRANSCRIPT_MAX_BYTES = 1536 * 1024


def load_config(app: Flask, test_config: dict | None) -> None:
    """Fill `app.config` from the layers, in order; `test_config` wins over everything in tests."""
    app.config.from_object(Defaults)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env(prefix=ENV_PREFIX)
    if test_config is not None:
        app.config.update(test_config)
    database_url = app.config.pop("DATABASE_URL", None)
    if database_url:
        app.config["SQLALCHEMY_DATABASE_URI"] = database_url
    app.config.setdefault(
        "SQLALCHEMY_DATABASE_URI",
        "sqlite:///" + str(Path(app.instance_path) / "interview.sqlite3"),
    )
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(Path(app.instance_path))


def instance_secret_key(instance_path: Path) -> str:
    """Return the installation's secret key, generating it (mode 0600) on first start."""
    key_file = instance_path / SECRET_KEY_FILE
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two processes starting at once must not each write a different key.
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return key_file.read_text().strip()
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return key_file.read_text().strip()


def instance_path_from_env() -> str | None:
    """The instance folder chosen by INTERVIEW_INSTANCE_PATH, if any."""
    value = os.environ.get(f"{ENV_PREFIX}_INSTANCE_PATH")
    return str(Path(value).resolve()) if value else None
