"""The stepper's count for the current section follows each acknowledged save, without a reload."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from session_steps import expect_saved, interview_ready, open_section, type_answer

pytestmark = pytest.mark.browser


def test_section_count_follows_answers_and_skips(tablet: BrowserContext, page: Page) -> None:
    code = interview_ready(tablet, page, "T12")
    open_section(page, code, "problematic")
    count = page.locator("[data-progress]")
    total = page.locator("section.question").count()
    expect(count).to_have_text(f"0/{total}")
    type_answer(page, "problematic-hindering", "She was late once.")
    expect(count).to_have_text(f"1/{total}")
    page.locator("#q-problematic-difficult input[type=checkbox]").check()
    expect_saved(page)
    expect(count).to_have_text(f"2/{total}")
    box = page.locator("#q-problematic-hindering textarea")
    box.fill("")
    box.blur()
    expect(count).to_have_text(f"1/{total}")
