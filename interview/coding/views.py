"""Coding pages: the workbench index, the coding page and its save endpoint, codebook, comparison."""

from __future__ import annotations

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from interview.coding.access import can_code
from interview.coding.codebook_file import load_codebook

bp = Blueprint("coding", __name__, url_prefix="/coding")


@bp.record_once
def load_codebook_file(state: BlueprintSetupState) -> None:
    """Read and validate the codebook file once; a broken file stops start-up here."""
    app = state.app
    app.extensions["codebook"] = load_codebook(app.instance_path, app.config["LANGUAGE"])


@bp.app_context_processor
def coding_helpers() -> dict:
    """`can_code(user)` for the navigation."""
    return {"can_code": can_code}
