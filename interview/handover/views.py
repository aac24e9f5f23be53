"""Hand-over pages: start participant mode, send the participant on, take the tablet back."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from interview.auth.decorators import permission_required
from interview.handover.forms import HandoverForm, UnlockForm
from interview.handover.services import (
    TASK_ENDPOINTS,
    TASKS,
    WAIT_COUNTERSIGN,
    available_choices,
    check_unlock_password,
    declined,
    handover_languages,
    next_step,
    participant_language,
    remaining_after_countersign,
)
from interview.languages import language_choices
from interview.models import CONSENT_PENDING
from interview.participant_mode.access import (
    enter_participant_mode,
    leave_participant_mode,
    participant_mode,
    remember_resume,
)
from interview.participants.services import get_participant
from interview.permissions import Permission

bp = Blueprint("handover", __name__)


@bp.post("/participants/<code>/handover")
@permission_required(Permission.HANDOVER_START)
def start(code: str):
    """Lock this browser session to the participant's pages for the chosen tasks."""
    participant = get_participant(code)
    form = HandoverForm(language=participant_language(participant))
    form.tasks.choices = available_choices(participant)
    form.language.choices = language_choices()
    if not form.validate_on_submit():
        flash(_("Choose what the participant will do."), "error")
        return redirect(url_for("participants.detail", code=participant.code))
    tasks = TASKS[form.tasks.data]
    enter_participant_mode(participant, tasks, current_user, form.language.data)
    return redirect(url_for("handover.next_task", code=participant.code))


@bp.get("/participants/<code>/handover/next")
@permission_required(Permission.HANDOVER_START)
def next_task(code: str):
    """Open the participant's next task, or ask them to give the tablet back."""
    participant = get_participant(code)
    mode = participant_mode()
    if mode is None:
        return redirect(url_for("participants.detail", code=participant.code))
    step = next_step(participant, mode)
    if step in TASK_ENDPOINTS:
        return redirect(url_for(TASK_ENDPOINTS[step], code=participant.code))
    return render_template(
        "handover/done.html",
        participant=participant,
        waiting=step == WAIT_COUNTERSIGN,
        declined=declined(participant),
    )


@bp.route("/participants/<code>/handover/unlock", methods=["GET", "POST"])
@permission_required(Permission.HANDOVER_START)
def unlock(code: str):
    """The interviewer takes the tablet back with their password."""
    participant = get_participant(code)
    mode = participant_mode()
    if mode is None:
        return redirect(url_for("participants.detail", code=participant.code))
    form = UnlockForm()
    if form.validate_on_submit():
        error = check_unlock_password(participant, mode["user_id"], form.password.data)
        if error is None:
            return redirect(after_unlock(participant, mode))
        form.password.errors.append(error)
    return render_template("handover/unlock.html", form=form, participant=participant)


def after_unlock(participant, mode: dict) -> str:
    """Leave participant mode; a consent awaiting countersignature is the interviewer's next step."""
    remaining = remaining_after_countersign(participant, mode)
    leave_participant_mode()
    if participant.consent is None or participant.consent.status != CONSENT_PENDING:
        flash(_("You have the tablet back."), "success")
        return url_for("participants.detail", code=participant.code)
    if remaining:
        remember_resume(participant.code, remaining, mode["user_id"], mode.get("language"))
    return url_for("consent.countersign", code=participant.code)


bp.add_app_template_global(available_choices, "handover_choices")
bp.add_app_template_global(handover_languages, "handover_languages")
