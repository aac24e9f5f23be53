"""Hand-over services: what the participant can be asked to do, what comes next, unlocking."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from interview.audit import record_event
from interview.auth.passwords import Verdict, try_password
from interview.consent.services import can_sign, consent_allows_research
from interview.extensions import db
from interview.languages import language_choices, offered
from interview.models import CONSENT_DECLINED, CONSENT_PENDING, Participant, User

CONSENT, QUESTIONNAIRE, BOTH = "consent", "questionnaire", "both"
TASKS = {CONSENT: [CONSENT], QUESTIONNAIRE: [QUESTIONNAIRE], BOTH: [CONSENT, QUESTIONNAIRE]}
CHOICE_LABELS = {
    CONSENT: _l("Consent form"),
    QUESTIONNAIRE: _l("Questionnaire"),
    BOTH: _l("Consent form, then questionnaire"),
}
TASK_ENDPOINTS = {CONSENT: "consent.sign", QUESTIONNAIRE: "questionnaire.fill"}
# What next_task shows when nothing is left for the participant to do now.
WAIT_COUNTERSIGN, FINISHED = "countersign", "finished"


def questionnaire_open(participant: Participant) -> bool:
    """Whether there is a questionnaire page and the questionnaire is not complete yet."""
    if TASK_ENDPOINTS[QUESTIONNAIRE] not in current_app.view_functions:
        return False
    response = participant.questionnaire
    return response is None or response.status != "complete"


def available_choices(participant: Participant) -> list[tuple[str, Any]]:
    """The (value, label) choices the interviewer can hand over for, in order."""
    consent = can_sign(participant)
    questionnaire = questionnaire_open(participant)
    allowed = {
        CONSENT: consent,
        QUESTIONNAIRE: questionnaire and consent_allows_research(participant),
        BOTH: consent and questionnaire,
    }
    return [(value, CHOICE_LABELS[value]) for value, ok in allowed.items() if ok]


def participant_language(participant: Participant) -> str:
    """The language to offer first: the one the participant signed their consent in, else the
    installation's setting."""
    consent = participant.consent
    earlier = offered(consent.language) if consent is not None else None
    return earlier or current_app.config["LANGUAGE"]


def handover_languages(participant: Participant) -> dict[str, Any]:
    """The languages the participant's pages can be in, and the one chosen first."""
    return {"choices": language_choices(), "chosen": participant_language(participant)}


def task_done(participant: Participant, task: str, done: list[str]) -> bool:
    """Whether a task needs nothing more from the participant."""
    if task in done:
        return True
    if task == CONSENT:
        return not can_sign(participant)
    return not questionnaire_open(participant)


def next_step(participant: Participant, mode: dict[str, Any]) -> str:
    """The next task to open, or WAIT_COUNTERSIGN / FINISHED when the tablet goes back."""
    for task in mode["tasks"]:
        if task_done(participant, task, mode.get("done", [])):
            continue
        if task == QUESTIONNAIRE and not consent_allows_research(participant):
            consent = participant.consent
            waiting = consent is not None and consent.status == CONSENT_PENDING
            return WAIT_COUNTERSIGN if waiting else FINISHED
        return task
    return FINISHED


def declined(participant: Participant) -> bool:
    """Whether the participant declined consent."""
    return participant.consent is not None and participant.consent.status == CONSENT_DECLINED


def remaining_after_countersign(participant: Participant, mode: dict[str, Any]) -> list[str]:
    """Tasks still waiting for the interviewer's countersignature (handed back after it)."""
    if next_step(participant, mode) != WAIT_COUNTERSIGN:
        return []
    return [t for t in mode["tasks"] if not task_done(participant, t, mode.get("done", []))]


def check_unlock_password(participant: Participant, user_id: int, password: str) -> str | None:
    """None when the hand-over user's password is right; else the message to show."""
    verdict = try_password(f"unlock:{user_id}", db.session.get(User, user_id), password)
    if verdict is Verdict.LIMITED:
        return _("Too many wrong passwords. Wait a minute, then try again.")
    if verdict is Verdict.WRONG:
        record_event("failed_unlock", participant)
        db.session.commit()
        return _("That password is not right. Only the interviewer can take the tablet back.")
    record_event("unlock", participant)
    db.session.commit()
    return None
