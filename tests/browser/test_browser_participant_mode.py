"""Scenario 4: once the tablet is handed over, the browser cannot get back to interviewer pages.

Whatever the participant tries (typed URLs, the back button, a second tab), every page is either
one of their own participant pages or the 403 "not available" page; the interviewer's pages, the
registry and the other participants stay out of reach until the password is typed.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import BrowserContext, Page, Response, expect
from session_steps import CONSENT_ONLY, hand_over
from tablet import PASSWORD, create_participant, login

pytestmark = pytest.mark.browser

# Interviewer pages a curious participant might type (or find in the browser's history).
INTERVIEWER_PATHS = [
    "/",
    "/?q=P",
    "/participants/new",
    "/participants/{code}",
    "/participants/{code}/edit",
    "/participants/{other}",
    "/participants/{other}/consent",
    "/participants/{code}/consent/countersign",
    "/participants/{code}/consent.pdf",
    "/participants/{code}/interview",
    "/participants/{code}/record.json",
    "/participants/{code}/coding.pdf",
    "/admin/users",
    "/export/",
    "/login",
]


def participant_paths(code: str) -> set[str]:
    """The pages the participant may see while the consent is theirs to sign."""
    return {
        f"/participants/{code}/consent",
        f"/participants/{code}/handover/next",
        f"/participants/{code}/handover/unlock",
    }


def expect_locked(page: Page, response: Response | None, code: str) -> None:
    """The page is the participant's own page or the 403 page, never an interviewer page."""
    path = re.sub(r"^https?://[^/]+", "", page.url).split("?")[0]
    status = response.status if response else None
    assert status == 403 or path in participant_paths(code), f"{page.url} answered {status}"
    expect(page.locator("body")).to_have_class(re.compile(r"\bparticipant-mode\b"))
    # The interviewer's header (registry link, log-out button) is never shown to the participant.
    expect(page.get_by_role("button", name=re.compile("^Log out"))).to_have_count(0)
    expect(page.get_by_role("link", name="Participants", exact=True)).to_have_count(0)
    if status == 403:
        expect(page.get_by_role("heading", name=re.compile("not available"))).to_be_visible()


def test_participant_mode_cannot_be_escaped(tablet: BrowserContext, page: Page) -> None:
    login(page)
    other = create_participant(page, "T01")
    code = create_participant(page, "T02")
    hand_over(page, code, CONSENT_ONLY)
    expect(page).to_have_url(re.compile(rf"/participants/{code}/consent$"))

    # The back button: the history holds the interviewer's participant page and the registry.
    for _step in range(3):
        response = page.go_back()
        expect_locked(page, response, code)

    for template in INTERVIEWER_PATHS:
        response = page.goto(template.format(code=code, other=other))
        expect_locked(page, response, code)

    # A second tab shares the session cookie, and with it the lock.
    second = tablet.new_page()
    for path in ("/", f"/participants/{code}", f"/participants/{code}/interview"):
        response = second.goto(path)
        expect_locked(second, response, code)
    response = second.goto(f"/participants/{code}/consent")
    assert response is not None and response.status == 200
    second.close()

    # The "Continue" button of the 403 page leads back to the participant's task.
    page.goto("/")
    page.get_by_role("link", name="Continue").click()
    expect(page).to_have_url(re.compile(rf"/participants/{code}/consent$"))

    # Only the interviewer's password opens the interviewer's pages again.
    page.goto(f"/participants/{code}/handover/unlock")
    page.get_by_label("Interviewer's password").fill("not the password")
    page.get_by_role("button", name="Take the tablet back").click()
    expect(page.get_by_text("That password is not right.")).to_be_visible()
    response = page.goto("/")
    expect_locked(page, response, code)
    page.goto(f"/participants/{code}/handover/unlock")
    page.get_by_label("Interviewer's password").fill(PASSWORD)
    page.get_by_role("button", name="Take the tablet back").click()
    expect(page.get_by_role("heading", name=f"Participant {code}")).to_be_visible()
    expect(page.get_by_role("button", name="Log out anna")).to_be_visible()
