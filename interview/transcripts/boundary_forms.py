"""The form that moves a question boundary: this turn (and the ones after it under the same
question) now sit under the chosen question."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectChoice, SelectField
from wtforms.validators import InputRequired, NumberRange

from interview.inputs import MAX_INT

BEFORE_ANY = "-"  # the select's value for "before the first question"


class BoundaryForm(FlaskForm):
    """Which turn, from which version of the transcript, goes under which question."""

    position = IntegerField(validators=[InputRequired(), NumberRange(min=0, max=100_000)])
    version = IntegerField(validators=[InputRequired(), NumberRange(min=0, max=MAX_INT)])
    question = SelectField(_l("Question"), validate_choice=True)

    def offer(self, questions: list[tuple[str, str]]) -> BoundaryForm:
        """Offer the interview's questions (id, label), and "before the first question"."""
        self.question.choices = [
            SelectChoice(BEFORE_ANY, _l("Before the first question")),
            *(SelectChoice(question_id, label) for question_id, label in questions),
        ]
        return self
