"""Scenarios 2 and 3: autosave keeps every word through a lost connection and a server crash."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import BrowserContext, Page, Request, Route, expect
from session_steps import answer_box, expect_saved, interview_ready, type_answer
from tablet import LiveServer

pytestmark = pytest.mark.browser

OFFLINE_ANSWERS = [
    ("problematic-hindering", "Once she was late and I felt I did not matter."),
    ("problematic-difficult", "Talking about my father hurt, but it helped."),
    ("problematic-missing", "Nothing is missing, maybe longer sessions."),
]


class SaveLog:
    """Every autosave request the page sends that carries a text, and how each one ended."""

    def __init__(self, page: Page) -> None:
        self.sent: list[str] = []
        self.saved: list[str] = []
        page.on("request", self._sent)
        page.on("requestfinished", self._finished)

    @staticmethod
    def question(request: Request) -> str | None:
        """The question id of a text save (None for other requests and "opened" marks)."""
        if request.method != "POST" or not request.url.endswith("/interview/autosave"):
            return None
        body = json.loads(request.post_data or "{}")
        return body["question_id"] if "text" in body else None

    def _sent(self, request: Request) -> None:
        if question := self.question(request):
            self.sent.append(question)

    def _finished(self, request: Request) -> None:
        question = self.question(request)
        response = request.response()
        if question and response is not None and response.status == 200:
            self.saved.append(question)


def test_offline_typing_survives_a_reload_and_is_saved_once_in_order(
    tablet: BrowserContext, page: Page, server: LiveServer
) -> None:
    code = interview_ready(tablet, page)
    section_url = f"/participants/{code}/interview?section=problematic"
    response = page.goto(section_url)
    assert response is not None
    # The page and its assets as the browser got them: what a cached copy would hold.
    cached = {page.url: response.text()}
    for asset in page.locator("link[rel=stylesheet], script[src]").all():
        url = server.url + (asset.get_attribute("href") or asset.get_attribute("src"))
        cached[url] = tablet.request.get(url).text()
    log = SaveLog(page)

    tablet.set_offline(True)
    for question_id, text in OFFLINE_ANSWERS:
        box = answer_box(page, question_id)
        box.click()
        box.press_sequentially(text)
    state = page.locator("[data-save-state]")
    expect(state).to_have_text("Offline — 3 changes waiting")

    # A reload while offline cannot reach the server, and this app has no Service Worker, so the
    # test stands in for the browser's cache: routes serve the copies saved above and fail
    # everything else as a dead connection would. What is checked is the app's own promise: the
    # typed text comes back from localStorage into the freshly loaded page.
    def offline_cache(route: Route) -> None:
        if route.request.url in cached:
            content_type = "text/html" if "?" in route.request.url else None
            route.fulfill(body=cached[route.request.url], content_type=content_type)
        else:
            route.abort("internetdisconnected")

    tablet.route("**/*", offline_cache)
    page.reload()
    for question_id, text in OFFLINE_ANSWERS:
        expect(answer_box(page, question_id)).to_have_value(text)
    expect(state).to_have_text("Offline — 3 changes waiting")
    assert log.saved == []  # nothing reached the server yet

    tablet.unroute("**/*", offline_cache)
    tablet.set_offline(False)
    expect_saved(page)
    expect(page.locator(".save-state.is-warning")).to_have_count(0)

    # In order, exactly once: one successful save per answer, in the order they were typed.
    assert log.saved == [question_id for question_id, _ in OFFLINE_ANSWERS]
    record = json.loads(tablet.request.get(f"/participants/{code}/record.json").text())
    section = next(s for s in record["interview"]["sections"] if s["id"] == "problematic")
    assert [q["answer"] for q in section["questions"]] == [t for _, t in OFFLINE_ANSWERS]
    for question_id, _text in OFFLINE_ANSWERS:
        page.goto(f"/participants/{code}/interview/history/{question_id}")
        expect(page.get_by_role("heading", name=re.compile(r"^Now \(version 1,"))).to_be_visible()
        expect(page.get_by_role("heading", name="Earlier texts (0)")).to_be_visible()


# Python, the app and WeasyPrint start slowly on a loaded 2-core machine, and the page's retry
# backs off (1 s, 2 s, 4 s …): the first save after the restart may take a while.
RECOVERY_TIMEOUT_MS = 45_000


def test_server_crash_loses_nothing_that_was_shown_saved(
    tablet: BrowserContext, page: Page, server: LiveServer
) -> None:
    code = interview_ready(tablet, page)
    page.goto(f"/participants/{code}/interview?section=resources")
    before = [
        ("resources-personal", "I am stubborn in a good way: I kept coming."),
        ("resources-situation", "My partner took the children on Tuesdays."),
    ]
    for question_id, text in before:
        type_answer(page, question_id, text)  # waits until "Saved" is shown for this text

    server.kill()
    during = ("resources-personal", before[0][1] + " And I wrote things down.")
    answer_box(page, during[0]).fill(during[1])  # typed while the server is dead
    state = page.locator("[data-save-state]")
    expect(state).to_have_text(re.compile(r"^Offline — 1 changes? waiting"))

    server.start()  # same instance, same port
    # Read straight after the restart, before the page's retry: what was shown saved was saved.
    record = json.loads(tablet.request.get(f"/participants/{code}/record.json").text())
    answers = {
        q["id"]: q["answer"] for s in record["interview"]["sections"] for q in s["questions"]
    }
    assert answers["resources-situation"] == before[1][1]
    assert answers["resources-personal"] in (before[0][1], during[1])

    # The page recovers by itself: the outage's text reaches the server, nothing was lost.
    expect(state).to_have_text(re.compile(r"^Saved \d"), timeout=RECOVERY_TIMEOUT_MS)
    page.reload()
    expect(answer_box(page, during[0])).to_have_value(during[1])
    expect(answer_box(page, before[1][0])).to_have_value(before[1][1])
    record = json.loads(tablet.request.get(f"/participants/{code}/record.json").text())
    answers = {
        q["id"]: q["answer"] for s in record["interview"]["sections"] for q in s["questions"]
    }
    assert answers[during[0]] == during[1]
