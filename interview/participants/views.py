"""Registry pages: list with search, create, detail, edit, delete."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from interview.audit import log_event
from interview.auth.decorators import permission_required
from interview.auth.users import get_user_or_404
from interview.participants.forms import DeleteForm, ParticipantForm
from interview.participants.services import (
    create_participant,
    delete_participant,
    get_participant,
    interviewer_choices,
    list_participants,
    progress,
    update_participant,
)
from interview.permissions import Permission

bp = Blueprint("participants", __name__)


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
    delete_participant(participant)
    flash(_("Participant %(code)s deleted.", code=code), "success")
    return redirect(url_for("participants.index"))
