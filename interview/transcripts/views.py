"""The transcription page and the JSON endpoints its script saves turns through."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from interview.audit import log_event
from interview.auth.decorators import permission_required
from interview.inputs import json_body
from interview.participants.services import find_participant, get_participant
from interview.permissions import Permission
from interview.register.erasures import is_erased
from interview.transcripts.boundaries import boundaries_context, move_boundary
from interview.transcripts.boundary_forms import BEFORE_ANY, BoundaryForm
from interview.transcripts.editor import change_turn, editor_context, parse_turn_request
from interview.transcripts.store import TranscriptConflict, TranscriptError

bp = Blueprint("transcripts", __name__)

PREFIX = "/participants/<code>/transcript"


@bp.errorhandler(TranscriptError)
def refused(error: TranscriptError):
    """A change the transcript cannot take, as JSON the script shows under "Not saved"."""
    conflict = isinstance(error, TranscriptConflict)
    return {"error": "conflict" if conflict else "refused", "message": str(error)}, 409


@bp.get(PREFIX)
@permission_required(Permission.TRANSCRIPT_EDIT)
def editor(code: str):
    """The transcription page: the recording's player, its question markers and the turns."""
    if is_erased(code):
        abort(410)
    participant = get_participant(code)
    log_event("transcript_open", participant)
    return render_template("transcripts/editor.html", **editor_context(participant))


@bp.post(f"{PREFIX}/turns/save")
@permission_required(Permission.TRANSCRIPT_EDIT)
def save(code: str):
    """Change one turn's speaker, time or text (one transaction, the old value kept)."""
    return changed(code, "save")


@bp.post(f"{PREFIX}/turns/insert")
@permission_required(Permission.TRANSCRIPT_EDIT)
def insert(code: str):
    """Insert a turn at a position (the later ones move down)."""
    return changed(code, "insert")


@bp.post(f"{PREFIX}/turns/delete")
@permission_required(Permission.TRANSCRIPT_EDIT)
def delete(code: str):
    """Delete the turn at a position (kept in the history; the later ones move up)."""
    return changed(code, "delete")


def changed(code: str, action: str):
    """Apply one checked change and answer with the transcript's new version.

    An erased participant's code (deleted, or withdrawn with the row kept) answers 410, as the
    interview's autosave does: the script then wipes the words it still keeps on this device.
    """
    if is_erased(code):
        message = _(
            "This participant withdrew or was deleted: nothing is saved, and this device's "
            "copies are wiped."
        )
        return {"error": "erased", "message": message}, 410
    participant = find_participant(code)
    if participant is None:
        return {"error": "not_found", "message": _("There is no such participant.")}, 404
    turn = parse_turn_request(json_body(), action)
    transcript = change_turn(participant, action, turn, current_user)
    return {"ok": True, "version": transcript.version}


@bp.route(f"{PREFIX}/questions", methods=["GET", "POST"])
@permission_required(Permission.TRANSCRIPT_EDIT)
def boundaries(code: str):
    """Which question each turn sits under; moving a boundary by hand (kept as placed by hand)."""
    if is_erased(code):
        abort(410)
    participant = get_participant(code)
    context = boundaries_context(participant)
    form = BoundaryForm().offer(context["questions"])
    if form.validate_on_submit():
        question = None if form.question.data == BEFORE_ANY else form.question.data
        try:
            move_boundary(
                participant,
                form.position.data,
                question,
                by=current_user,
                expected_version=form.version.data,
            )
        except TranscriptError as error:
            flash(str(error), "error")
        else:
            flash(_("Turn %(n)d and the turns after it under the same question moved.",
                    n=form.position.data + 1), "success")  # fmt: skip
        return redirect(url_for("transcripts.boundaries", code=code))
    for field, errors in form.errors.items():
        flash(f"{getattr(form, field).label.text}: {errors[0]}", "error")
    return render_template("transcripts/boundaries.html", form=form, **context)
