"""The file read for a preview, carried to the confirmation inside the page, signed.

Nothing of an uploaded transcript is kept on the server between the preview and the import: the
turns read from the file travel in the preview form as a signed, compressed token (itsdangerous,
with the app's secret key), bound to the participant and the user and valid for a few hours. The
server trusts the turns because it signed them; the file itself is never written anywhere, so an
erasure has nothing to find and the user's browser holds no more than the page already shows.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer

from interview.transcripts.formats.base import RawTurn
from interview.transcripts.formats.reader import ReadFile
from interview.transcripts.store import TranscriptError

SALT = "transcript-import"
MAX_AGE_SECONDS = 6 * 3600


def serializer() -> URLSafeTimedSerializer:
    """The signer, keyed by the app's secret."""
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def stash(read: ReadFile, code: str, user_id: int) -> str:
    """The read file as a signed token for the preview form."""
    turns = [[turn.label, turn.start_ms, turn.text] for turn in read.turns]
    return serializer().dumps(
        {"code": code, "user": user_id, "format": read.format, "turns": turns}
    )


def unstash(token: str, code: str, user_id: int) -> ReadFile:
    """The read file back from its token, or TranscriptError when it is not ours, old or another's."""
    try:
        data = serializer().loads(token, max_age=MAX_AGE_SECONDS)
    except BadSignature:
        raise TranscriptError(
            _("This preview has expired or was altered; upload the file again.")
        ) from None
    if data.get("code") != code or data.get("user") != user_id:
        raise TranscriptError(
            _("This preview belongs to another participant; upload the file again.")
        )
    turns = [RawTurn(label, start, text) for label, start, text in data["turns"]]
    return ReadFile(data["format"], turns)
