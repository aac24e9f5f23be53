"""Scenario: the interviewer types the transcript beside the recording, without leaving the keyboard.

A recorded interview (eight seconds of WebM/Opus, uploaded the way recorder.js sends it) opens on
the transcription page: Esc plays and pauses, Ctrl+↑ and Ctrl+← reach the player from inside a
text box, Ctrl+Enter adds a turn at the player's time for the other speaker, typing is saved
(the test waits on the save's answer) and a reload shows what was saved. Offline, changes wait on
the tablet and go when it is back; a refused change stays on the page to be copied.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from recording_helpers import chunk_url, new_segment, webm_audio
from session_steps import interview_ready
from tablet import ADMIN, LiveServer, create_participant, login

pytestmark = pytest.mark.browser

SECONDS = 8


def upload_recording(tablet: BrowserContext, page: Page, code: str) -> None:
    """One stopped segment of tone, sent with the tablet's session and the page's token."""
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    data = webm_audio(SECONDS)
    url = chunk_url(new_segment(), 0, data, final="stop", code=code)
    response = tablet.request.post(url, data=data, headers={"X-CSRFToken": token})
    assert response.ok, response.text()


def turns(page: Page):
    """The turns of the transcript, in order."""
    return page.locator("[data-turns] > li")


def player(page: Page, expression: str):
    """A value from the page's player (listen.js)."""
    return page.evaluate(f"window.interviewPlayer.{expression}")


def saved(page: Page, action: str):
    """Wait for the answer to the next change of this kind (save, insert, delete)."""
    return page.expect_response(lambda r: r.url.endswith(f"/transcript/turns/{action}"))


def test_keys_play_insert_the_time_and_typing_is_saved_across_a_reload(
    tablet: BrowserContext, page: Page, server: LiveServer
):
    code = interview_ready(tablet, page, "T31")
    upload_recording(tablet, page, code)
    page.goto(f"/participants/{code}/transcript")
    expect(page.locator("[data-player]")).to_be_visible()
    expect(turns(page)).to_have_count(0)

    page.keyboard.press("Escape")
    page.wait_for_function("() => !window.interviewPlayer.paused()")
    page.wait_for_function("() => window.interviewPlayer.position() > 1500")
    page.keyboard.press("Escape")
    page.wait_for_function("() => window.interviewPlayer.paused()")
    at = player(page, "position()")
    assert 1500 < at < SECONDS * 1000

    with saved(page, "insert") as answer:
        page.keyboard.press("Control+Enter")
    assert answer.value.ok and answer.value.json()["version"] == 1
    first = turns(page).nth(0)
    shown = page.evaluate(f"window.interviewClock({at})")
    expect(first.locator("[data-start]")).to_have_value(shown)
    expect(first.locator("[data-speaker]")).to_have_value("interviewer")
    expect(first.locator("[data-text]")).to_be_focused()

    # The player's keys work from inside the text box.
    page.keyboard.press("Control+ArrowUp")
    expect(page.locator("[data-speed]")).to_have_value("1.25")
    page.keyboard.press("Control+ArrowLeft")
    page.wait_for_function(f"() => window.interviewPlayer.position() < {at - 1000}")

    with saved(page, "save") as answer:
        page.keyboard.type("Kako se počutite danes?")
    assert answer.value.ok
    expect(page.locator("[data-tx-state]")).to_have_text(re.compile("^Saved"))

    with saved(page, "insert"):
        page.keyboard.press("Control+Enter")
    second = turns(page).nth(1)
    expect(second.locator("[data-speaker]")).to_have_value("participant")
    with saved(page, "save"):
        page.keyboard.type("Bolje, hvala. Ich schlafe wieder 😴")

    page.reload()
    expect(turns(page)).to_have_count(2)
    expect(turns(page).nth(0).locator("[data-text]")).to_have_value("Kako se počutite danes?")
    expect(turns(page).nth(0).locator("[data-start]")).to_have_value(shown)
    expect(turns(page).nth(1).locator("[data-text]")).to_have_value(
        "Bolje, hvala. Ich schlafe wieder 😴"
    )
    expect(turns(page).nth(1).locator("[data-speaker]")).to_have_value("participant")


def test_offline_changes_wait_and_a_refused_one_stays_to_be_copied(
    tablet: BrowserContext, page: Page, server: LiveServer
):
    login(page)
    code = create_participant(page, "T32")
    page.goto(f"/participants/{code}/transcript")
    expect(page.get_by_text("There is no recording to play here")).to_be_visible()

    tablet.set_offline(True)
    page.get_by_role("button", name="Add a turn").click()
    page.keyboard.type("Typed without a connection.")
    state = page.locator("[data-tx-state]")
    expect(state).to_have_text(re.compile("waiting to be sent"))
    with saved(page, "save"):
        tablet.set_offline(False)
    expect(state).to_have_text(re.compile("^Saved"))

    # Another tab changes the transcript: this page's next change is refused, its text kept.
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    other = {"position": 0, "version": 2, "speaker": "participant", "text": "From another tab."}
    response = tablet.request.post(
        f"/participants/{code}/transcript/turns/save", data=other, headers={"X-CSRFToken": token}
    )
    assert response.ok, response.text()
    expect(turns(page).nth(0).locator("[data-text]")).to_be_focused()
    with saved(page, "save") as answer:
        page.keyboard.type(" And more.")
    assert answer.value.status == 409
    refused = page.locator("[data-not-saved]")
    expect(refused).to_be_visible()
    expect(refused.locator("textarea")).to_have_value("Typed without a connection. And more.")
    expect(refused).to_contain_text("changed elsewhere")
    page.reload()
    expect(refused.locator("textarea")).to_have_value("Typed without a connection. And more.")
    refused.get_by_role("button", name="Dismiss").click()
    expect(refused).to_be_hidden()


def test_an_erased_participant_leaves_the_page_and_the_tablet(
    tablet: BrowserContext, page: Page, server: LiveServer, new_tablet
):
    login(page)
    code = create_participant(page, "T33")
    page.goto(f"/participants/{code}/transcript")
    tablet.set_offline(True)
    page.get_by_role("button", name="Add a turn").click()
    page.keyboard.type("Words that must not stay here.")
    expect(page.locator("[data-tx-state]")).to_have_text(re.compile("waiting to be sent"))
    stored = "() => Object.keys(localStorage).filter(k => k.startsWith('transcript:')).length"
    assert page.evaluate(stored) > 0

    # Meanwhile the admin deletes the participant on another device.
    office = new_tablet().new_page()
    login(office, ADMIN)
    token = office.locator('meta[name="csrf-token"]').get_attribute("content")
    form = {"csrf_token": token, "confirm": code}
    assert office.request.post(f"/participants/{code}/delete", form=form).ok
    assert office.request.get(f"/participants/{code}").status == 404

    with saved(page, "insert") as answer:
        tablet.set_offline(False)
    assert answer.value.status == 410
    expect(page.locator("[data-tx-state]")).to_contain_text("withdrew or was deleted")
    expect(turns(page)).to_have_count(0)
    assert page.evaluate(stored) == 0
