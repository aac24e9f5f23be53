"""Item types: a new type is one class and one macro, followed from the file to participants.csv.

The toy type below (a colour, with a setting of its own and three CSV columns) lives only in this
file and in tests/item_type_templates/; nothing else in the application changes for it.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from factories import registered_participant
from flask_babel import lazy_gettext as _l
from jinja2 import ChoiceLoader, FileSystemLoader
from questionnaire_helpers import FILL, VALID, submit
from wtforms import Field, Form, StringField
from wtforms.validators import Optional, Regexp

from interview.export.formats.tidy import tidy_files
from interview.extensions import db
from interview.instruments.errors import InstrumentError
from interview.instruments.item_types.base import CsvColumn, ItemSpec, column_name, field_name
from interview.instruments.item_types.plain import PlainType
from interview.instruments.item_types.registry import ITEM_TYPES
from interview.instruments.model import Item, QuestionnaireLabels
from interview.instruments.parse import parse_instrument
from interview.instruments.reader import Place, Reader
from interview.instruments.snapshots import current_instruments
from interview.models import Participant, QuestionnaireResponse
from interview.record.build import build_record

ROOT = Path(__file__).parents[1]
TOY_TEMPLATES = Path(__file__).parent / "item_type_templates"
COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


class Colour(PlainType):
    """The toy type: a colour as #rrggbb, exported as its red, green and blue parts."""

    name = "colour"
    macro = "colour_item"
    template = "toy/colour.html"
    csv_words = "colour"
    yaml_keys = frozenset({"example"})

    def read(
        self, reader: Reader, obj: dict, place: Place, labels: QuestionnaireLabels
    ) -> dict[str, Any]:
        """`example`: a colour shown as a hint."""
        example = reader.string(obj, place, "example")
        if not COLOUR.match(example):
            reader.fail((*place, "example"), f"'{example}' is not a colour such as #a1b2c3")
        return {"settings": MappingProxyType({"example": example})}

    def value_fields(self, item: Item) -> dict[str, Field]:
        """One text input the macro shows as a colour picker."""
        message = _l("Enter a colour such as #a1b2c3.")
        return {field_name(item): StringField(validators=[Optional(), Regexp(COLOUR, 0, message)])}

    def value(self, form: Form, item: Item) -> str | None:
        """The colour in lower case, or None."""
        return (form[field_name(item)].data or "").lower() or None

    def display_value(self, item: Item, value: Any, other: str | None) -> str:
        """The colour code itself."""
        return f"colour {value}"

    def csv_value_columns(self, spec: ItemSpec, title: str) -> list[CsvColumn]:
        """Red, green and blue, 0-255."""
        return [
            CsvColumn(column_name(spec.id, part), f"{title}: {part} 0-255, or the code")
            for part in ("red", "green", "blue")
        ]

    def csv_value_cells(self, spec: ItemSpec, value: Any) -> list[Any]:
        """The three parts, or the stored value (a code, or nothing) in each."""
        if isinstance(value, str) and COLOUR.match(value):
            return [int(value[i : i + 2], 16) for i in (1, 3, 5)]
        return [value] * 3


TOY_ITEM = """
  - id: favourite_colour
    type: colour
    label: Your favourite colour
    example: "#ff8800"
"""


def with_toy_item(app) -> None:
    """Install a questionnaire version whose last item is of the toy type."""
    content = current_instruments().questionnaire.content.replace(
        'version: "1.0"', 'version: "1.1-toy"'
    )
    new = parse_instrument(content.rstrip("\n") + "\n" + TOY_ITEM, "toy", language="en")
    app.extensions["instruments"] = dataclasses.replace(current_instruments(), questionnaire=new)


@pytest.fixture
def toy(app, monkeypatch) -> None:
    """The toy type registered, its template folder added, and P01 with a consent."""
    monkeypatch.setitem(ITEM_TYPES, Colour.name, Colour())
    loader = ChoiceLoader([app.jinja_env.loader, FileSystemLoader(TOY_TEMPLATES)])
    monkeypatch.setattr(app.jinja_env, "loader", loader)
    registered_participant(app)
    with app.app_context():
        with_toy_item(app)


def stored(app) -> dict:
    """The stored answers of P01."""
    with app.app_context():
        return db.session.execute(db.select(QuestionnaireResponse)).scalar_one().answers


def exported(app) -> tuple[dict, dict[str, str], str]:
    """P01's record, its participants.csv row and the codebook."""
    with app.app_context():
        participant = db.session.execute(db.select(Participant)).scalar_one()
        record = build_record(participant)
    files = tidy_files([record])
    [row] = csv.DictReader(io.StringIO(files["participants.csv"].decode()))
    return record, row, files["codebook.txt"].decode()


def test_the_toy_type_renders_with_its_own_macro(logged_in, toy):
    html = logged_in.get(FILL).get_data(as_text=True)
    item = html[html.index('id="q-favourite_colour"') :]
    assert "11.</span> Your favourite colour" in item
    assert 'type="color"' in item and 'name="item-favourite_colour"' in item
    assert "For example #ff8800." in item
    assert 'name="item-favourite_colour-prefer_not_to_say"' in item


def test_the_toy_type_validates_next_to_its_field(logged_in, app, toy):
    response = submit(logged_in, {**VALID, "item-favourite_colour": "chartreuse"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="item-favourite_colour-error"><p class="error">Enter a colour such as' in html
    assert 'aria-invalid="true"' in html[html.index('id="q-favourite_colour"') :]
    with app.app_context():
        assert db.session.execute(db.select(QuestionnaireResponse)).scalar() is None


def test_the_toy_type_is_saved_and_reaches_the_record_and_the_csv(logged_in, app, toy):
    assert submit(logged_in, {**VALID, "item-favourite_colour": "#FF8800"}).status_code == 302
    assert stored(app)["favourite_colour"] == {"value": "#ff8800", "other": None}
    record, row, codebook = exported(app)
    assert record["questionnaire"]["items"][-1] == {
        "id": "favourite_colour",
        "number": 11,
        "label": "Your favourite colour",
        "type": "colour",
        "value": "#ff8800",
        "other": None,
        "display": "colour #ff8800",
    }
    parts = ("favourite_colour__red", "favourite_colour__green", "favourite_colour__blue")
    assert [row[name] for name in parts] == ["255", "136", "0"]
    assert "Q11 Your favourite colour (colour): red 0-255, or the code" in codebook
    panel = logged_in.get("/participants/P01").get_data(as_text=True)
    assert "11. Your favourite colour</dt>\n  <dd>colour #ff8800</dd>" in panel
    edit = logged_in.get(FILL).get_data(as_text=True)
    assert 'value="#ff8800"' in edit[edit.index('id="q-favourite_colour"') :]


def test_the_toy_type_shares_prefer_not_to_say(logged_in, app, toy):
    data = {**VALID, "item-favourite_colour-prefer_not_to_say": "y"}
    assert submit(logged_in, data).status_code == 302
    assert stored(app)["favourite_colour"] == {"value": "prefer_not_to_say", "other": None}
    record, row, _codebook = exported(app)
    assert record["questionnaire"]["items"][-1]["display"] == "Prefer not to say"
    assert row["favourite_colour__red"] == "prefer_not_to_say"
    both = {**data, "item-favourite_colour": "#000000"}
    assert "not both" in submit(logged_in, both).get_data(as_text=True)


def test_the_loader_knows_only_registered_types_and_their_keys(app, monkeypatch):
    with app.app_context():
        with pytest.raises(InstrumentError, match="unknown item type 'colour'"):
            with_toy_item(app)
        monkeypatch.setitem(ITEM_TYPES, Colour.name, Colour())
        with_toy_item(app)
        item = current_instruments().questionnaire.item("favourite_colour")
        assert item.settings == {"example": "#ff8800"}
        content = current_instruments().questionnaire.content.replace("#ff8800", "orange")
        with pytest.raises(InstrumentError, match="'orange' is not a colour"):
            parse_instrument(content, "toy", language="en")
        misplaced = content.replace('example: "orange"', "min: 3")
        with pytest.raises(InstrumentError, match="for type 'colour'"):
            parse_instrument(misplaced, "toy", language="en")


def test_every_registered_type_has_its_macro(app):
    with app.app_context():
        for kind in ITEM_TYPES.values():
            module = app.jinja_env.get_template(kind.template).module
            assert callable(getattr(module, kind.macro, None)), kind.name


# Type names that are nothing else, and tests of an item's type ("text" and "integer" are too
# common as plain words to search for; a test of `item.type` catches a switch on them).
TYPE_SWITCH = re.compile(
    r"""["'](single_choice|multi_choice|yes_no)["']|\b(item|spec)\.type\s*(==|!=|in\b)|CHOICE_TYPES"""
)


def test_nothing_outside_the_item_types_switches_on_a_type_name():
    sources = [*(ROOT / "interview").rglob("*.py"), *(ROOT / "templates").rglob("*.html")]
    switching = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in sources
        # The synthetic records are data that name their items' types, as record.json does.
        if "item_types" not in path.parts and path.name != "synthetic.py"
        for match in TYPE_SWITCH.finditer(path.read_text(encoding="utf-8"))
    ]
    assert switching == []
