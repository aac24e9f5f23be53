"""Consent: the participant signs (or declines), the interviewer countersigns, the record is frozen."""

from flask import Blueprint

bp = Blueprint("consent", __name__)

from . import views  # noqa: E402,F401  (routes attach to bp)
