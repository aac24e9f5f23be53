"""Consent forms: the participant's form (one checkbox per clause), the countersignature, withdrawal."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from interview.consent.signatures import SignatureError, validate_signature
from interview.instruments.model import ConsentInstrument

NAME_MAX = 200


class SignatureValid:
    """Validator: the pad's JSON must pass `validate_signature`; keeps the checked drawing on the field."""

    def __call__(self, form: FlaskForm, field: HiddenField) -> None:
        try:
            field.signature = validate_signature(field.data)
        except SignatureError as error:
            field.signature = None
            field.data = ""  # the pad must not redraw something the server refused
            raise ValidationError(str(error.message)) from error


def name_field(label: Any) -> StringField:
    """A printed-name field: required, at most 200 characters."""
    return StringField(
        label,
        validators=[
            DataRequired(_l("Please write your name.")),
            Length(max=NAME_MAX, message=_l("The name is too long (at most 200 characters).")),
        ],
        render_kw={"autocomplete": "off", "autocapitalize": "words", "spellcheck": "false"},
    )


class ConsentForm(FlaskForm):
    """What the participant fills in; the clause checkboxes are added per instrument."""

    participant_name = name_field(_l("Your name"))
    participant_signature = HiddenField(_l("Your signature"), validators=[SignatureValid()])
    # The submit button pressed: "sign" or "decline".
    action = HiddenField()

    clause_ids: tuple[str, ...] = ()

    def clause_fields(self) -> list[BooleanField]:
        """The checkbox of each clause, in the instrument's order."""
        return [self[f"clause-{clause_id}"] for clause_id in self.clause_ids]

    def clause_answers(self) -> dict[str, bool]:
        """Clause id → ticked."""
        return {clause_id: bool(self[f"clause-{clause_id}"].data) for clause_id in self.clause_ids}


def consent_form(instrument: ConsentInstrument) -> ConsentForm:
    """The consent form for this instrument: a required or optional checkbox per clause."""

    class InstrumentConsentForm(ConsentForm):
        clause_ids = tuple(clause.id for clause in instrument.clauses)

    for clause in instrument.clauses:
        validators = (
            [DataRequired(_l("You need to agree to this to take part."))]
            if clause.required
            else [Optional()]
        )
        description = "" if clause.required else _l("Optional: you can take part without this.")
        field = BooleanField(clause.text, validators=validators, description=description)
        setattr(InstrumentConsentForm, f"clause-{clause.id}", field)
    form = InstrumentConsentForm()
    form.participant_name.label.text = instrument.labels.participant_name
    form.participant_signature.label.text = instrument.labels.participant_signature
    return form


class CountersignForm(FlaskForm):
    """The interviewer's printed name and signature."""

    interviewer_name = name_field(_l("Interviewer's name"))
    interviewer_signature = HiddenField(
        _l("Interviewer's signature"), validators=[SignatureValid()]
    )

    def use_labels(self, instrument: ConsentInstrument) -> None:
        """Take the labels from the consent form that was signed."""
        self.interviewer_name.label.text = instrument.labels.interviewer_name
        self.interviewer_signature.label.text = instrument.labels.interviewer_signature


class WithdrawForm(FlaskForm):
    """Withdrawal needs the participant code typed again."""

    confirm = StringField(
        _l("Type the participant code to confirm"),
        validators=[DataRequired(_l("Type the participant code to confirm."))],
        render_kw={"autocomplete": "off", "autocapitalize": "characters"},
    )
