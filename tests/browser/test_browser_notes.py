"""The interviewer's note box saves itself (autosave.js), apart from the answer, and survives a reload."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from session_steps import answer_box, expect_saved, interview_ready, open_section, type_answer

pytestmark = pytest.mark.browser


def test_a_typed_note_is_saved_beside_the_answer(tablet: BrowserContext, page: Page) -> None:
    code = interview_ready(tablet, page, "T31")
    type_answer(page, "how-therapy-felt", "It was hard at first.")
    note = page.locator("textarea[name='note-how-therapy-felt']")
    expect(note).to_have_accessible_name(
        "Interviewer’s note: your own observation, never the participant’s words"
    )
    note.click()
    note.press_sequentially("Long pause before answering.")
    note.blur()
    expect_saved(page)
    record = page.request.get(f"/participants/{code}/record.json").json()
    question = record["interview"]["sections"][0]["questions"][1]
    assert question["interviewer_note"] == "Long pause before answering."
    assert question["answer"] == "It was hard at first."
    open_section(page, code, "general")
    expect(note).to_have_value("Long pause before answering.")
    expect(answer_box(page, "how-therapy-felt")).to_have_value("It was hard at first.")


def test_an_unsent_note_waits_in_the_queue_and_comes_back_after_a_reload(
    tablet: BrowserContext, page: Page
) -> None:
    code = interview_ready(tablet, page, "T32")
    page.route("**/interview/autosave", lambda route: route.abort())  # the server out of reach
    note = page.locator("textarea[name='note-how-therapy-felt']")
    note.click()
    note.press_sequentially("Looked away.")
    note.blur()
    expect(page.locator("[data-save-state]")).to_have_text("Offline — 1 change waiting")
    # Kept with the participant's other unsent texts (so erasing the participant wipes it too).
    stored = page.evaluate("Object.keys(localStorage)")
    assert stored == [f"autosave:{code}:note:how-therapy-felt"]

    page.reload()
    expect(note).to_have_value("Looked away.")
    page.unroute("**/interview/autosave")
    expect_saved(page)
    record = page.request.get(f"/participants/{code}/record.json").json()
    assert record["interview"]["sections"][0]["questions"][1]["interviewer_note"] == "Looked away."
    assert page.evaluate("Object.keys(localStorage).length") == 0
