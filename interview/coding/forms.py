"""Forms of the coding pages, and the shape check of the coding page's JSON requests."""

from __future__ import annotations

import uuid
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from interview.coding.citations import CodingError
from interview.coding.operations import KINDS, Operation

COLOUR = r"^#[0-9a-fA-F]{6}$"


class ConfirmForm(FlaskForm):
    """A button that only needs the CSRF token (mark done, reopen, keep a snapshot)."""


class NewCodeForm(FlaskForm):
    """A new code, optionally under a category."""

    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Give the code a name.")), Length(max=200)]
    )
    parent = SelectField(_l("Under"), coerce=int, default=0)


class RenameForm(FlaskForm):
    """A code's new name."""

    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Give the code a name.")), Length(max=200)]
    )


class DefineForm(FlaskForm):
    """A code's definition (its memo)."""

    definition = TextAreaField(_l("Definition"), validators=[Length(max=10_000)])


class MoveForm(FlaskForm):
    """Where a code goes (0: the top level)."""

    parent = SelectField(_l("Move under"), coerce=int)


class MergeForm(FlaskForm):
    """The code this one is merged into."""

    target = SelectField(_l("Merge into"), coerce=int)


class ColourForm(FlaskForm):
    """A code's highlight colour."""

    colour = StringField(
        _l("Colour"), validators=[Regexp(COLOUR, message=_l("Use a colour such as #f4a261."))]
    )


class ReconcileForm(FlaskForm):
    """One decision on a disagreement: take A's passage, B's, both (guids of the passages)."""

    code = HiddenField(validators=[DataRequired()])
    take = HiddenField(validators=[Optional()])


def _text(data: dict, key: str, limit: int) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or len(value) > limit:
        raise CodingError(_("The request could not be understood. Reload the page."))
    return value


def _int(data: dict, key: str) -> int:
    value = data.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int):
        raise CodingError(_("The request could not be understood. Reload the page."))
    return value


def _guid(value: Any, required: bool) -> str:
    if not value and not required:
        return ""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError as error:
        raise CodingError(_("The request could not be understood. Reload the page.")) from error


def parse_operation(data: Any) -> Operation:
    """Check the JSON a coding request carries; a wrong shape is a 400 with a plain message."""
    if not isinstance(data, dict) or data.get("kind") not in KINDS:
        raise CodingError(_("The request could not be understood. Reload the page."))
    kind = data["kind"]
    codes = data.get("codes", [])
    if not isinstance(codes, list) or len(codes) > 50:
        raise CodingError(_("The request could not be understood. Reload the page."))
    return Operation(
        op_id=_guid(data.get("op"), True),
        kind=kind,
        citation=_guid(data.get("citation"), kind in ("create", "codes", "span", "memo", "delete")),
        start=_int(data, "start"),
        end=_int(data, "end"),
        quote=_text(data, "quote", 1_000_000),
        codes=tuple(_guid(code, True) for code in codes),
        memo=_text(data, "memo", 20_000),
        name=_text(data, "name", 400),
        extra={"guid": _guid(data.get("guid"), False)},
    )
