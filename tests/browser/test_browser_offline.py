"""Scenario 7: the queue never jams, and the whole interview goes on offline.

A text the server refuses goes to the page's "Not saved" list (still there to copy) and the texts
behind it are saved; offline, the interviewer switches section, adds a change, rates one, adds a
follow-up question and types answers, and once the connection is back each of them reaches the
server exactly once, in the order it was done; a server that cannot write keeps the text queued.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, Request, Route, expect
from session_steps import (
    RATING_SCALES,
    add_change,
    add_follow_up,
    answer_box,
    expect_saved,
    interview_ready,
    open_section,
)
from tablet import TABLET

pytestmark = pytest.mark.browser

FOLLOW_UP = "Since when do you take it?"


class PostLog:
    """Every POST the page sent that the server answered (not the "opened" marks), in order."""

    def __init__(self, page: Page) -> None:
        self.answered: list[str] = []
        page.on("requestfinished", self._finished)

    def _finished(self, request: Request) -> None:
        response = request.response()
        if request.method != "POST" or response is None or response.status >= 500:
            return
        path = request.url.split("/interview", 1)[1]
        if path == "/autosave":
            body = json.loads(request.post_data or "{}")
            if "text" not in body:
                return
            path += ":" + body["question_id"]
        self.answered.append(path)


def type_offline(page: Page, question_id: str, text: str) -> None:
    """Type into a box and leave it (the text goes into the queue at once)."""
    box = answer_box(page, question_id)
    box.click()
    box.press_sequentially(text)
    box.blur()


def record(tablet: BrowserContext, code: str) -> dict:
    """The participant's record.json, read with the tablet's login."""
    return json.loads(tablet.request.get(f"/participants/{code}/record.json").text())


def answers(data: dict) -> dict[str, str]:
    """Question id -> answer text, over all sections."""
    return {q["id"]: q["answer"] for s in data["interview"]["sections"] for q in s["questions"]}


def test_a_refused_text_goes_to_not_saved_and_the_rest_is_saved(
    tablet: BrowserContext, page: Page, new_tablet: Callable[..., BrowserContext]
) -> None:
    code = interview_ready(tablet, page, "T21")
    add_follow_up(page, FOLLOW_UP, "", after="1. Are you taking any medication at the moment?")
    follow_up = page.locator(".question", has_text=FOLLOW_UP)
    question_id = (follow_up.get_attribute("id") or "")[2:]
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")

    tablet.set_offline(True)
    type_offline(page, question_id, "Two years, since the move.")  # first in the queue
    type_offline(page, "current-medication", "Sertraline.")
    type_offline(page, "how-therapy-felt", "Hard at first.")
    state = page.locator("[data-save-state]")
    expect(state).to_have_text("Offline — 3 changes waiting")
    # Meanwhile the follow-up question is deleted on another tablet: its text has no place left.
    other = new_tablet(storage_state=tablet.storage_state())
    delete = f"/participants/{code}/interview/adhoc/{question_id}/delete"
    assert other.request.post(delete, form={"csrf_token": token or ""}).ok

    tablet.set_offline(False)
    not_saved = page.locator("[data-not-saved]")
    expect(not_saved).to_be_visible()
    item = not_saved.locator("li")
    expect(item).to_have_count(1)
    expect(item).to_contain_text(FOLLOW_UP)
    expect(item).to_contain_text("There is no such question in this interview.")
    kept = item.get_by_role("textbox", name=re.compile(re.escape(FOLLOW_UP)))
    expect(kept).to_have_value("Two years, since the move.")
    expect(kept).to_have_attribute("readonly", "")
    expect_saved(page)  # the two texts behind the refused one went through
    saved = answers(record(tablet, code))
    assert saved["current-medication"] == "Sertraline."
    assert saved["how-therapy-felt"] == "Hard at first."

    page.reload()  # the list outlives a reload until it is dismissed
    expect(not_saved.locator("li")).to_have_count(1)
    not_saved.get_by_role("button", name="Dismiss").click()
    expect(not_saved).to_be_hidden()
    page.reload()
    expect(not_saved).to_be_hidden()


def test_offline_interview_is_replayed_once_in_order(tablet: BrowserContext, page: Page) -> None:
    code = interview_ready(tablet, page, "T22")
    open_section(page, code, "changes")
    add_change(page, "Sleeping through the night", (3, 3, 3))  # rated again offline below
    open_section(page, code, "ratings")  # seen in this tab: it opens offline too
    open_section(page, code, "changes")
    log = PostLog(page)

    tablet.set_offline(True)
    stepper = page.get_by_role("navigation", name="Sections")
    never_seen = stepper.get_by_role("link", name=re.compile(r"^4\. Attributions"))
    expect(never_seen).to_have_attribute("data-needs", "needs the connection")
    expect(never_seen).to_have_attribute("aria-disabled", "true")
    expect(page.get_by_role("button", name="Finish interview")).to_be_disabled()
    # Their labels never widen the page: a tablet would zoom the whole page out (and a tap would
    # land beside its target).
    assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["viewport"]["width"]

    type_offline(page, "changes-noticed", "I sleep and I say no.")
    page.locator("summary", has_text="Add a change").click()
    change_form = page.locator("form.change-form")
    change_form.get_by_label("The change, in the participant's words").fill("Saying no at work")
    change_form.get_by_role("radio", name="Change for the worse").check()
    change_form.get_by_role("button", name="Add change").click()
    pending = page.locator("[data-pending]")
    expect(pending).to_contain_text("New change Saying no at work")

    stepper.get_by_role("link", name=re.compile(r"^3\. Change ratings")).click()
    expect(page.get_by_role("heading", name="3. Change ratings")).to_be_visible()
    assert page.url.endswith("section=ratings")
    rate = page.locator("#change-1 form.rate-form")
    for scale, point in zip(RATING_SCALES, (4, 2, 5), strict=True):
        group = rate.get_by_role("group", name=scale, exact=True)
        group.get_by_role("radio", name=re.compile(rf"^{point} ")).check()
    rate.get_by_role("button", name="Save ratings").click()
    expect(pending).to_contain_text("Ratings of change 1")
    add_follow_up_offline(page, "What made the difference?", "My sister.")
    type_offline(page, "ratings-notes", "Rated with the card.")
    expect(page.locator("[data-save-state]")).to_have_text("Offline — 5 changes waiting")
    assert log.answered == []

    tablet.set_offline(False)
    # Replayed in order; then the page shows the server's view of the section again.
    added = page.locator(".question", has_text="What made the difference?")
    expect(added).to_be_visible(timeout=20_000)
    expect(pending).to_be_hidden()
    assert log.answered == [
        "/autosave:changes-noticed",
        "/changes",
        "/changes/1/edit?section=ratings",
        "/adhoc",
        "/autosave:ratings-notes",
    ]
    data = record(tablet, code)
    changes = [
        (c["description"], [(r or {}).get("value") for r in c["ratings"].values()])
        for c in data["interview"]["changes"]
    ]
    assert changes == [
        ("Sleeping through the night", [4, 2, 5]),
        ("Saying no at work", [None, None, None]),
    ]
    saved = answers(data)
    assert saved["changes-noticed"] == "I sleep and I say no."
    assert saved["ratings-notes"] == "Rated with the card."
    assert [q["answer"] for q in data["interview"]["sections"][2]["questions"]] == [
        "Rated with the card.",
        "My sister.",
    ]


def add_follow_up_offline(page: Page, wording: str, answer: str) -> None:
    """Fill and send the follow-up form; offline it joins the queue and is listed as waiting."""
    page.locator("summary", has_text="Add your own follow-up question").click()
    page.get_by_label("Your question").fill(wording)
    page.get_by_label("Answer or notes").fill(answer)
    page.get_by_role("button", name="Add question").click()
    expect(page.locator("[data-pending]")).to_contain_text(wording)


def test_a_server_that_cannot_write_keeps_the_text_queued(
    tablet: BrowserContext, page: Page
) -> None:
    code = interview_ready(tablet, page, "T23")
    open_section(page, code, "resources")
    log = PostLog(page)

    # The server's answer on a full disk or a read-only instance (503 cannot_write), given here
    # by a route: what is tested is the page's side of it.
    def cannot_write(route: Route) -> None:
        body = {"error": "cannot_write", "message": "The server cannot write."}
        route.fulfill(status=503, json=body, headers={"Retry-After": "5"})

    page.route("**/interview/autosave", cannot_write)
    type_offline(page, "resources-personal", "I kept coming.")
    state = page.locator("[data-save-state]")
    expect(state).to_have_text("Not saved — the server cannot write")
    stored = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('autosave:'))")
    assert stored == [f"autosave:{code}:resources-personal"]

    page.unroute("**/interview/autosave", cannot_write)
    expect_saved(page)  # the retry (with backoff) sends the kept text
    assert log.answered == ["/autosave:resources-personal"]
    assert answers(record(tablet, code))["resources-personal"] == "I kept coming."
    assert page.evaluate("Object.keys(localStorage).length") == 0
