"""One handler per item type: its form fields, its cross-field rules, and how answers map to fields.

Field names are a contract with the browser tests: `item-<id>` holds the main value,
`item-<id>-details` the "say which" text, `item-<id>-years` / `-months` a duration, and
`item-<id>-prefer_not_to_say` the "prefer not to say" box of items that have no option list.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    Field,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, NumberRange, Optional

from interview.instruments.model import PREFER_NOT_TO_SAY, Item, Option

Answer = dict[str, Any]
DETAILS_MAX = 500
TEXT_MAX = 4000
YEARS_MAX = 80
WHOLE_NUMBER = _l("Enter a whole number, for example 34.")
NOT_BOTH = _l("Give an answer or choose “Prefer not to say”, not both.")
REQUIRED = _l("Please answer this question.")


def field_name(item: Item, part: str = "") -> str:
    """The form field name of an item (or of one of its parts: details, years, months)."""
    return f"item-{item.id}-{part}" if part else f"item-{item.id}"


def empty_answer() -> Answer:
    """The stored form of an unanswered item."""
    return {"value": None, "other": None}


def text_or_none(value: str | None) -> str | None:
    """Typed text without surrounding blanks; None when nothing was typed."""
    value = (value or "").strip()
    return value or None


def details_options(item: Item) -> tuple[Option, ...]:
    """The options of an item that ask for a "say which" text."""
    return tuple(option for option in item.options if option.details)


def option_choices(item: Item) -> list[SelectChoice]:
    """The item's options (then "prefer not to say") as WTForms choices."""
    return [SelectChoice(option.value, option.label) for option in item.choices]


class ChoiceKind:
    """Single choice and yes/no: radio buttons, "prefer not to say" last."""

    multiple = False

    def fields(self, item: Item) -> dict[str, Field]:
        """The item's form fields by name."""
        fields = {field_name(item): self.main_field(item)}
        if details_options(item):
            fields[field_name(item, "details")] = StringField(
                details_options(item)[0].details.label,
                validators=[Optional(), Length(max=DETAILS_MAX)],
            )
        return fields

    def main_field(self, item: Item) -> Field:
        """The radio group."""
        return RadioField(
            item.label,
            choices=option_choices(item),
            validators=[Optional()],
            invalid_choice_message=_l("Choose one of the answers shown."),
        )

    def chosen(self, form, item: Item) -> list[str]:
        """The option values ticked in the submitted form."""
        value = form[field_name(item)].data
        return [value] if value else []

    def check(self, form, item: Item) -> None:
        """Cross-field rule: an option that asks "say which" needs its text."""
        if not details_options(item) or form[field_name(item)].errors:
            return
        details = form[field_name(item, "details")]
        for option in details_options(item):
            if option.value in self.chosen(form, item) and not text_or_none(details.data):
                details.errors.append(
                    _l(
                        "Fill in “%(label)s”: it is needed when you choose “%(option)s”.",
                        label=option.details.label,
                        option=option.label,
                    )
                )
                return

    def error_field(self, item: Item) -> str:
        """The field that carries messages about the whole item."""
        return field_name(item)

    def answer(self, form, item: Item) -> Answer:
        """The stored answer; a "say which" text without its option is dropped."""
        chosen = self.chosen(form, item)
        other = None
        if any(option.value in chosen for option in details_options(item)):
            other = text_or_none(form[field_name(item, "details")].data)
        value = (chosen or None) if self.multiple else (chosen[0] if chosen else None)
        return {"value": value, "other": other}

    def initial(self, item: Item, answer: Answer) -> dict[str, Any]:
        """Field values that show a stored answer again."""
        return {
            field_name(item): answer.get("value"),
            field_name(item, "details"): answer.get("other"),
        }


class MultiChoiceKind(ChoiceKind):
    """Several options may apply: checkboxes; "prefer not to say" may not be combined."""

    multiple = True

    def main_field(self, item: Item) -> Field:
        """The checkbox group."""
        return SelectMultipleField(
            item.label,
            choices=option_choices(item),
            invalid_choice_message=_l("Choose only answers shown in the list."),
        )

    def chosen(self, form, item: Item) -> list[str]:
        """Ticked values in the instrument's order, each once."""
        ticked = set(form[field_name(item)].data or ())
        return [option.value for option in item.choices if option.value in ticked]

    def check(self, form, item: Item) -> None:
        """Refuse "prefer not to say" together with an answer, then the "say which" rule."""
        main = form[field_name(item)]
        chosen = self.chosen(form, item)
        if not main.errors and PREFER_NOT_TO_SAY in chosen and len(chosen) > 1:
            main.errors.append(
                _l("“Prefer not to say” cannot be combined with other answers: untick one.")
            )
        super().check(form, item)

    def answer(self, form, item: Item) -> Answer:
        """A list of values; "prefer not to say" alone is stored as the plain string, as for every type."""
        answer = super().answer(form, item)
        if answer["value"] == [PREFER_NOT_TO_SAY]:
            answer["value"] = PREFER_NOT_TO_SAY
        return answer

    def initial(self, item: Item, answer: Answer) -> dict[str, Any]:
        """Field values that show a stored answer again."""
        value = answer.get("value")
        return super().initial(
            item, {**answer, "value": [value] if isinstance(value, str) else value}
        )


class PlainKind:
    """Items without an option list: "prefer not to say" is a box of its own."""

    def fields(self, item: Item) -> dict[str, Field]:
        """The value fields plus the "prefer not to say" box."""
        fields = self.value_fields(item)
        if item.prefer_not_to_say:
            fields[field_name(item, PREFER_NOT_TO_SAY)] = BooleanField(item.prefer_not_to_say.label)
        return fields

    def declined(self, form, item: Item) -> bool:
        """Whether "prefer not to say" was ticked."""
        return bool(item.prefer_not_to_say and form[field_name(item, PREFER_NOT_TO_SAY)].data)

    def check(self, form, item: Item) -> None:
        """Refuse an answer given together with "prefer not to say"."""
        if self.declined(form, item) and self.value(form, item) is not None:
            form[self.error_field(item)].errors.append(NOT_BOTH)

    def answer(self, form, item: Item) -> Answer:
        """The stored answer: the value, or "prefer_not_to_say"."""
        value = PREFER_NOT_TO_SAY if self.declined(form, item) else self.value(form, item)
        return {"value": value, "other": None}

    def initial(self, item: Item, answer: Answer) -> dict[str, Any]:
        """Field values that show a stored answer again."""
        value = answer.get("value")
        if value == PREFER_NOT_TO_SAY:
            return {field_name(item, PREFER_NOT_TO_SAY): True}
        return self.value_initial(item, value)

    def error_field(self, item: Item) -> str:
        """The field that carries messages about the whole item ("not both", "required")."""
        return field_name(item)

    def value_initial(self, item: Item, value: Any) -> dict[str, Any]:
        """Field values for a stored (not declined) value."""
        return {field_name(item): value}


class IntegerKind(PlainKind):
    """A whole number within the instrument's bounds (age: 16-120)."""

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

    def value(self, form, item: Item) -> int | None:
        """The number typed, or None."""
        return form[field_name(item)].data


def bounds_message(item: Item) -> Any:
    """The range message that fits the bounds the instrument sets."""
    if item.min is not None and item.max is not None:
        return _l("Enter a number from %(min)s to %(max)s.", min=item.min, max=item.max)
    if item.min is not None:
        return _l("Enter a number of at least %(min)s.", min=item.min)
    return _l("Enter a number of at most %(max)s.", max=item.max)


class TextKind(PlainKind):
    """Free text."""

    def value_fields(self, item: Item) -> dict[str, Field]:
        """One text area."""
        message = _l("Keep this under %(max)s characters.", max=TEXT_MAX)
        return {
            field_name(item): TextAreaField(
                item.label, validators=[Length(max=TEXT_MAX, message=message)]
            )
        }

    def value(self, form, item: Item) -> str | None:
        """The text typed, or None."""
        return text_or_none(form[field_name(item)].data)


class DurationKind(PlainKind):
    """Years and months; one part left blank counts as 0."""

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

    def value(self, form, item: Item) -> dict[str, int] | None:
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


KINDS: dict[str, ChoiceKind | PlainKind] = {
    "single_choice": ChoiceKind(),
    "yes_no": ChoiceKind(),
    "multi_choice": MultiChoiceKind(),
    "integer": IntegerKind(),
    "text": TextKind(),
    "duration": DurationKind(),
}


def kind_of(item: Item) -> ChoiceKind | PlainKind:
    """The handler for an item's type."""
    return KINDS[item.type]


def check_item(form, item: Item) -> None:
    """All of an item's cross-field rules, then `required: true` from the instrument file."""
    kind = kind_of(item)
    kind.check(form, item)
    target = form[kind.error_field(item)]
    if item.required and not target.errors and kind.answer(form, item)["value"] is None:
        target.errors.append(REQUIRED)
