"""The interviewer's note box saves itself (notes.js), apart from the answer, and survives a reload."""

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
