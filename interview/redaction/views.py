"""The redaction review: the overview with the study's list, and a participant's review page."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from interview.audit import log_event
from interview.auth.decorators import permission_required
from interview.export.services import exportable_participants
from interview.models import Participant
from interview.models.redaction import DECISION_ACCEPTED
from interview.participants.services import get_participant
from interview.permissions import Permission
from interview.redaction.forms import (
    KIND_CHOICES,
    DecideAllForm,
    DecideForm,
    RemoveForm,
    TermForm,
    WaiveForm,
)
from interview.redaction.review import pending_counts, review
from interview.redaction.store import (
    RedactionError,
    accept_all,
    add_term,
    decide,
    dismiss_all,
    remove_term,
    waive,
)
from interview.redaction.terms import listed_terms
from interview.register.erasures import is_erased

bp = Blueprint("redaction", __name__)

PREFIX = "/participants/<code>/redaction"


def reviewed_participant(code: str) -> Participant:
    """The participant, or a 404 when there is none or they were erased (nothing to review)."""
    if is_erased(code):
        abort(404)
    return get_participant(code)


def overview_page(form: TermForm):
    """The overview: every exportable participant's pending count, and the study's list."""
    participants = exportable_participants()
    return render_template(
        "redaction/index.html",
        participants=participants,
        counts=pending_counts(participants),
        study_terms=listed_terms(None),
        form=form,
    )


def review_page(participant: Participant, form: TermForm):
    """A participant's review page (with `form` as posted, errors beside its fields)."""
    return render_template(
        "redaction/review.html",
        participant=participant,
        review=review(participant, current_user),
        form=form,
        kinds=KIND_CHOICES,
        waive_form=WaiveForm(),
    )


@bp.get("/redaction/")
@permission_required(Permission.REDACTION_REVIEW)
def index():
    """Participants with suggestions waiting, and the study-wide list."""
    return overview_page(TermForm())


@bp.post("/redaction/terms")
@permission_required(Permission.REDACTION_REVIEW)
def add_study_term():
    """Add a term to the study-wide list (a therapist's name, the clinic)."""
    form = TermForm()
    if form.validate_on_submit() and added(form, None):
        return redirect(url_for("redaction.index"))
    return overview_page(form), 400


@bp.post("/redaction/terms/remove")
@permission_required(Permission.REDACTION_REVIEW)
def remove():
    """Take a term off its list; back to the page of the list it was on."""
    form = RemoveForm()
    if not form.validate_on_submit():
        flash(_("That term is not on the list; nothing was removed."), "error")
        return redirect(url_for("redaction.index"))
    try:
        owner = remove_term(form.term_id.data, current_user)
    except RedactionError as error:
        flash(str(error), "error")
        return redirect(url_for("redaction.index"))
    flash(_("Term removed from the list."), "success")
    if owner is None:
        return redirect(url_for("redaction.index"))
    return redirect(url_for("redaction.review", code=owner.code))


@bp.get(PREFIX, endpoint="review")
@permission_required(Permission.REDACTION_REVIEW)
def review_participant(code: str):
    """Every hit in context with its label, the participant's list and the pending suggestions."""
    participant = reviewed_participant(code)
    log_event("redaction_review_open", participant)
    return review_page(participant, TermForm())


@bp.post(f"{PREFIX}/terms")
@permission_required(Permission.REDACTION_REVIEW)
def add_participant_term(code: str):
    """Add a term to the participant's own list."""
    participant = reviewed_participant(code)
    form = TermForm()
    if form.validate_on_submit() and added(form, participant):
        return redirect(url_for("redaction.review", code=participant.code))
    return review_page(participant, form), 400


def added(form: TermForm, participant: Participant | None) -> bool:
    """Add the form's term; a refusal goes under the field."""
    try:
        add_term(participant, form.text.data, form.kind.data, current_user)
    except RedactionError as error:
        form.text.errors = [*form.text.errors, str(error)]
        return False
    flash(_("Term added to the list."), "success")
    return True


@bp.post(f"{PREFIX}/decide")
@permission_required(Permission.REDACTION_REVIEW)
def decide_one(code: str):
    """Accept (with the kind chosen) or dismiss one pending suggestion."""
    participant = reviewed_participant(code)
    form = DecideForm()
    if not form.validate_on_submit():
        flash(_("Choose Accept or Dismiss for a suggestion on this page."), "error")
    else:
        try:
            decide(participant, form.term.data, form.decision.data, current_user, form.kind.data)
        except RedactionError as error:
            flash(str(error), "error")
        else:
            accepted = form.decision.data == DECISION_ACCEPTED
            flash(_("Added to the list.") if accepted else _("Suggestion dismissed."), "success")
    return redirect(url_for("redaction.review", code=participant.code))


@bp.post(f"{PREFIX}/all")
@permission_required(Permission.REDACTION_REVIEW)
def decide_all(code: str):
    """Accept or dismiss every pending suggestion of the participant."""
    participant = reviewed_participant(code)
    form = DecideAllForm()
    if not form.validate_on_submit():
        flash(_("Choose Accept all or Dismiss all."), "error")
        return redirect(url_for("redaction.review", code=participant.code))
    if form.decision.data == DECISION_ACCEPTED:
        done, left = accept_all(participant, current_user)
        flash(
            ngettext("%(num)d suggestion accepted.", "%(num)d suggestions accepted.", done),
            "success",
        )
        if left:
            message = _(
                "%(n)d could not be added (too short or too long): add them by hand.", n=left
            )
            flash(message, "error")
    else:
        done = dismiss_all(participant, current_user).done
        flash(
            ngettext("%(num)d suggestion dismissed.", "%(num)d suggestions dismissed.", done),
            "success",
        )
    return redirect(url_for("redaction.review", code=participant.code))


@bp.post(f"{PREFIX}/waive")
@permission_required(Permission.REDACTION_WAIVE)
def waive_review(code: str):
    """The admin lets exports go ahead without reviewing (typed confirmation; audited)."""
    participant = reviewed_participant(code)
    form = WaiveForm()
    if not form.validate_on_submit() or form.confirm.data.strip().upper() != participant.code:
        flash(_("Type the participant code exactly to let exports go ahead."), "error")
        return redirect(url_for("redaction.review", code=participant.code))
    done = waive(participant, current_user).done
    message = ngettext(
        "%(num)d suggestion waived: exports may go ahead.",
        "%(num)d suggestions waived: exports may go ahead.",
        done,
    )
    flash(message, "success")
    return redirect(url_for("redaction.review", code=participant.code))
