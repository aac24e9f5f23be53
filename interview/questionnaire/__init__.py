"""The demographic questionnaire: filled by the participant or the interviewer, edits kept."""

from flask import Blueprint

bp = Blueprint("questionnaire", __name__)

from . import views  # noqa: E402,F401  (routes attach to bp)
