"""What every questionnaire item type does, and the helpers the types share.

An `ItemType` carries the whole life of one `type:` of the instrument file:

- the file: `yaml_keys` (what an item of this type may set) and `read` (the Item fields they give);
- the form: `form_fields`, `check` (cross-field rules), `parse` (the answer to store, always
  `{"value": ..., "other": ...}`) and `initial` (a stored answer shown again for an edit);
- the page: `macro` in `template`, called as `macro(form, item, labels)`;
- the words: `display` (the answer as the participant gave it) and `record_fields` (extra keys of
  the item in record.json);
- participants.csv: `csv_words`, `csv_columns` and `csv_cells`, from record dicts only.

Field names are a contract with the browser tests: `item-<id>` holds the main value,
`item-<id>-details` the "say which" text, `item-<id>-years` / `-months` a duration, and
`item-<id>-prefer_not_to_say` the "prefer not to say" box of items that have no option list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from babel.support import NullTranslations
from flask_babel import lazy_gettext as _l
from wtforms import Field, Form

from interview.catalogues import ENGLISH, N_
from interview.instruments.model import PREFER_NOT_TO_SAY, FollowUp, Item, QuestionnaireLabels
from interview.instruments.reader import Place, Reader

Answer = dict[str, Any]
MACROS = "questionnaire/_macros.html"
REQUIRED = _l("Please answer this question.")
# Items without an option list store this code when the participant ticks "prefer not to say".
PREFER_NOT = ((PREFER_NOT_TO_SAY, N_("Prefer not to say")),)


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


def read_follow_up(reader: Reader, obj: dict, place: Place, key: str) -> FollowUp | None:
    """A `{label: ...}` follow-up under `key` of an item or option, or None when absent."""
    if obj.get(key) is None:
        return None
    here = (*place, key)
    follow_up = reader.mapping(obj[key], here)
    reader.allow_keys(follow_up, here, {"label"})
    return FollowUp(label=reader.text(follow_up, here, "label"))


def column_name(*parts: str) -> str:
    """Return a column name safe for R and pandas (letters, digits, underscores)."""
    return "__".join(re.sub(r"[^0-9A-Za-z_]", "_", part) for part in parts)


class CsvColumn(NamedTuple):
    """One participants.csv column of an item: header, meaning, and the codes it may hold."""

    name: str
    description: str
    codes: tuple[tuple[str, str], ...] = ()


@dataclass
class ItemSpec:
    """A demographic item as participants.csv sees it across all exported records (options merged)."""

    id: str
    number: int
    label: str
    type: str
    options: list[tuple[str, str]] = field(default_factory=list)
    details: bool = False
    # Some record answered its "say which" with "prefer not to say which" (the code).
    details_declined: bool = False
    # The data dictionary's language: descriptions and the codes' labels that the type adds.
    catalogue: NullTranslations = field(default=ENGLISH, repr=False, compare=False)

    def words(self, message: str, **values: Any) -> str:
        """``message`` (marked with N_ or gettext) in the data dictionary's language."""
        text = self.catalogue.gettext(message)
        return text % values if values else text

    def codes(self, pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        """The type's own (code, label) pairs with their labels in the dictionary's language."""
        return tuple((code, self.catalogue.gettext(label)) for code, label in pairs)


class ItemType:
    """One questionnaire item type; subclasses fill in what their type does differently."""

    name = ""
    macro = ""
    template = MACROS
    # How the data dictionary names the type, e.g. N_("whole number") (translated there).
    csv_words = ""
    yaml_keys: frozenset[str] = frozenset()
    # The item gets an `<id>_other` column even while no record has used it yet.
    details_column = False
    # How the sample description sums the answers up: "options" (participants per option),
    # "months" (grouped durations with their figures), "number" (range, mean, SD) or "answered"
    # (how many wrote something: free words stay in the records).
    summary = "answered"
    # The value is words the participant wrote (not a code or a number): research exports
    # pseudonymise it (interview/redaction/records.py), as they do every "say which" text.
    free_text = False

    # -- the instrument file ----------------------------------------------------------------

    def read(
        self, reader: Reader, obj: dict, place: Place, labels: QuestionnaireLabels
    ) -> dict[str, Any]:
        """Item fields from the keys this type allows (checked already); none by default.

        A type whose keys fit none of Item's fields returns them as
        `{"settings": MappingProxyType({...})}`.
        """
        return {}

    # -- the posted form --------------------------------------------------------------------

    def form_fields(self, item: Item) -> dict[str, Field]:
        """The item's WTForms fields by name."""
        raise NotImplementedError

    def parse(self, form: Form, item: Item) -> Answer:
        """The answer to store from the submitted form: {"value": ..., "other": ...}."""
        raise NotImplementedError

    def check(self, form: Form, item: Item) -> None:
        """Cross-field rules beyond the fields' own validators; messages go on the fields."""

    def error_field(self, item: Item) -> str:
        """The field that carries messages about the whole item ("not both", "required")."""
        return field_name(item)

    def initial(self, item: Item, answer: Answer) -> dict[str, Any]:
        """Field values that show a stored answer again."""
        return {field_name(item): answer.get("value")}

    def validate(self, form: Form, item: Item) -> None:
        """The type's own rules, then `required: true` from the instrument file."""
        self.check(form, item)
        target = form[self.error_field(item)]
        if item.required and not target.errors and self.parse(form, item)["value"] is None:
            target.errors.append(REQUIRED)

    # -- words for the record and the pages -------------------------------------------------

    def display(self, item: Item, answer: Answer | None) -> str:
        """The answer as the participant gave it, in words ("" when empty)."""
        value = (answer or {}).get("value")
        if value is None:
            return ""
        if value == PREFER_NOT_TO_SAY and item.prefer_not_to_say:
            return item.prefer_not_to_say.label
        return self.display_value(item, value, (answer or {}).get("other"))

    def display_value(self, item: Item, value: Any, other: str | None) -> str:
        """A given (not declined) value in words."""
        return str(value)

    def record_fields(self, item: Item) -> dict[str, Any]:
        """Keys of the item in record.json besides id, number, label, type, value, other, display."""
        return {}

    # -- participants.csv (record dicts only) -----------------------------------------------

    def csv_columns(self, spec: ItemSpec) -> list[CsvColumn]:
        """The item's columns: its value columns, then the "say which" text if it has one."""
        kind = spec.words(self.csv_words) if self.csv_words else spec.type
        title = f"Q{spec.number} {spec.label} ({kind})"
        columns = self.csv_value_columns(spec, title)
        if self.has_details_column(spec):
            columns.append(details_column(spec))
        return columns

    def csv_cells(self, spec: ItemSpec, item: dict | None) -> list[Any]:
        """One participant's cells for the item; all empty if the record lacks it."""
        item = item or {}
        cells = self.csv_value_cells(spec, item.get("value"))
        if self.has_details_column(spec):
            cells.append(item.get("other"))
        return cells

    def has_details_column(self, spec: ItemSpec) -> bool:
        """Whether the item gets an `<id>_other` column for its "say which" text."""
        return spec.details or self.details_column

    def csv_value_columns(self, spec: ItemSpec, title: str) -> list[CsvColumn]:
        """One column: the option code, or the answer itself."""
        name = column_name(spec.id)
        if spec.options:  # choice items list "prefer not to say" among their options when offered
            return [
                CsvColumn(name, spec.words(N_("%(title)s: code"), title=title), tuple(spec.options))
            ]
        description = spec.words(N_("%(title)s: the answer, or the code"), title=title)
        return [CsvColumn(name, description, spec.codes(PREFER_NOT))]

    def csv_value_cells(self, spec: ItemSpec, value: Any) -> list[Any]:
        """The cells of `csv_value_columns`."""
        return [value]


def details_column(spec: ItemSpec) -> CsvColumn:
    """The column holding an item's "say which" / follow-up text (or the code, where used)."""
    description = spec.words(
        N_("Q%(number)s %(label)s: details given"), number=spec.number, label=spec.label
    )
    codes = spec.codes(PREFER_NOT) if spec.details_declined else ()
    return CsvColumn(column_name(spec.id) + "_other", description, codes)
