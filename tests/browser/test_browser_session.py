"""Scenario 1: the whole session on a tablet, as the interviewer and the participant would do it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from tablet import create_participant, login

pytestmark = pytest.mark.browser


def test_login_and_create_participant(page: Page) -> None:
    login(page)
    code = create_participant(page, "T07")
    assert code.startswith("P")
    page.goto("/")
    expect(page.get_by_role("link", name=code)).to_be_visible()
