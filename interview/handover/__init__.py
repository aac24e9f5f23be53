"""Hand the tablet to the participant: the session is locked to their participant-facing pages."""

from flask import Blueprint

bp = Blueprint("handover", __name__)

from . import lock, views  # noqa: E402,F401  (hooks and routes attach to bp)
