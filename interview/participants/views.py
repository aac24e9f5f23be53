"""Registry pages: list with search, create, detail, edit, delete."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from interview.audit import record_event, record_read
from interview.auth.decorators import admin_required
from interview.extensions import db
from interview.models import User
from interview.participants.forms import DeleteForm, ParticipantForm
from interview.participants.services import (
    create_participant,
    get_participant,
    interviewer_choices,
    list_participants,
    progress,
)

bp = Blueprint("participants", __name__)


@bp.get("/")
def index():
    """The home page: every participant with progress, and a search box."""
    query = request.args.get("q", "")
    participants = list_participants(query)
    rows = [(participant, progress(participant)) for participant in participants]
    return render_template("participants/index.html", rows=rows, query=query)


@bp.route("/participants/new", methods=["GET", "POST"])
def new():
    """Create a participant; the code is assigned."""
    form = ParticipantForm()
    form.interviewer_id.choices = interviewer_choices()
    if request.method == "GET":
        form.interviewer_id.data = current_user.id
    if form.validate_on_submit():
        interviewer = db.get_or_404(User, form.interviewer_id.data)
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
def detail(code: str):
    """One participant: progress and the next steps."""
    participant = get_participant(code)
    record_read("view", participant)
    return render_template(
        "participants/detail.html",
        participant=participant,
        progress=progress(participant),
        delete_form=DeleteForm(),
    )


@bp.route("/participants/<code>/edit", methods=["GET", "POST"])
def edit(code: str):
    """Correct the therapist code, interviewer, date or note."""
    participant = get_participant(code)
    form = ParticipantForm(obj=participant)
    form.interviewer_id.choices = interviewer_choices()
    if form.validate_on_submit():
        participant.therapist_code = form.therapist_code.data.strip().upper()
        participant.interviewer_id = db.get_or_404(User, form.interviewer_id.data).id
        participant.session_date = form.session_date.data
        participant.note = (form.note.data or "").strip()
        record_event("edit", participant)
        db.session.commit()
        flash(_("Changes saved."), "success")
        return redirect(url_for("participants.detail", code=participant.code))
    return render_template("participants/edit.html", form=form, participant=participant)


@bp.post("/participants/<code>/delete")
@admin_required
def delete(code: str):
    """Delete a participant and everything recorded for them (admin, typed confirmation)."""
    participant = get_participant(code)
    form = DeleteForm()
    if not form.validate_on_submit() or form.confirm.data.strip().upper() != participant.code:
        flash(_("Type the participant code exactly to confirm the deletion."), "error")
        return redirect(url_for("participants.detail", code=participant.code))
    record_event("delete", participant)
    db.session.delete(participant)
    db.session.commit()
    flash(_("Participant %(code)s deleted.", code=code), "success")
    return redirect(url_for("participants.index"))
