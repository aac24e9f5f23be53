"""Authentication: login, logout, first-admin set-up, and password checks."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from . import views  # noqa: E402,F401  (routes attach to bp)
