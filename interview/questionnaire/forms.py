"""The questionnaire form, generated from the instrument (one class per instrument version)."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Optional

from interview.instruments.item_types.base import Answer, empty_answer
from interview.instruments.item_types.registry import type_of
from interview.instruments.model import Questionnaire

_FORM_CLASSES: dict[tuple[str, str], type[FlaskForm]] = {}


class QuestionnaireForm(FlaskForm):
    """Base of the generated forms: per-item cross-field rules and the answers they give."""

    questionnaire: Questionnaire
    # The value of the "submit anyway" button: the ids of the empty items the user confirmed.
    confirm_empty = StringField(validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        """Field validators first, then each item's rules ("say which", "not both", required)."""
        valid = super().validate(extra_validators)
        for item in self.questionnaire.items:
            type_of(item).validate(self, item)
        return valid and not self.errors

    def answers(self) -> dict[str, Answer]:
        """The answers to store: every item, {"value": ..., "other": ...}."""
        return {item.id: type_of(item).parse(self, item) for item in self.questionnaire.items}

    def confirmed_empty(self) -> set[str]:
        """Item ids the user agreed to leave empty."""
        return set((self.confirm_empty.data or "").split())


def build_form_class(questionnaire: Questionnaire) -> type[FlaskForm]:
    """The form class for this instrument version, built once and cached by its sha256."""
    key = (questionnaire.sha256, questionnaire.language)
    if key not in _FORM_CLASSES:
        attributes: dict[str, Any] = {"questionnaire": questionnaire}
        for item in questionnaire.items:
            attributes.update(type_of(item).form_fields(item))
        _FORM_CLASSES[key] = type("GeneratedQuestionnaireForm", (QuestionnaireForm,), attributes)
    return _FORM_CLASSES[key]


def initial_data(questionnaire: Questionnaire, answers: dict[str, Answer] | None) -> dict[str, Any]:
    """Field values that show stored answers again (for an edit)."""
    data: dict[str, Any] = {}
    for item in questionnaire.items:
        data.update(type_of(item).initial(item, (answers or {}).get(item.id) or empty_answer()))
    return data


def questionnaire_form(
    questionnaire: Questionnaire, answers: dict[str, Answer] | None
) -> QuestionnaireForm:
    """The form bound to what was submitted, or (on GET) showing the stored answers."""
    form_class = build_form_class(questionnaire)
    # Stored answers must not fill in what a POST left out (an untouched radio group stays empty).
    if request.method == "POST":
        return form_class()
    return form_class(data=initial_data(questionnaire, answers))
