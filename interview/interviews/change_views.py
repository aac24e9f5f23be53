"""Pages for the list of changes: add, edit, move up or down, delete with a confirmation."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..models import Change, Interview, Participant
from . import bp
from .changes import add_change, change_at, delete_change, edit_change, move_change
from .forms import ChangeForm, ConfirmForm, MoveForm
from .screen import page_context
from .services import protocol_for
from .views import PREFIX, load, render_page

CHANGES = f"{PREFIX}/changes"


def changes_url(participant: Participant, interview: Interview) -> str:
    """The section that hosts the list of changes, scrolled to the list."""
    section_id = changes_section_id(interview)
    return url_for("interviews.screen", code=participant.code, section=section_id) + "#changes"


def load_change(code: str, number: str) -> tuple[Participant, Interview, Change]:
    """The participant, interview and the change shown with this number (404 when none)."""
    participant, interview = load(code)
    try:
        change = change_at(interview, int(number)) if number.isdigit() else None
    except LookupError:
        change = None
    if change is None:
        abort(404)
    return participant, interview, change


@bp.post(CHANGES)
def add_change_view(code: str):
    """Add a change to the end of the list."""
    participant, interview = load(code)
    protocol = protocol_for(interview)
    form = ChangeForm().use_protocol(protocol)
    if not form.validate_on_submit():
        context = page_context(interview, changes_section_id(interview), strict=True)
        return render_page(participant, interview, context, None, change_form=form), 400
    add_change(interview, form.change_data(), protocol, current_user)
    flash(_("Change added."), "success")
    return redirect(changes_url(participant, interview))


def changes_section_id(interview: Interview) -> str:
    """The id of the section that hosts the list of changes."""
    protocol = protocol_for(interview)
    return next((s.id for s in protocol.sections if s.hosts_changes), protocol.sections[0].id)


@bp.route(f"{CHANGES}/<number>/edit", methods=["GET", "POST"])
def edit_change_view(code: str, number: str):
    """Edit a change's words, kind or ratings."""
    participant, interview, change = load_change(code, number)
    protocol = protocol_for(interview)
    form = ChangeForm(obj=change).use_protocol(protocol)
    if form.validate_on_submit():
        edit_change(interview, change, form.change_data(), protocol, current_user)
        flash(_("Change saved."), "success")
        return redirect(changes_url(participant, interview))
    return render_template(
        "interviews/change_edit.html",
        participant=participant,
        interview=interview,
        number=number,
        form=form,
        protocol=protocol,
    ), (400 if form.errors else 200)


@bp.route(f"{CHANGES}/<number>/delete", methods=["GET", "POST"])
def delete_change_view(code: str, number: str):
    """Ask, then delete a change (what it said stays in the history)."""
    participant, interview, change = load_change(code, number)
    form = ConfirmForm()
    if form.validate_on_submit():
        delete_change(interview, change, current_user)
        flash(_("Change deleted."), "success")
        return redirect(changes_url(participant, interview))
    return render_template(
        "interviews/change_delete.html",
        participant=participant,
        change=change,
        number=number,
        form=form,
        back=changes_url(participant, interview),
    )


@bp.post(f"{CHANGES}/<number>/move")
def move_change_view(code: str, number: str):
    """Move a change one place up or down."""
    participant, interview, change = load_change(code, number)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    move_change(interview, change, -1 if form.direction.data == "up" else 1, current_user)
    return redirect(changes_url(participant, interview))
