"""The registry of questionnaire item types: `type:` in the instrument file → its `ItemType`.

Everything that differs between item types is a method of its class (see `base.ItemType`): the
keys the instrument file may set, the form fields, parsing and validation of the posted form,
the words for the record and the pages, the record's extra keys, the participants.csv columns
and cells, and the template macro. The loader, the form, the pages, the record and the export
ask this registry and never test a type name themselves.

To add an item type:

1. Write a subclass of `ItemType` (or of `PlainType` / `SingleChoice`, which bring the
   "prefer not to say" handling) with `name`, `macro`, `csv_words` and the methods that differ:
   usually `yaml_keys` + `read`, `form_fields`, `parse` (or `value_fields` + `value` for a
   `PlainType`), `check`, `display_value`, `csv_value_columns` + `csv_value_cells`.
   Add an instance to `ITEM_TYPES` below.
2. Write its macro, `macro(form, item, labels)`, in templates/questionnaire/_macros.html (or in
   the template its `template` names); the field helpers there (`legend`, `field_errors`,
   `input_attrs`, `pnts_box`) draw the parts every item shares.

tests/test_item_types.py does exactly this for a toy type and follows it through the form, the
record and participants.csv. The module imports WTForms and Flask-Babel but needs no
application or request context, so the instrument loader and the export formats use it too.
"""

from __future__ import annotations

from interview.instruments.item_types.base import ItemType
from interview.instruments.item_types.choice import MultiChoice, SingleChoice, YesNo
from interview.instruments.item_types.plain import Duration, Integer, Text
from interview.instruments.model import Item

# In the order the loader's error message lists them.
ITEM_TYPES: dict[str, ItemType] = {
    kind.name: kind
    for kind in (SingleChoice(), MultiChoice(), Integer(), Text(), YesNo(), Duration())
}
# A type a record names but this version no longer knows: its answers still export as they are.
UNKNOWN = ItemType()


def type_named(name: str) -> ItemType:
    """The item type with this name; for a name no type has, one that exports the raw answer."""
    return ITEM_TYPES.get(name, UNKNOWN)


def type_of(item: Item) -> ItemType:
    """The item type of a loaded item (the loader has checked that it exists)."""
    return ITEM_TYPES[item.type]
