"""Exports: a participant's record.json and coding PDF, and the admin's bulk export."""

from flask import Blueprint

bp = Blueprint("export", __name__)

from . import views  # noqa: E402,F401  (routes attach to bp)
