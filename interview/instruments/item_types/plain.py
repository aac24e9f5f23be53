"""Item types without an option list: whole number, free text and duration.

"Prefer not to say" is a box of its own (`item-<id>-prefer_not_to_say`), refused together with an
answer.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from wtforms import BooleanField, Field, Form, IntegerField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional

from interview.catalogues import N_, gettext
from interview.instruments.item_types.base import (
    PREFER_NOT,
    Answer,
    CsvColumn,
    ItemSpec,
    ItemType,
    column_name,
    field_name,
    text_or_none,
)
from interview.instruments.model import PREFER_NOT_TO_SAY, Item, QuestionnaireLabels
from interview.instruments.reader import Place, Reader

TEXT_MAX = 4000
YEARS_MAX = 80
WHOLE_NUMBER = _l("Enter a whole number, for example 34.")
NOT_BOTH = _l("Give an answer or choose “Prefer not to say”, not both.")


class PlainType(ItemType):
    """What the types without options share; subclasses give `value_fields` and `value`."""

    def value_fields(self, item: Item) -> dict[str, Field]:
        """The fields that hold the answer itself."""
        raise NotImplementedError

    def value(self, form: Form, item: Item) -> Any:
        """The answer typed, or None."""
        raise NotImplementedError

    def form_fields(self, item: Item) -> dict[str, Field]:
        """The value fields plus the "prefer not to say" box."""
        fields = self.value_fields(item)
        if item.prefer_not_to_say:
            fields[field_name(item, PREFER_NOT_TO_SAY)] = BooleanField(item.prefer_not_to_say.label)
        return fields

    def declined(self, form: Form, item: Item) -> bool:
        """Whether "prefer not to say" was ticked."""
        return bool(item.prefer_not_to_say and form[field_name(item, PREFER_NOT_TO_SAY)].data)

    def check(self, form: Form, item: Item) -> None:
        """Refuse an answer given together with "prefer not to say"."""
        if self.declined(form, item) and self.value(form, item) is not None:
            form[self.error_field(item)].errors.append(NOT_BOTH)

    def parse(self, form: Form, item: Item) -> Answer:
        """The stored answer: the value, or "prefer_not_to_say"."""
        value = PREFER_NOT_TO_SAY if self.declined(form, item) else self.value(form, item)
        return {"value": value, "other": None}

    def initial(self, item: Item, answer: Answer) -> dict[str, Any]:
        """Field values that show a stored answer again."""
        value = answer.get("value")
        if value == PREFER_NOT_TO_SAY:
            return {field_name(item, PREFER_NOT_TO_SAY): True}
        return self.value_initial(item, value)

    def value_initial(self, item: Item, value: Any) -> dict[str, Any]:
        """Field values for a stored (not declined) value."""
        return {field_name(item): value}


class Integer(PlainType):
    """A whole number within the instrument's bounds (age: 16-120)."""

    name = "integer"
    macro = "integer_item"
    csv_words = N_("whole number")
    summary = "number"
    yaml_keys = frozenset({"min", "max"})

    def read(
        self, reader: Reader, obj: dict, place: Place, labels: QuestionnaireLabels
    ) -> dict[str, Any]:
        """`min` and `max`; min may not exceed max."""
        low, high = reader.integer(obj, place, "min"), reader.integer(obj, place, "max")
        if low is not None and high is not None and low > high:
            problem = gettext("min (%(low)d) is greater than max (%(high)d)", low=low, high=high)
            reader.fail((*place, "min"), problem)
        return {"min": low, "max": high}

    def value_fields(self, item: Item) -> dict[str, Field]:
        """One number input."""
        return {
            field_name(item): IntegerField(
                item.label,
                validators=[
                    Optional(),
                    NumberRange(item.min, item.max, message=bounds_message(item)),
                ],
                invalid_value_message=WHOLE_NUMBER,
            )
        }

    def value(self, form: Form, item: Item) -> int | None:
        """The number typed, or None."""
        return form[field_name(item)].data


def bounds_message(item: Item) -> Any:
    """The range message that fits the bounds the instrument sets."""
    if item.min is not None and item.max is not None:
        return _l("Enter a number from %(min)s to %(max)s.", min=item.min, max=item.max)
    if item.min is not None:
        return _l("Enter a number of at least %(min)s.", min=item.min)
    return _l("Enter a number of at most %(max)s.", max=item.max)


class Text(PlainType):
    """Free text."""

    name = "text"
    macro = "text_item"
    csv_words = N_("free text")
    free_text = True

    def value_fields(self, item: Item) -> dict[str, Field]:
        """One text area."""
        message = _l("Keep this under %(max)s characters.", max=TEXT_MAX)
        return {
            field_name(item): TextAreaField(
                item.label, validators=[Length(max=TEXT_MAX, message=message)]
            )
        }

    def value(self, form: Form, item: Item) -> str | None:
        """The text typed, or None."""
        return text_or_none(form[field_name(item)].data)


class Duration(PlainType):
    """Years and months; one part left blank counts as 0."""

    name = "duration"
    macro = "duration_item"
    csv_words = N_("duration")
    summary = "months"

    def value_fields(self, item: Item) -> dict[str, Field]:
        """Years (0-80) and months (0-11)."""
        return {
            field_name(item, "years"): self.part(YEARS_MAX, _l("Years must be from 0 to 80.")),
            field_name(item, "months"): self.part(11, _l("Months must be from 0 to 11.")),
        }

    def part(self, high: int, message: Any) -> IntegerField:
        """One number input of the pair."""
        return IntegerField(
            validators=[Optional(), NumberRange(0, high, message=message)],
            invalid_value_message=WHOLE_NUMBER,
        )

    def value(self, form: Form, item: Item) -> dict[str, int] | None:
        """{"years", "months"}, or None when both are blank."""
        years, months = (form[field_name(item, part)].data for part in ("years", "months"))
        if years is None and months is None:
            return None
        return {"years": years or 0, "months": months or 0}

    def error_field(self, item: Item) -> str:
        """The "not both" message goes under the years."""
        return field_name(item, "years")

    def value_initial(self, item: Item, value: Any) -> dict[str, Any]:
        """Years and months of a stored duration."""
        value = value or {}
        return {
            field_name(item, "years"): value.get("years"),
            field_name(item, "months"): value.get("months"),
        }

    def display_value(self, item: Item, value: Any, other: str | None) -> str:
        """Years and months in words, e.g. "1 year, 3 months"."""
        if not isinstance(value, dict):
            return str(value)
        years, months = int(value.get("years") or 0), int(value.get("months") or 0)
        return ", ".join(
            (
                ngettext("%(num)d year", "%(num)d years", years),
                ngettext("%(num)d month", "%(num)d months", months),
            )
        )

    def csv_value_columns(self, spec: ItemSpec, title: str) -> list[CsvColumn]:
        """Total months, so the column is one number."""
        name = column_name(spec.id) + "_months"
        description = spec.words(N_("%(title)s: total months, or the code"), title=title)
        return [CsvColumn(name, description, spec.codes(PREFER_NOT))]

    def csv_value_cells(self, spec: ItemSpec, value: Any) -> list[Any]:
        """Years × 12 + months, or the code as stored."""
        if isinstance(value, dict):
            return [int(value.get("years") or 0) * 12 + int(value.get("months") or 0)]
        return [value]
