"""The questionnaire part of the record: every item with its answer and its words, as plain data."""

from __future__ import annotations

from typing import Any

from interview.instruments.item_types.base import Answer, empty_answer
from interview.instruments.item_types.registry import type_of
from interview.instruments.model import Item, Questionnaire
from interview.instruments.snapshots import instrument_for
from interview.models import QuestionnaireResponse


def questionnaire_items_for_record(response: QuestionnaireResponse) -> list[dict[str, Any]]:
    """The `questionnaire.items` list of record.json, in the wording the answers were given under."""
    questionnaire = instrument_for(response.instrument_sha256, response.language)
    return items_with_answers(questionnaire, response.answers or {})


def items_with_answers(
    questionnaire: Questionnaire, answers: dict[str, Answer]
) -> list[dict[str, Any]]:
    """Every item of the instrument with its answer, as plain data."""
    return [
        record_item(item, answers.get(item.id) or empty_answer()) for item in questionnaire.items
    ]


def record_item(item: Item, answer: Answer) -> dict[str, Any]:
    """One item of record.json: the item, the extra keys its type adds, the answer and its words."""
    kind = type_of(item)
    return {
        "id": item.id,
        "number": item.number,
        "label": item.label,
        "type": item.type,
        **kind.record_fields(item),
        "value": answer.get("value"),
        "other": answer.get("other"),
        "display": kind.display(item, answer),
    }
