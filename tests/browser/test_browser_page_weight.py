"""Scenario 6: the interview page stays light on a tablet's connection and talks to no one else.

A participant with 30 answers of ~700 characters (18 protocol questions and 12 follow-ups, all in
the Changes section, which also lists five changes): every section page, loaded with a cold cache,
must transfer at most 60 KB in total (HTML + CSS + JS, uncompressed: waitress does not compress)
and must not make a single request to any host but the server.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, Response, expect
from session_steps import interview_ready
from tablet import SECTIONS, LiveServer

pytestmark = pytest.mark.browser

BUDGET = 60 * 1024
ANSWER = ("I felt heard and that changed how I speak to people at home. " * 12)[:700]


def seed_thirty_answers(tablet: BrowserContext, page: Page, code: str) -> None:
    """Fill the interview through the app's own endpoints, with the tablet's session and token."""
    base = f"/participants/{code}/interview"
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    assert token
    for number in range(12):
        form = {
            "csrf_token": token,
            "section_id": "changes",
            "after": "changes-noticed",
            "wording": f"And what happened then ({number + 1})?",
            "answer": ANSWER,
        }
        assert tablet.request.post(f"{base}/adhoc", form=form).ok
    for _change in range(5):
        form = {"csrf_token": token, "description": ANSWER[:200], "kind": "worse"}
        assert tablet.request.post(f"{base}/changes", form=form).ok
    record = json.loads(tablet.request.get(f"/participants/{code}/record.json").text())
    questions = [q for s in record["interview"]["sections"] for q in s["questions"]]
    assert len(questions) == 30
    for question in questions:
        if question["kind"] == "protocol":
            save = {"question_id": question["id"], "text": ANSWER}
            response = tablet.request.post(
                f"{base}/autosave", data=save, headers={"X-CSRFToken": token}
            )
            assert response.ok, response.text()


def load_cold(open_tablet: Callable[..., BrowserContext], state: dict, url: str):
    """Load a page in a fresh tablet (empty cache) logged in as before; returns every response
    and every requested URL."""
    context = open_tablet(storage_state=state)
    page = context.new_page()
    responses: list[Response] = []
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="load")
    expect(page.locator("[data-save-state]")).to_be_attached()
    page.wait_for_load_state("networkidle")  # the script's "opened" marks and first flush
    sizes = {response.url: len(response.body()) for response in responses if response.ok}
    context.close()
    return sizes, requested


def test_interview_page_with_thirty_answers_is_light_and_local(
    tablet: BrowserContext, page: Page, server: LiveServer, new_tablet
) -> None:
    code = interview_ready(tablet, page, "T11")
    seed_thirty_answers(tablet, page, code)
    state = tablet.storage_state()

    weights = {}
    for section in SECTIONS:
        url = f"/participants/{code}/interview?section={section}"
        sizes, requested = load_cold(new_tablet, state, url)
        foreign = [u for u in requested if not u.startswith(server.url + "/")]
        assert foreign == [], f"{section}: requests to other hosts: {foreign}"
        assert any(u.endswith("/static/js/autosave.js") for u in sizes), sizes
        weights[section] = sum(sizes.values())
    print("interview page weights (bytes):", weights)
    heaviest = max(weights, key=weights.get)
    assert heaviest == "changes"  # the section holding 15 of the 30 answers and the changes
    assert weights[heaviest] <= BUDGET, f"{heaviest}: {weights[heaviest]} bytes > {BUDGET}"
