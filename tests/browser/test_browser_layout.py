"""The tablet layout at 768 px: the registry's dates stay whole, the admin's menu keeps one line."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from tablet import ADMIN, create_participant, login

pytestmark = pytest.mark.browser


def rows_of(page: Page, selector: str) -> set[int]:
    """The distinct vertical positions of the elements: one value means one line."""
    tops = page.locator(selector).evaluate_all(
        "els => els.map(e => Math.round(e.getBoundingClientRect().top))"
    )
    return set(tops)


def test_registry_date_and_admin_menu_at_768_px(page: Page) -> None:
    login(page, ADMIN)
    create_participant(page, "T77")
    page.goto("/")
    date = page.locator(".participant-row .date").first
    assert date.evaluate("e => e.getClientRects().length") == 1  # not "2026-12-" / "01"
    assert len(rows_of(page, ".site-nav > a, .site-nav .link-button")) == 1
    header = page.locator(".site-header").bounding_box()
    assert header is not None and header["height"] < 2 * 44  # brand and menu share one row
