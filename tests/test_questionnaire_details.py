"""A "say which" may be answered "prefer not to say which": stored as the code, shown as such."""

from __future__ import annotations

import csv
import io

import pytest
from factories import registered_participant
from questionnaire_helpers import FILL, VALID, error_next_to, submit

from interview.export.formats.tidy import tidy_files
from interview.extensions import db
from interview.models import Participant, QuestionnaireResponse
from interview.record.build import build_record

DECLINE_DIAGNOSIS = {
    "item-diagnosis": "yes",
    "item-diagnosis-details": "",
    "item-diagnosis-details-prefer_not_to_say": "y",
}
DECLINE_MEDICATION = {
    "item-medication": "yes",
    "item-medication-details": "",
    "item-medication-details-prefer_not_to_say": "y",
}


@pytest.fixture
def code(app) -> str:
    """P01, with a signed consent."""
    return registered_participant(app)


def answers(app) -> dict | None:
    """The stored answers of P01, or None when nothing was saved."""
    with app.app_context():
        response = db.session.execute(db.select(QuestionnaireResponse)).scalar()
        return response.answers if response else None


def exported(app) -> tuple[dict, dict[str, str], str]:
    """P01's record, participants.csv row and codebook."""
    with app.app_context():
        record = build_record(db.session.execute(db.select(Participant)).scalar_one())
    files = tidy_files([record])
    [row] = csv.DictReader(io.StringIO(files["participants.csv"].decode()))
    return record, row, files["codebook.txt"].decode()


def test_the_box_stands_beside_the_details_text(logged_in, code):
    html = logged_in.get(FILL).get_data(as_text=True)
    diagnosis = html[html.index('id="q-diagnosis"') : html.index('id="q-medication"')]
    box = 'name="item-diagnosis-details-prefer_not_to_say"'
    assert diagnosis.index('name="item-diagnosis-details"') < diagnosis.index(box)
    assert "Prefer not to say which" in diagnosis
    assert 'name="item-medication-details-prefer_not_to_say"' in html
    assert 'name="item-gender-details-prefer_not_to_say"' in html  # every "say which" offers it


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"item-diagnosis": "yes", "item-diagnosis-details": ""}, "item-diagnosis-details"),
        ({"item-medication-details": "  "}, "item-medication-details"),
    ],
)
def test_yes_with_nothing_said_is_refused_next_to_the_field(logged_in, app, code, overrides, field):
    response = submit(logged_in, {**VALID, **overrides})
    assert response.status_code == 200
    message = error_next_to(response.get_data(as_text=True), field)
    assert "it is needed when you choose “Yes”." in message
    assert "Or tick “Prefer not to say which”." in message
    assert answers(app) is None


def test_text_and_the_box_together_are_refused(logged_in, app, code):
    data = {**VALID, **DECLINE_DIAGNOSIS, "item-diagnosis-details": "depression"}
    html = submit(logged_in, data).get_data(as_text=True)
    message = error_next_to(html, "item-diagnosis-details")
    assert "Fill in “Which diagnosis?” or tick “Prefer not to say which”, not both." in message
    assert answers(app) is None


def test_yes_and_prefer_not_to_say_which_is_saved_and_shown(logged_in, app, code):
    assert (
        submit(logged_in, {**VALID, **DECLINE_DIAGNOSIS, **DECLINE_MEDICATION}).status_code == 302
    )
    stored = answers(app)
    assert stored["diagnosis"] == {"value": "yes", "other": "prefer_not_to_say"}
    assert stored["medication"] == {"value": "yes", "other": "prefer_not_to_say"}
    record, row, codebook = exported(app)
    items = {item["id"]: item for item in record["questionnaire"]["items"]}
    assert items["diagnosis"]["other"] == "prefer_not_to_say"
    assert items["diagnosis"]["display"] == "Yes: Prefer not to say which"
    assert items["medication"]["display"] == "Yes: Prefer not to say which"
    assert (row["diagnosis"], row["diagnosis_other"]) == ("yes", "prefer_not_to_say")
    assert (row["medication"], row["medication_other"]) == ("yes", "prefer_not_to_say")
    other = codebook[codebook.index("diagnosis_other") :]
    assert "prefer_not_to_say = Prefer not to say" in other[: other.index("medication")]
    panel = logged_in.get("/participants/P01").get_data(as_text=True)
    assert "<dd>Yes: Prefer not to say which</dd>" in panel
    history = logged_in.get("/participants/P01/questionnaire/history").get_data(as_text=True)
    assert "<dd>Yes: Prefer not to say which</dd>" in history


def test_an_edit_shows_the_box_ticked_and_keeps_the_answer(logged_in, app, code):
    submit(logged_in, {**VALID, **DECLINE_DIAGNOSIS})
    html = logged_in.get(FILL).get_data(as_text=True)
    assert '<input checked id="item-diagnosis-details-prefer_not_to_say"' in html
    assert 'name="item-diagnosis-details" type="text" value=""' in html
    unchanged = {**VALID, **DECLINE_DIAGNOSIS}
    assert submit(logged_in, unchanged).status_code == 302
    with app.app_context():
        assert db.session.execute(db.select(QuestionnaireResponse)).scalar_one().revisions == []


def test_yes_with_text_is_stored_as_before(logged_in, app, code):
    data = {**VALID, "item-diagnosis": "yes", "item-diagnosis-details": "depression"}
    assert submit(logged_in, data).status_code == 302
    assert answers(app)["diagnosis"] == {"value": "yes", "other": "depression"}
    record, row, codebook = exported(app)
    items = {item["id"]: item for item in record["questionnaire"]["items"]}
    assert items["diagnosis"]["display"] == "Yes: depression"
    assert row["diagnosis_other"] == "depression"
    other = codebook[codebook.index("diagnosis_other") :]
    assert "prefer_not_to_say" not in other[: other.index("medication")]


def test_the_box_without_its_option_is_dropped(logged_in, app, code):
    data = {**VALID, "item-diagnosis": "no", "item-diagnosis-details-prefer_not_to_say": "y"}
    assert submit(logged_in, data).status_code == 302
    assert answers(app)["diagnosis"] == {"value": "no", "other": None}
