"""The questionnaire through HTTP: every item type, bad input, follow-ups, empty items, consent, hand-over."""

from __future__ import annotations

import pytest
from factories import registered_participant
from flask import url_for
from helpers import lock_logins
from questionnaire_helpers import FILL, STORED, VALID, error_next_to, submit

from interview.extensions import db
from interview.models import AuditEvent, InstrumentSnapshot, QuestionnaireResponse


@pytest.fixture
def code(app) -> str:
    """P01 with a signed consent."""
    return registered_participant(app)


def stored(app) -> QuestionnaireResponse | None:
    """The one questionnaire response in the database, detached, or None."""
    with app.app_context():
        response = db.session.execute(db.select(QuestionnaireResponse)).scalar_one_or_none()
        if response is not None:
            db.session.expunge(response)
        return response


def actions(app) -> list[str]:
    """The audit actions recorded, oldest first."""
    with app.app_context():
        return list(
            db.session.execute(db.select(AuditEvent.action).order_by(AuditEvent.id)).scalars()
        )


def test_page_shows_every_item_with_prefer_not_to_say_last(logged_in, code):
    html = logged_in.get(FILL).get_data(as_text=True)
    assert html.count('<fieldset class="q-item"') == 10
    assert 'min="16"' in html and 'max="120"' in html
    assert "Only if you chose “Another gender”." in html  # the no-JS hint
    gender = html[html.index('id="q-gender"') : html.index('id="q-age"')]
    assert gender.index('value="female"') < gender.index('class="q-options q-pnts"')
    assert gender.index('class="q-options q-pnts"') < gender.index('value="prefer_not_to_say"')
    assert "style=" not in html and "<script>" not in html  # the CSP allows neither


def test_valid_answers_of_every_type_are_saved(logged_in, app, code):
    response = submit(logged_in, VALID)
    assert response.status_code == 302
    assert response.headers["Location"] == "/participants/P01"
    saved = stored(app)
    assert saved.answers == STORED
    assert saved.status == "complete" and saved.completed_at.tzinfo is not None
    assert (saved.instrument_id, saved.instrument_version, saved.language) == (
        "demographics",
        "1.0",
        "en",
    )
    with app.app_context():
        assert db.session.get(InstrumentSnapshot, saved.instrument_sha256) is not None
    assert actions(app)[-1] == "submit_questionnaire"


@pytest.mark.parametrize(
    ("overrides", "item_id", "expected"),
    [
        ({"item-age": "16"}, "age", {"value": 16, "other": None}),
        ({"item-age": "120"}, "age", {"value": 120, "other": None}),
        (
            {"item-age": "", "item-age-prefer_not_to_say": "y"},
            "age",
            {"value": "prefer_not_to_say", "other": None},
        ),
        (
            {"item-time_in_therapy-years": "2", "item-time_in_therapy-months": ""},
            "time_in_therapy",
            {"value": {"years": 2, "months": 0}, "other": None},
        ),
        (
            {"item-time_in_therapy-years": "0", "item-time_in_therapy-months": "11"},
            "time_in_therapy",
            {"value": {"years": 0, "months": 11}, "other": None},
        ),
        (
            {"item-problem_areas": ["stress", "anxiety"]},
            "problem_areas",
            {"value": ["anxiety", "stress"], "other": None},
        ),
        (
            {"item-problem_areas": "prefer_not_to_say"},
            "problem_areas",
            {"value": "prefer_not_to_say", "other": None},
        ),
        (
            {"item-gender": "prefer_not_to_say"},
            "gender",
            {"value": "prefer_not_to_say", "other": None},
        ),
        ({"item-medication": "no"}, "medication", {"value": "no", "other": None}),
        (
            {"item-diagnosis": "yes", "item-diagnosis-details": " depression "},
            "diagnosis",
            {"value": "yes", "other": "depression"},
        ),
        (
            {"item-therapy_style": "other", "item-therapy_style-details": "Gestalt"},
            "therapy_style",
            {"value": "other", "other": "Gestalt"},
        ),
        (
            {"item-earlier_help": "", "item-earlier_help-prefer_not_to_say": "y"},
            "earlier_help",
            {"value": "prefer_not_to_say", "other": None},
        ),
    ],
)
def test_each_kind_of_answer_is_stored_as_the_record_format_says(
    logged_in, app, code, overrides, item_id, expected
):
    assert submit(logged_in, {**VALID, **overrides}).status_code == 302
    assert stored(app).answers[item_id] == expected


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"item-age": "thirty"}, "item-age", "Enter a whole number"),
        ({"item-age": "15"}, "item-age", "Enter a number from 16 to 120."),
        ({"item-age": "121"}, "item-age", "Enter a number from 16 to 120."),
        ({"item-age-prefer_not_to_say": "y"}, "item-age", "not both"),
        ({"item-gender": "robot"}, "item-gender", "Choose one of the answers shown."),
        ({"item-medication": "maybe"}, "item-medication", "Choose one of the answers shown."),
        (
            {"item-problem_areas": ["anxiety", "gambling"]},
            "item-problem_areas",
            "Choose only answers shown in the list.",
        ),
        (
            {"item-problem_areas": ["anxiety", "prefer_not_to_say"]},
            "item-problem_areas",
            "“Prefer not to say” cannot be combined with other answers",
        ),
        (
            {"item-gender-details": " "},
            "item-gender-details",
            "Fill in “In your own words”: it is needed when you choose “Another gender”.",
        ),
        (
            {"item-therapy_style": "other"},
            "item-therapy_style-details",
            "Fill in “Say which”",
        ),
        ({"item-problem_areas-details": ""}, "item-problem_areas-details", "Fill in “Say what”"),
        ({"item-medication-details": ""}, "item-medication-details", "Fill in “Which medication?”"),
        ({"item-diagnosis": "yes"}, "item-diagnosis-details", "Fill in “Which diagnosis?”"),
        ({"item-gender-details": "x" * 501}, "item-gender-details", "longer than 500"),
        (
            {"item-time_in_therapy-months": "12"},
            "item-time_in_therapy-months",
            "Months must be from 0 to 11.",
        ),
        (
            {"item-time_in_therapy-months": "-1"},
            "item-time_in_therapy-months",
            "Months must be from 0 to 11.",
        ),
        (
            {"item-time_in_therapy-years": "81"},
            "item-time_in_therapy-years",
            "Years must be from 0 to 80.",
        ),
        ({"item-time_in_therapy-years": "1.5"}, "item-time_in_therapy-years", "whole number"),
        (
            {"item-time_in_therapy-prefer_not_to_say": "y"},
            "item-time_in_therapy-years",
            "not both",
        ),
        ({"item-earlier_help": "x" * 4001}, "item-earlier_help", "under 4000 characters"),
    ],
)
def test_bad_input_is_refused_next_to_the_field(logged_in, app, code, overrides, field, message):
    response = submit(logged_in, {**VALID, **overrides})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in error_next_to(html, field)
    assert "Nothing was saved yet." in html
    assert stored(app) is None


def test_a_refused_answer_keeps_what_was_typed(logged_in, code):
    html = submit(logged_in, {**VALID, "item-age": "200"}).get_data(as_text=True)
    assert 'value="200"' in html
    assert 'id="item-gender-another" value="another" checked' in html
    assert 'value="non-binary"' in html


@pytest.mark.parametrize(
    ("overrides", "item_id"),
    [
        ({"item-gender": "female"}, "gender"),
        ({"item-medication": "no"}, "medication"),
        ({"item-diagnosis": "dont_know", "item-diagnosis-details": "a guess"}, "diagnosis"),
        ({"item-problem_areas": ["anxiety"]}, "problem_areas"),
    ],
)
def test_details_without_their_option_are_dropped(logged_in, app, code, overrides, item_id):
    data = {**VALID, f"item-{item_id}-details": "left over", **overrides}
    assert submit(logged_in, data).status_code == 302
    assert stored(app).answers[item_id]["other"] is None


def without(*item_fields: str) -> dict:
    """VALID with some fields left out, as a browser posts an untouched item."""
    return {name: value for name, value in VALID.items() if name not in item_fields}


def test_empty_items_are_listed_and_must_be_confirmed_once(logged_in, app, code):
    data = without("item-age", "item-problem_areas", "item-problem_areas-details")
    response = submit(logged_in, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Items 4 and 7 are still empty." in html
    assert 'name="confirm_empty" value="age problem_areas"' in html
    assert 'href="#q-age"' in html
    assert stored(app) is None
    assert submit(logged_in, {**data, "confirm_empty": "age problem_areas"}).status_code == 302
    saved = stored(app)
    assert saved.status == "complete"
    assert saved.answers["age"] == {"value": None, "other": None}
    assert saved.answers["problem_areas"] == {"value": None, "other": None}


def test_confirming_some_empty_items_does_not_cover_others(logged_in, app, code):
    data = without("item-age", "item-education")
    html = submit(logged_in, {**data, "confirm_empty": "age"}).get_data(as_text=True)
    assert "Items 4 and 5 are still empty." in html
    assert stored(app) is None


def test_everything_may_be_skipped(logged_in, app, code):
    html = submit(logged_in, {}).get_data(as_text=True)
    assert "Items 1, 2, 3, 4, 5, 6, 7, 8, 9 and 10 are still empty." in html
    ids = "therapy_style time_in_therapy gender age education employment problem_areas "
    ids += "earlier_help diagnosis medication"
    assert submit(logged_in, {"confirm_empty": ids}).status_code == 302
    assert stored(app).status == "complete"


def test_one_empty_item_in_the_singular(logged_in, code):
    html = submit(logged_in, without("item-age")).get_data(as_text=True)
    assert "Item 4 is still empty." in html


def test_the_interviewer_sees_and_edits_the_stored_answers(logged_in, code):
    submit(logged_in, VALID)
    html = logged_in.get(FILL).get_data(as_text=True)
    assert "already submitted" in html
    assert 'value="34"' in html and 'value="sertraline"' in html
    assert 'id="item-problem_areas-other" value="other" checked' in html
    assert submit(logged_in, {**VALID, "item-age": "35"}).status_code == 302
    html = logged_in.get("/participants/P01").get_data(as_text=True)
    assert "Edited once." in html and "Edit answers" in html


@pytest.mark.parametrize(
    ("status", "clauses_ok"),
    [(None, True), ("pending", True), ("declined", True), ("withdrawn", True), ("signed", False)],
)
def test_no_questionnaire_without_a_research_consent(logged_in, app, status, clauses_ok):
    registered_participant(app, consent=status, clauses_ok=clauses_ok)
    page = logged_in.get(FILL)
    assert page.status_code == 403
    assert "Consent needed first" in page.get_data(as_text=True)
    response = submit(logged_in, VALID, path=FILL)
    assert response.status_code == 403
    assert stored(app) is None
    panel = logged_in.get("/participants/P01").get_data(as_text=True)
    if status == "withdrawn":  # nothing will open: the participant left the study
        assert "Withdrawn: no questionnaire answers are kept." in panel
        assert "The questionnaire opens once the consent is signed." not in panel
    else:
        assert "The questionnaire opens once the consent is signed." in panel


def hand_over(client, app) -> None:
    """Lock anna's login to P01 for the questionnaire, as the hand-over page does (the page itself
    offers no questionnaire once it is complete, which some tests need)."""
    lock_logins(app, "anna", "P01", ["questionnaire"])


def test_participant_mode_goes_on_to_the_next_task(logged_in, app, code):
    hand_over(logged_in, app)
    html = logged_in.get(FILL).get_data(as_text=True)
    assert "participant-mode" in html
    assert (
        "private note" not in html and "T01" not in html and "Back to the participant" not in html
    )
    response = submit(logged_in, VALID)
    assert response.status_code == 302
    with app.test_request_context():
        expected = (
            url_for("handover.next_task", code="P01")
            if "handover.next_task" in app.view_functions
            else url_for("questionnaire.done", code="P01")
        )
    assert response.headers["Location"] == expected
    assert stored(app).answers == STORED


def test_history_is_not_for_the_participant(logged_in, app, code):
    if "handover.next_task" not in app.view_functions:
        pytest.skip("the hand-over lock has not landed yet")
    submit(logged_in, VALID)
    hand_over(logged_in, app)
    assert logged_in.get("/participants/P01/questionnaire/history").status_code == 403
    assert logged_in.get(FILL).status_code == 200


def test_a_post_without_csrf_token_is_refused(logged_in, app, code):
    assert logged_in.post(FILL, data=VALID).status_code == 400
    assert stored(app) is None


def test_thank_you_page_for_the_participant(logged_in, app, code):
    hand_over(logged_in, app)
    html = logged_in.get("/participants/P01/questionnaire/done").get_data(as_text=True)
    assert "Your answers are saved." in html and "private note" not in html
