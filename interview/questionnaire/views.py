"""Questionnaire pages: fill (participant or interviewer), a thank-you page, and the edit history."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from interview.auth.decorators import permission_required
from interview.instruments.item_types.registry import type_of
from interview.models import Participant
from interview.participant_mode.access import in_participant_mode, participant_facing
from interview.participants.services import get_participant
from interview.permissions import Permission
from interview.questionnaire.forms import questionnaire_form
from interview.questionnaire.services import (
    STATUS_COMPLETE,
    empty_items,
    number_list,
    panel_state,
    questionnaire_allowed,
    questionnaire_for,
    revision_history,
    save_answers,
)
from interview.record.questionnaire import questionnaire_items_for_record

bp = Blueprint("questionnaire", __name__)

# The participant page's panel (templates/questionnaire/_panel.html) reads its state through this.
bp.add_app_template_global(panel_state, "questionnaire_panel_state")
# The items' macros are looked up by type (templates/questionnaire/_macros.html).
bp.add_app_template_global(type_of, "item_type")


@bp.route("/participants/<code>/questionnaire", methods=["GET", "POST"])
@participant_facing
@permission_required(Permission.QUESTIONNAIRE_FILL)
def fill(code: str):
    """Fill in (or edit) the questionnaire; empty items must be confirmed once before saving."""
    participant = get_participant(code)
    if not questionnaire_allowed(participant):
        return refuse_without_consent(participant)
    response = participant.questionnaire
    questionnaire = questionnaire_for(response)
    form = questionnaire_form(questionnaire, response.answers if response else None)
    still_empty = []
    if form.validate_on_submit():
        answers = form.answers()
        still_empty = empty_items(questionnaire, answers)
        if {item.id for item in still_empty} <= form.confirmed_empty():
            save_answers(participant, questionnaire, answers, current_user)
            return redirect(after_submit(participant))
    return render_template(
        "questionnaire/fill.html",
        participant=participant,
        questionnaire=questionnaire,
        form=form,
        still_empty=still_empty,
        editing=response is not None and response.status == STATUS_COMPLETE,
        participant_mode=in_participant_mode(),
        number_list=number_list,
    )


def refuse_without_consent(participant: Participant):
    """403 with a page that says why; nothing is saved."""
    page = render_template(
        "questionnaire/no_consent.html",
        participant=participant,
        participant_mode=in_participant_mode(),
    )
    return page, 403


def after_submit(participant: Participant) -> str:
    """Where to go after saving: the participant's next task, or back to the interviewer's page."""
    flash(_("Thank you. The answers are saved."), "success")
    if not in_participant_mode():
        return url_for("participants.detail", code=participant.code)
    if "handover.next_task" in current_app.view_functions:
        return url_for("handover.next_task", code=participant.code)
    return url_for("questionnaire.done", code=participant.code)


@bp.get("/participants/<code>/questionnaire/done")
@participant_facing
@permission_required(Permission.QUESTIONNAIRE_FILL)
def done(code: str):
    """A thank-you page for the participant (used when no hand-over flow takes over)."""
    participant = get_participant(code)
    return render_template("questionnaire/done.html", participant=participant)


@bp.get("/participants/<code>/questionnaire/history")
@permission_required(Permission.QUESTIONNAIRE_FILL)
def history(code: str):
    """The current answers and every earlier version, with who replaced it and when."""
    participant = get_participant(code)
    response = participant.questionnaire
    complete = response is not None and response.status == STATUS_COMPLETE
    current = questionnaire_items_for_record(response) if complete else None
    revisions = revision_history(response) if complete else []
    return render_template(
        "questionnaire/history.html",
        participant=participant,
        response=response,
        current=current,
        revisions=revisions,
    )
