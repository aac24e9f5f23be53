"""Registry pages: list with search, create, detail, edit, delete."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from interview.audit import log_event
from interview.auth.decorators import permission_required
from interview.auth.users import get_user_or_404
from interview.models import KIND_WITHDRAWAL
from interview.participants.forms import DeleteForm, ParticipantForm
from interview.participants.services import (
    create_participant,
    delete_participant,
    erasure_report,
    get_participant,
    interviewer_choices,
    list_participants,
    progress,
    update_participant,
)
from interview.permissions import Permission
from interview.register.erasures import erased_codes, is_erased

bp = Blueprint("participants", __name__)
bp.add_app_template_global(is_erased, "is_erased")
bp.add_app_template_global(erased_codes, "erased_codes")
# Read by static/js/erased.js, which wipes the browser's local copies of these participants.
ERASED_HEADER = "X-Interview-Erased"


@bp.after_app_request
def say_erased(response):
    """A refused request about an erased participant names them, so the tablet wipes its copies."""
    code = (request.view_args or {}).get("code")
    if 400 <= response.status_code < 500 and isinstance(code, str) and is_erased(code):
        response.headers[ERASED_HEADER] = code.upper()
    return response


@bp.get("/")
@permission_required(Permission.PARTICIPANTS_VIEW)
def index():
    """The home page: every participant with progress, and a search box."""
    query = request.args.get("q", "")
    participants = list_participants(query)
    rows = [(participant, progress(participant)) for participant in participants]
    return render_template("participants/index.html", rows=rows, query=query)


@bp.route("/participants/new", methods=["GET", "POST"])
@permission_required(Permission.PARTICIPANTS_EDIT)
def new():
    """Create a participant; the code is assigned."""
    form = ParticipantForm()
    form.interviewer_id.choices = interviewer_choices()
    if request.method == "GET":
        form.interviewer_id.data = current_user.id
    if form.validate_on_submit():
        interviewer = get_user_or_404(form.interviewer_id.data)
        participant = create_participant(
            form.therapist_code.data,
            interviewer,
            form.session_date.data,
            form.note.data or "",
            current_user,
        )
        flash(_("Participant %(code)s created.", code=participant.code), "success")
        return redirect(url_for("participants.detail", code=participant.code))
    return render_template("participants/new.html", form=form)


@bp.get("/participants/<code>")
@permission_required(Permission.PARTICIPANTS_VIEW)
def detail(code: str):
    """One participant: progress and the next steps."""
    participant = get_participant(code)
    log_event("view", participant)
    return render_template(
        "participants/detail.html",
        participant=participant,
        progress=progress(participant),
        delete_form=DeleteForm(),
    )


@bp.route("/participants/<code>/edit", methods=["GET", "POST"])
@permission_required(Permission.PARTICIPANTS_EDIT)
def edit(code: str):
    """Correct the therapist code, interviewer, date or note."""
    participant = get_participant(code)
    form = ParticipantForm(obj=participant)
    reassign = current_user.can(Permission.PARTICIPANTS_REASSIGN)
    if reassign:
        form.interviewer_id.choices = interviewer_choices()
    else:
        del form.interviewer_id  # not offered, and a posted value is never read
    if form.validate_on_submit():
        update_participant(
            participant,
            therapist_code=form.therapist_code.data,
            interviewer=(
                get_user_or_404(form.interviewer_id.data) if reassign else participant.interviewer
            ),
            session_date=form.session_date.data,
            note=form.note.data or "",
            by=current_user,
        )
        flash(_("Changes saved."), "success")
        return redirect(url_for("participants.detail", code=participant.code))
    return render_template("participants/edit.html", form=form, participant=participant)


@bp.post("/participants/<code>/delete")
@permission_required(Permission.PARTICIPANTS_DELETE)
def delete(code: str):
    """Delete a participant and everything recorded for them (typed confirmation)."""
    participant = get_participant(code)
    form = DeleteForm()
    if not form.validate_on_submit() or form.confirm.data.strip().upper() != participant.code:
        flash(_("Type the participant code exactly to confirm the deletion."), "error")
        return redirect(url_for("participants.detail", code=participant.code))
    delete_participant(participant, current_user)
    flash(_("Participant %(code)s deleted.", code=participant.code), "success")
    return redirect(url_for("participants.erased", code=participant.code))


@bp.get("/participants/<code>/erased")
@permission_required(Permission.PARTICIPANTS_DELETE)
def erased(code: str):
    """After a withdrawal or deletion: what was removed, and the copies outside the tool to destroy."""
    erasure, copies = erasure_report(code)
    return render_template(
        "participants/erased.html",
        erasure=erasure,
        copies=copies,
        still_listed=erasure.kind == KIND_WITHDRAWAL,
    )
