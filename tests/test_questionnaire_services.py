"""Questionnaire services: edits kept as revisions, instrument versions, display words, record items."""

from __future__ import annotations

import dataclasses

import pytest
from factories import registered_participant
from questionnaire_helpers import FILL, STORED, VALID, submit

from interview.extensions import db
from interview.instruments.model import FollowUp, Item, Option
from interview.instruments.parse import parse_instrument
from interview.instruments.snapshots import current_instruments
from interview.models import AuditEvent, QuestionnaireResponse, QuestionnaireRevision
from interview.questionnaire.forms import build_form_class
from interview.questionnaire.services import (
    display_answer,
    number_list,
)
from interview.record.questionnaire import questionnaire_items_for_record

HISTORY = "/participants/P01/questionnaire/history"


@pytest.fixture
def submitted(app, logged_in) -> str:
    """P01 (consent signed) whose questionnaire was submitted with VALID by anna."""
    code = registered_participant(app)
    assert submit(logged_in, VALID).status_code == 302
    return code


def response_of(app) -> QuestionnaireResponse:
    """The stored response, loaded fresh."""
    return db.session.execute(db.select(QuestionnaireResponse)).scalar_one()


def test_an_edit_keeps_the_previous_answers_as_a_revision(app, logged_in, submitted):
    assert submit(logged_in, {**VALID, "item-age": "35"}).status_code == 302
    with app.app_context():
        response = response_of(app)
        assert response.answers["age"]["value"] == 35
        [revision] = response.revisions
        assert revision.answers == STORED
        assert revision.replaced_by_id == 2 and revision.replaced_at.tzinfo is not None
        events = db.session.execute(db.select(AuditEvent.action, AuditEvent.participant_code))
        assert ("edit_questionnaire", "P01") in [tuple(row) for row in events]


def test_saving_unchanged_answers_adds_no_revision(app, logged_in, submitted):
    assert submit(logged_in, VALID).status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(QuestionnaireRevision.id))) == 0


def test_history_lists_who_replaced_what_and_when(app, logged_in, submitted):
    submit(logged_in, {**VALID, "item-age": "35"})
    submit(logged_in, {**VALID, "item-age": "36"})
    html = logged_in.get(HISTORY).get_data(as_text=True)
    assert html.count("Replaced on ") == 2 and "by anna" in html
    # Newest first: the version with 35 was replaced last.
    assert html.index("<dd>35</dd>") < html.index("<dd>34</dd>")
    assert html.index("Current answers") < html.index("<dd>36</dd>") < html.index("<dd>35</dd>")


def test_history_before_any_submission(app, logged_in):
    registered_participant(app)
    html = logged_in.get(HISTORY).get_data(as_text=True)
    assert "has not been submitted yet" in html


def changed_questionnaire(app, label: str = "Gender identity", age_required: bool = False):
    """Install a new questionnaire version whose gender item is worded differently."""
    old = current_instruments().questionnaire
    content = old.content.replace("      en: Gender\n", f"      en: {label}\n").replace(
        'version: "1.0"', 'version: "1.1"'
    )
    if age_required:
        age = "      en: Age\n      sl: Starost\n"
        content = content.replace(age, age + "    required: true\n")
    new = parse_instrument(content, "test", language="en")
    app.extensions["instruments"] = dataclasses.replace(current_instruments(), questionnaire=new)
    return new


def test_an_edit_keeps_the_version_the_answers_were_given_under(app, logged_in, submitted):
    with app.app_context():
        old_sha = response_of(app).instrument_sha256
        new = changed_questionnaire(app)
    assert new.sha256 != old_sha
    html = logged_in.get(FILL).get_data(as_text=True)
    assert "Gender identity" not in html and "> Gender</legend>" in html
    submit(logged_in, {**VALID, "item-age": "40"})
    with app.app_context():
        response = response_of(app)
        assert (response.instrument_sha256, response.instrument_version) == (old_sha, "1.0")
        gender = questionnaire_items_for_record(response)[2]
        assert gender["label"] == "Gender"


def test_a_new_questionnaire_uses_the_current_version(app, logged_in):
    registered_participant(app)
    with app.app_context():
        new = changed_questionnaire(app)
    assert "Gender identity" in logged_in.get(FILL).get_data(as_text=True)
    submit(logged_in, VALID)
    with app.app_context():
        assert response_of(app).instrument_sha256 == new.sha256


def test_record_items_have_exactly_the_record_format_shape(app, submitted):
    with app.app_context():
        items = questionnaire_items_for_record(response_of(app))
    assert [item["number"] for item in items] == list(range(1, 11))
    base = {"id", "number", "label", "type", "value", "other", "display"}
    for item in items:
        choice = item["type"] in ("single_choice", "multi_choice")
        assert set(item) == (base | {"options"} if choice else base), item["id"]
    by_id = {item["id"]: item for item in items}
    assert by_id["gender"]["options"][-1] == {
        "value": "prefer_not_to_say",
        "label": "Prefer not to say",
    }
    assert {item_id: (i["value"], i["other"]) for item_id, i in by_id.items()} == {
        item_id: (answer["value"], answer["other"]) for item_id, answer in STORED.items()
    }
    assert by_id["medication"]["display"] == "Yes: sertraline"
    assert by_id["problem_areas"]["display"] == "Anxiety; Something else: burnout"
    assert by_id["earlier_help"]["display"] == "Counselling at university."


PNTS = Option("prefer_not_to_say", "Prefer not to say")
CHOICE = Item(
    id="gender",
    number=3,
    type="single_choice",
    label="Gender",
    options=(
        Option("female", "Female"),
        Option("another", "Another gender", details=FollowUp("In your own words")),
    ),
    prefer_not_to_say=PNTS,
)


@pytest.mark.parametrize(
    ("item", "answer", "display"),
    [
        (CHOICE, {"value": "female", "other": None}, "Female"),
        (CHOICE, {"value": "another", "other": "non-binary"}, "Another gender: non-binary"),
        (CHOICE, {"value": "female", "other": "stray"}, "Female"),
        (CHOICE, {"value": "prefer_not_to_say", "other": None}, "Prefer not to say"),
        (CHOICE, {"value": None, "other": None}, ""),
        (CHOICE, None, ""),
        (
            dataclasses.replace(CHOICE, type="multi_choice"),
            {"value": ["female", "another"], "other": "both"},
            "Female; Another gender: both",
        ),
        (Item("age", 4, "integer", "Age", prefer_not_to_say=PNTS), {"value": 34}, "34"),
        (Item("age", 4, "integer", "Age", prefer_not_to_say=PNTS), {"value": 0}, "0"),
        (Item("t", 2, "duration", "Time"), {"value": {"years": 1, "months": 1}}, "1 year, 1 month"),
        (
            Item("t", 2, "duration", "Time"),
            {"value": {"years": 0, "months": 7}},
            "0 years, 7 months",
        ),
        (Item("h", 8, "text", "Help"), {"value": "Counselling"}, "Counselling"),
    ],
)
def test_display_answer(app, item, answer, display):
    with app.app_context():
        assert display_answer(item, answer) == display


@pytest.mark.parametrize(
    ("numbers", "words"), [([4], "4"), ([4, 7], "4 and 7"), ([2, 4, 7], "2, 4 and 7")]
)
def test_number_list(app, numbers, words):
    with app.test_request_context():
        assert number_list(numbers) == words


def test_form_classes_are_built_once_per_instrument_version(app):
    with app.app_context():
        questionnaire = current_instruments().questionnaire
        form_class = build_form_class(questionnaire)
        assert build_form_class(questionnaire) is form_class
        assert build_form_class(changed_questionnaire(app)) is not form_class
        fields = {name for name in dir(form_class) if name.startswith("item-")}
    assert {"item-age", "item-age-prefer_not_to_say", "item-gender-details"} <= fields
    assert {"item-time_in_therapy-years", "item-time_in_therapy-months"} <= fields
    assert "item-time_in_therapy" not in fields and "item-gender-prefer_not_to_say" not in fields


def test_an_item_the_file_marks_required_cannot_be_skipped(app, logged_in):
    registered_participant(app)
    with app.app_context():
        changed_questionnaire(app, age_required=True)
    data = {name: value for name, value in VALID.items() if name != "item-age"}
    html = submit(logged_in, {**data, "confirm_empty": "age"}).get_data(as_text=True)
    assert 'id="item-age-error"><p class="error">Please answer this question.' in html
    assert submit(logged_in, {**data, "item-age-prefer_not_to_say": "y"}).status_code == 302
