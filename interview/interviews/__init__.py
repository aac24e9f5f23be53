"""The Change Interview screen: sections, answers with autosave, changes and their ratings."""

from flask import Blueprint

bp = Blueprint("interviews", __name__)

from . import change_views, views  # noqa: E402,F401  (routes attach to bp)
