"""The participant registry: the home page after login."""

from flask import Blueprint

bp = Blueprint("participants", __name__)

from . import views  # noqa: E402,F401  (routes attach to bp)
