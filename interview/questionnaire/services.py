"""Questionnaire services: the consent gate, saving (with edit history), and answers in plain words."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from interview.audit import record_event
from interview.auth.users import usernames
from interview.consent.services import consent_allows_research
from interview.extensions import db
from interview.instruments.item_types.base import Answer, empty_answer
from interview.instruments.item_types.registry import type_of
from interview.instruments.model import Item, Questionnaire
from interview.instruments.snapshots import current_instruments, instrument_for, remember
from interview.models import Participant, QuestionnaireResponse, QuestionnaireRevision, User
from interview.models.base import utcnow
from interview.record.questionnaire import items_with_answers, questionnaire_items_for_record

STATUS_COMPLETE = "complete"


def questionnaire_allowed(participant: Participant) -> bool:
    """Whether the questionnaire may be filled: a signed consent with every required clause."""
    return consent_allows_research(participant)


def panel_state(participant: Participant) -> dict[str, Any]:
    """What the participant page shows about the questionnaire."""
    response = participant.questionnaire
    complete = response is not None and response.status == STATUS_COMPLETE
    return {
        "allowed": questionnaire_allowed(participant),
        "complete": complete,
        "completed_at": response.completed_at if complete else None,
        "edits": len(response.revisions) if complete else 0,
        "items": questionnaire_items_for_record(response) if complete else [],
    }


def has_answers(response: QuestionnaireResponse | None) -> bool:
    """Whether a response holds at least one answer."""
    answers = response.answers if response is not None else {}
    return any((answer or {}).get("value") is not None for answer in (answers or {}).values())


def questionnaire_for(response: QuestionnaireResponse | None) -> Questionnaire:
    """The instrument to fill or edit with: the response's own version, else the current one."""
    if has_answers(response):
        return instrument_for(response.instrument_sha256, response.language)
    return current_instruments().questionnaire


def empty_items(questionnaire: Questionnaire, answers: dict[str, Answer]) -> list[Item]:
    """The items left without an answer, in order."""
    return [
        item
        for item in questionnaire.items
        if (answers.get(item.id) or empty_answer()).get("value") is None
    ]


def save_answers(
    participant: Participant, questionnaire: Questionnaire, answers: dict[str, Answer], user: User
) -> QuestionnaireResponse:
    """Store a confirmed submission; replacing earlier answers keeps them as a revision."""
    remember(questionnaire)  # before the new row exists: its lookup would flush a half-filled row
    response = participant.questionnaire
    if response is None:
        response = QuestionnaireResponse(participant=participant, answers={})
        db.session.add(response)
    if response.status == STATUS_COMPLETE:
        if response.answers != answers:
            keep_revision(response, user)
            record_event("edit_questionnaire", participant)
    else:
        record_event("submit_questionnaire", participant)
    stamp(response, questionnaire, answers, user)
    db.session.commit()
    return response


def keep_revision(response: QuestionnaireResponse, user: User) -> None:
    """Copy the answers about to be replaced into the history (same transaction)."""
    revision = QuestionnaireRevision(
        answers=dict(response.answers), saved_by_id=response.updated_by_id, replaced_by_id=user.id
    )
    response.revisions.append(revision)


def stamp(
    response: QuestionnaireResponse,
    questionnaire: Questionnaire,
    answers: dict[str, Answer],
    user: User,
) -> None:
    """Write the answers with their instrument version, status and times."""
    response.instrument_id = questionnaire.id
    response.instrument_version = questionnaire.version
    response.instrument_sha256 = questionnaire.sha256
    response.language = questionnaire.language
    # A new dict, so the JSON column sees the change.
    response.answers = {item_id: dict(answer) for item_id, answer in answers.items()}
    response.status = STATUS_COMPLETE
    now = utcnow()
    response.completed_at = response.completed_at or now
    response.updated_at = now
    response.updated_by_id = user.id


def display_answer(item: Item, answer: Answer | None) -> str:
    """The answer as the participant gave it, in words ("" when empty)."""
    return type_of(item).display(item, answer)


def revision_history(response: QuestionnaireResponse) -> list[dict[str, Any]]:
    """Earlier versions of the answers, newest first, with who saved them, who replaced them and
    when."""
    questionnaire = instrument_for(response.instrument_sha256, response.language)
    names = usernames(
        {r.replaced_by_id for r in response.revisions} | {r.saved_by_id for r in response.revisions}
    )
    return [
        {
            "replaced_at": revision.replaced_at,
            "replaced_by": names.get(revision.replaced_by_id, _("(deleted account)")),
            # Unknown for versions kept before authors were recorded (and for deleted accounts).
            "saved_by": names.get(revision.saved_by_id, "—"),
            "items": items_with_answers(questionnaire, revision.answers or {}),
        }
        for revision in reversed(response.revisions)
    ]


def number_list(numbers: list[int]) -> str:
    """Item numbers in words: "4", "4 and 7", "2, 4 and 7"."""
    words = [str(number) for number in numbers]
    if len(words) < 2:
        return "".join(words)
    return _("%(items)s and %(last)s", items=", ".join(words[:-1]), last=words[-1])
