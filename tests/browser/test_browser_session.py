"""Scenario 1: the whole session on a tablet, as the interviewer and the participant would do it.

The order is the app's: the participant signs, the interviewer takes the tablet back with the
password and countersigns, the tablet goes back for the questionnaire, then the interviewer takes
it back again and runs the interview.
"""

from __future__ import annotations

import io
import json

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from pypdf import PdfReader
from session_steps import (
    add_change,
    add_follow_up,
    answer_box,
    countersign,
    expect_saved,
    fill_questionnaire,
    go_to_section,
    hand_over,
    sign_consent,
    start_interview,
    take_tablet_back,
    type_answer,
)
from tablet import create_participant, login

pytestmark = pytest.mark.browser

# Answers typed in a jumped order (section 7 first, then 1, then 2 …), as an interview really goes.
ANSWERS = [
    ("Helpful aspects", "helpful-aspects", "She listened without judging me, every single time."),
    ("General", "current-medication", "Sertraline, 50 mg, since last spring."),
    ("General", "how-therapy-felt", "Hard at first, then like a safe harbour."),
    ("Changes", "changes-noticed", "I say no at work now and sleep through the night."),
    ("Attributions", "causes", "Mostly the steady weekly meetings with my therapist."),
]
FOLLOW_UP = ("What did the silence in that session mean to you?", "That I was allowed to feel it.")
CHANGES = [
    ("Saying no to extra work", (4, 2, 5)),
    ("Sleeping through the night", (3, 3, 4)),
    ("Calling my sister again", (5, 1, 5)),
]
SKIPPED = ("Suggestions", "anything-else")
RATING_IDS = ("expectedness", "likelihood", "importance")


def pdf_text(body: bytes) -> str:
    """The text of a PDF with whitespace normalised (lines wrap anywhere in a PDF)."""
    reader = PdfReader(io.BytesIO(body))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def run_interview(page: Page, code: str) -> None:
    """Answer in a jumped order, add a follow-up, three rated changes, skip one question."""
    for section, question_id, text in ANSWERS:
        go_to_section(page, section)
        type_answer(page, question_id, text)
    go_to_section(page, "Helpful aspects")
    add_follow_up(page, *FOLLOW_UP, after="1. What has been helpful about your therapy so far?")
    go_to_section(page, "Changes")
    for description, ratings in CHANGES:
        add_change(page, description, ratings)
    go_to_section(page, SKIPPED[0])
    page.locator(f"#q-{SKIPPED[1]}").get_by_label("Skip this question").check()
    expect_saved(page)
    # Every typed answer is still there after all the navigation, read back from the server.
    for section, question_id, text in ANSWERS:
        go_to_section(page, section)
        expect(answer_box(page, question_id)).to_have_value(text)
    page.get_by_role("button", name="Finish interview").click()
    # Not every question was answered: they are listed before the interview can end.
    expect(page.get_by_role("heading", name="questions empty?")).to_be_visible()
    page.get_by_role("button", name="Finish anyway").click()
    expect(page.get_by_text("Interview finished.")).to_be_visible()


def test_whole_session(tablet: BrowserContext, page: Page) -> None:
    login(page)
    code = create_participant(page, "T07")
    page.goto("/")
    expect(page.get_by_role("link", name=code)).to_be_visible()

    hand_over(page, code)
    drawing = sign_consent(tablet, page, "ANA NOVAK")
    assert len(drawing["strokes"]) == 2  # one mouse stroke, one finger stroke
    take_tablet_back(page)
    countersign(tablet, page, "Anna Interviewer")
    fill_questionnaire(page)
    take_tablet_back(page)
    expect(page.get_by_text("You have the tablet back.")).to_be_visible()

    start_interview(page, code)
    run_interview(page, code)

    # PDFs render at the lowest CPU priority: on a busy machine that takes a while.
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("link", name="Download coding PDF").click(timeout=60_000)
    download = download_info.value
    assert download.suggested_filename == f"{code}-coding.pdf"
    text = pdf_text(download.path().read_bytes())
    for _section, _question, answer in ANSWERS:
        assert answer in text
    for phrase in (*FOLLOW_UP, *(description for description, _ in CHANGES)):
        assert phrase in text
    assert "ANA NOVAK" not in text  # the coding PDF never names the participant

    check_record(json.loads(tablet.request.get(f"/participants/{code}/record.json").text()))

    # The consent PDF is served inline, and Chromium shows it in its viewer (whose page is HTML),
    # so the file behind the link is fetched with the tablet's own cookies instead.
    consent_link = page.get_by_role("link", name="Signed consent (PDF)")
    consent_pdf = tablet.request.get(consent_link.get_attribute("href"))
    assert consent_pdf.ok and consent_pdf.headers["content-type"] == "application/pdf"
    consent_text = pdf_text(consent_pdf.body())
    assert "ANA NOVAK" in consent_text and "Anna Interviewer" in consent_text


def check_record(record: dict) -> None:
    """What the session produced, as the server stored it (record.json)."""
    assert record["consent"]["status"] == "signed"
    items = {item["id"]: item for item in record["questionnaire"]["items"]}
    assert items["therapy_style"]["other"] == "Gestalt therapy"
    assert items["time_in_therapy"]["value"] == {"years": 2, "months": 4}
    assert items["age"]["value"] == 34
    assert items["problem_areas"]["value"] == ["anxiety", "stress", "other"]
    assert items["diagnosis"]["display"] == "Yes: Generalised anxiety disorder"
    assert items["medication"]["other"] == "Sertraline"
    interview = record["interview"]
    assert interview["status"] == "complete" and interview["duration_seconds"] is not None
    questions = {q["id"]: q for s in interview["sections"] for q in s["questions"]}
    for _section, question_id, text in ANSWERS:
        assert questions[question_id]["answer"] == text
    assert questions[SKIPPED[1]]["skipped"] is True
    helpful = next(s for s in interview["sections"] if s["id"] == "helpful")["questions"]
    # The follow-up sits right after the question it was added after, with its answer.
    assert [q["kind"] for q in helpful] == ["protocol", "adhoc", "protocol"]
    assert (helpful[1]["text"], helpful[1]["answer"]) == FOLLOW_UP
    ratings = [
        (c["description"], tuple(c["ratings"][s]["value"] for s in RATING_IDS))
        for c in interview["changes"]
    ]
    assert ratings == CHANGES
