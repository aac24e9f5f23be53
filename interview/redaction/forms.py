"""Forms of the redaction review: a term to add, a term to remove, decisions, the admin's waiver."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from interview.inputs import parse_int
from interview.models.redaction import (
    DECISION_ACCEPTED,
    DECISION_DISMISSED,
    KIND_ORGANISATION,
    KIND_OTHER,
    KIND_PERSON,
    KIND_PLACE,
)
from interview.redaction.review import MAX_TERM
from interview.redaction.store import MIN_TERM

KIND_CHOICES = [
    SelectChoice(KIND_PERSON, _l("Person")),
    SelectChoice(KIND_PLACE, _l("Place")),
    SelectChoice(KIND_ORGANISATION, _l("Organisation")),
    SelectChoice(KIND_OTHER, _l("Other")),
]
DECISION_CHOICES = [
    SelectChoice(DECISION_ACCEPTED, _l("Accept")),
    SelectChoice(DECISION_DISMISSED, _l("Dismiss")),
]


class TermForm(FlaskForm):
    """A term to add to a list, with its kind."""

    text = StringField(
        _l("Term"),
        validators=[
            DataRequired(_l("Type the term to replace.")),
            Length(
                min=MIN_TERM,
                max=MAX_TERM,
                message=_l("A term has %(min)d to %(max)d characters."),
            ),
        ],
        description=_l("A name, place, organisation or anything else that identifies."),
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    kind = SelectField(_l("Kind"), choices=KIND_CHOICES, validators=[InputRequired()])


class RemoveForm(FlaskForm):
    """Which term to take off its list."""

    term_id = HiddenField(validators=[DataRequired()])

    def validate_term_id(self, field: HiddenField) -> None:
        """Only a whole number written in digits names a term."""
        field.data = parse_int(field.data, minimum=1)
        if field.data is None:
            raise ValidationError(_l("That term is not on the list; nothing was removed."))


class DecideForm(FlaskForm):
    """Accepting (with a kind) or dismissing one pending suggestion, named by its folded term."""

    term = HiddenField(validators=[DataRequired(), Length(max=MAX_TERM)])
    kind = SelectField(_l("Kind"), choices=KIND_CHOICES, validators=[InputRequired()])
    decision = SelectField(choices=DECISION_CHOICES, validators=[InputRequired()])


class DecideAllForm(FlaskForm):
    """Accepting or dismissing every pending suggestion at once."""

    decision = SelectField(choices=DECISION_CHOICES, validators=[InputRequired()])


class WaiveForm(FlaskForm):
    """Letting exports go ahead without the review: the participant's code typed again."""

    confirm = StringField(
        _l("Type the participant code to confirm"),
        validators=[DataRequired(_l("Type the participant code to confirm."))],
    )
