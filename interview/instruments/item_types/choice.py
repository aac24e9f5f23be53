"""Item types with an option list: single choice, yes/no and multiple choice.

"Prefer not to say" is the last option. An option with `details` asks for a "say which" text
(`item-<id>-details`), required when that option is chosen. Where the item offers "prefer not
to say", a box beside the text (`item-<id>-details-prefer_not_to_say`) answers "prefer not to
say which" instead; it is stored as `other: "prefer_not_to_say"`, the code every item uses.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    Field,
    Form,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import Length, Optional

from interview.catalogues import N_, gettext
from interview.instruments.item_types.base import (
    PREFER_NOT,
    Answer,
    CsvColumn,
    ItemSpec,
    ItemType,
    column_name,
    field_name,
    read_follow_up,
    text_or_none,
)
from interview.instruments.model import PREFER_NOT_TO_SAY, Item, Option, QuestionnaireLabels
from interview.instruments.reader import Place, Reader

DETAILS_MAX = 500
YES_NO_CODES = (("yes", N_("Yes")), ("no", N_("No")))
DETAILS_DECLINED = "details-" + PREFER_NOT_TO_SAY
WHICH_DECLINED = _l("Prefer not to say which")


def details_options(item: Item) -> tuple[Option, ...]:
    """The options of an item that ask for a "say which" text."""
    return tuple(option for option in item.options if option.details)


def option_choices(item: Item) -> list[SelectChoice]:
    """The item's options (then "prefer not to say") as WTForms choices."""
    return [SelectChoice(option.value, option.label) for option in item.choices]


def read_options(reader: Reader, obj: dict, place: Place) -> tuple[Option, ...]:
    """`options` of a choice item: at least one, values unique, the reserved value refused."""
    options = []
    for here, option in reader.entries(obj, place, "options"):
        reader.allow_keys(option, here, {"value", "label", "details"})
        value = reader.ident(option, here, "value")
        if value == PREFER_NOT_TO_SAY:
            problem = gettext(
                "this value is added for you: set `prefer_not_to_say: true` on the item"
            )
            reader.fail((*here, "value"), problem)
        label = reader.text(option, here, "label")
        details = read_follow_up(reader, option, here, "details")
        options.append(((*here, "value"), Option(value, label, details)))
    reader.unique([(o.value, p) for p, o in options], N_("option value"))
    return tuple(o for _, o in options)


class SingleChoice(ItemType):
    """One answer from the file's options: radio buttons."""

    name = "single_choice"
    macro = "choice_item"
    csv_words = N_("single choice")
    summary = "options"
    yaml_keys = frozenset({"options"})

    def read(
        self, reader: Reader, obj: dict, place: Place, labels: QuestionnaireLabels
    ) -> dict[str, Any]:
        """The options."""
        return {"options": read_options(reader, obj, place)}

    def form_fields(self, item: Item) -> dict[str, Field]:
        """The option group, and the "say which" text if an option asks for one."""
        fields = {field_name(item): self.main_field(item)}
        if details_options(item):
            fields[field_name(item, "details")] = StringField(
                details_options(item)[0].details.label,
                validators=[Optional(), Length(max=DETAILS_MAX)],
            )
        if details_options(item) and item.prefer_not_to_say:
            fields[field_name(item, DETAILS_DECLINED)] = BooleanField(WHICH_DECLINED)
        return fields

    def main_field(self, item: Item) -> Field:
        """The radio group."""
        return RadioField(
            item.label,
            choices=option_choices(item),
            validators=[Optional()],
            invalid_choice_message=_l("Choose one of the answers shown."),
        )

    def chosen(self, form: Form, item: Item) -> list[str]:
        """The option values ticked in the submitted form."""
        value = form[field_name(item)].data
        return [value] if value else []

    def check(self, form: Form, item: Item) -> None:
        """An option that asks "say which" needs its text, or "prefer not to say which"."""
        if not details_options(item) or form[field_name(item)].errors:
            return
        details = form[field_name(item, "details")]
        asking = [o for o in details_options(item) if o.value in self.chosen(form, item)]
        typed, declined = text_or_none(details.data), self.which_declined(form, item)
        if asking and typed and declined:
            details.errors.append(
                _l(
                    "Fill in “%(label)s” or tick “%(declined)s”, not both.",
                    label=asking[0].details.label,
                    declined=WHICH_DECLINED,
                )
            )
        elif asking and not typed and not declined:
            details.errors.append(details_needed(item, asking[0]))

    def which_declined(self, form: Form, item: Item) -> bool:
        """Whether "prefer not to say which" was ticked."""
        box = field_name(item, DETAILS_DECLINED)
        return bool(item.prefer_not_to_say and details_options(item) and form[box].data)

    def parse(self, form: Form, item: Item) -> Answer:
        """The chosen value; a "say which" text without its option is dropped."""
        chosen = self.chosen(form, item)
        return {"value": self.value(chosen), "other": self.other(form, item, chosen)}

    def value(self, chosen: list[str]) -> Any:
        """The stored value of the chosen options: one value, or None."""
        return chosen[0] if chosen else None

    def other(self, form: Form, item: Item, chosen: list[str]) -> str | None:
        """The "say which" text (or its "prefer not to say" code), kept only with its option."""
        if not any(option.value in chosen for option in details_options(item)):
            return None
        if self.which_declined(form, item):
            return PREFER_NOT_TO_SAY
        return text_or_none(form[field_name(item, "details")].data)

    def initial(self, item: Item, answer: Answer) -> dict[str, Any]:
        """Field values that show a stored answer again."""
        other = answer.get("other")
        declined = other == PREFER_NOT_TO_SAY
        return {
            field_name(item): answer.get("value"),
            field_name(item, "details"): None if declined else other,
            field_name(item, DETAILS_DECLINED): declined,
        }

    def display_value(self, item: Item, value: Any, other: str | None) -> str:
        """The chosen options' labels, each with its "say which" text."""
        values = value if isinstance(value, list) else [str(value)]
        return "; ".join(option_words(item, v, other) for v in values)

    def record_fields(self, item: Item) -> dict[str, Any]:
        """The options offered, "prefer not to say" last."""
        return {"options": [{"value": o.value, "label": o.label} for o in item.choices]}


def details_needed(item: Item, option: Option) -> Any:
    """The message for a "say which" left empty, naming the way out where there is one."""
    if item.prefer_not_to_say:
        return _l(
            "Fill in “%(label)s”: it is needed when you choose “%(option)s”."
            " Or tick “%(declined)s”.",
            label=option.details.label,
            option=option.label,
            declined=WHICH_DECLINED,
        )
    return _l(
        "Fill in “%(label)s”: it is needed when you choose “%(option)s”.",
        label=option.details.label,
        option=option.label,
    )


def option_words(item: Item, value: str, other: str | None) -> str:
    """One chosen option's label, with its "say which" text after a colon."""
    option = item.option(value)
    label = option.label if option else value
    if not (option and option.details and other):
        return label
    words = str(WHICH_DECLINED) if other == PREFER_NOT_TO_SAY else other
    return f"{label}: {words}"


class YesNo(SingleChoice):
    """Yes or no (words from the file's labels); a `follow_up` text is asked after yes."""

    name = "yes_no"
    csv_words = N_("yes/no")
    yaml_keys = frozenset({"follow_up"})
    details_column = True

    def read(
        self, reader: Reader, obj: dict, place: Place, labels: QuestionnaireLabels
    ) -> dict[str, Any]:
        """The two options, the follow-up attached to yes."""
        follow_up = read_follow_up(reader, obj, place, "follow_up")
        options = (Option("yes", labels.yes, follow_up), Option("no", labels.no))
        return {"options": options, "follow_up": follow_up}

    def record_fields(self, item: Item) -> dict[str, Any]:
        """None: the two options are the same for every yes/no item."""
        return {}

    def csv_value_columns(self, spec: ItemSpec, title: str) -> list[CsvColumn]:
        """The yes/no code."""
        codes = spec.codes(YES_NO_CODES + PREFER_NOT)
        return [
            CsvColumn(column_name(spec.id), spec.words(N_("%(title)s: code"), title=title), codes)
        ]

    def csv_value_cells(self, spec: ItemSpec, value: Any) -> list[Any]:
        """The code; a boolean (hand-made records) becomes yes/no."""
        if isinstance(value, bool):
            return ["yes" if value else "no"]
        return [value]


class MultiChoice(SingleChoice):
    """Several options may apply: checkboxes; "prefer not to say" may not be combined."""

    name = "multi_choice"
    macro = "multi_choice_item"
    csv_words = N_("multiple choice")
    details_column = True

    def main_field(self, item: Item) -> Field:
        """The checkbox group."""
        return SelectMultipleField(
            item.label,
            choices=option_choices(item),
            invalid_choice_message=_l("Choose only answers shown in the list."),
        )

    def chosen(self, form: Form, item: Item) -> list[str]:
        """Ticked values in the instrument's order, each once."""
        ticked = set(form[field_name(item)].data or ())
        return [option.value for option in item.choices if option.value in ticked]

    def check(self, form: Form, item: Item) -> None:
        """Refuse "prefer not to say" together with an answer, then the "say which" rule."""
        main = form[field_name(item)]
        chosen = self.chosen(form, item)
        if not main.errors and PREFER_NOT_TO_SAY in chosen and len(chosen) > 1:
            main.errors.append(
                _l("“Prefer not to say” cannot be combined with other answers: untick one.")
            )
        super().check(form, item)

    def value(self, chosen: list[str]) -> Any:
        """A list of values; "prefer not to say" alone is the plain string, as for every type."""
        if chosen == [PREFER_NOT_TO_SAY]:
            return PREFER_NOT_TO_SAY
        return chosen or None

    def initial(self, item: Item, answer: Answer) -> dict[str, Any]:
        """Field values that show a stored answer again."""
        value = answer.get("value")
        return super().initial(
            item, {**answer, "value": [value] if isinstance(value, str) else value}
        )

    def csv_value_columns(self, spec: ItemSpec, title: str) -> list[CsvColumn]:
        """One 1/0 column per option."""
        return [
            CsvColumn(
                column_name(spec.id, value),
                spec.words(
                    N_("%(title)s: 1 if '%(option)s' chosen, else 0"), title=title, option=label
                ),
            )
            for value, label in spec.options
        ]

    def csv_value_cells(self, spec: ItemSpec, value: Any) -> list[Any]:
        """1 for each chosen option, 0 for the others; all empty when unanswered."""
        if value is None:
            return [None] * len(spec.options)
        chosen = set(value) if isinstance(value, list) else {value}
        return [int(code in chosen) for code, _label in spec.options]
