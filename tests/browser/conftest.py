"""Browser fixtures: one Chromium per session, one real server per module, a fresh tablet per test.

Debian's chromium is driven by Playwright; nothing is downloaded. Without /usr/bin/chromium the
tests skip locally but fail in CI (`CI=true` or `INTERVIEW_REQUIRE_BROWSER=1`, set by .ci/run),
so a broken CI image can never turn the end-to-end tests green by skipping them.
When a test fails, every page still open is saved as test-artifacts/<test name>.png.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    expect,
    sync_playwright,
)
from tablet import ADMIN, CHROMIUM, CHROMIUM_ARGS, INTERVIEWER, TABLET, LiveServer

# Contexts open in the running test, for the failure screenshots.
OPEN_CONTEXTS: list[BrowserContext] = []
# Fail fast: a missing element should not cost the 30 s default on a 3-minute budget.
TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)


def browser_required() -> bool:
    """Whether a missing browser must fail the run instead of skipping (CI)."""
    return (
        os.environ.get("INTERVIEW_REQUIRE_BROWSER") == "1"
        or os.environ.get("CI", "").lower() == "true"
    )


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """The one Playwright of the run: its sync API cannot be started twice at once, so a module
    that needs a Chromium of its own (the recording's fake microphone) launches it from here."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} not found: install Debian's chromium package to run browser tests"
        if browser_required():
            pytest.fail(reason + " (required here: CI / INTERVIEW_REQUIRE_BROWSER=1)")
        pytest.skip(reason)
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, headless, shared by every browser test."""
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


def start_server(instance: Path) -> LiveServer:
    """A migrated instance with an interviewer and an admin, served on a free port."""
    server = LiveServer(instance)
    server.run_cli("init-db")
    server.add_user(INTERVIEWER)
    server.add_user(ADMIN, admin=True)
    server.start()
    return server


@pytest.fixture(scope="module")
def server(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The real `interview serve` for this module's tests (each test uses its own participant)."""
    live = start_server(tmp_path_factory.mktemp("instance"))
    yield live
    live.stop()


@pytest.fixture
def new_tablet(browser: Browser, server: LiveServer) -> Iterator[Callable[..., BrowserContext]]:
    """Open tablet-sized, touch-enabled browser contexts (keyword arguments go to
    `new_context`, e.g. `storage_state`); all are closed after the test."""
    contexts: list[BrowserContext] = []

    def open_tablet(**options: Any) -> BrowserContext:
        context = browser.new_context(base_url=server.url, **TABLET, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        OPEN_CONTEXTS.append(context)
        return context

    yield open_tablet
    for context in contexts:
        OPEN_CONTEXTS.remove(context)
        context.close()


@pytest.fixture
def tablet(new_tablet: Callable[..., BrowserContext]) -> BrowserContext:
    """One tablet (a fresh browser context: no cookies, no storage)."""
    return new_tablet()


@pytest.fixture
def page(tablet: BrowserContext) -> Page:
    """A tab on the tablet."""
    return tablet.new_page()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """On a failed test: a screenshot of every open page (before the fixtures close them), and the
    server's output in the report."""
    report = yield
    if report.when == "call" and report.failed:
        if OPEN_CONTEXTS:
            save_screenshots(Path(item.config.rootpath) / "test-artifacts", item.name)
        server = getattr(item, "funcargs", {}).get("server")
        if isinstance(server, LiveServer):
            # The server's own log (tracebacks of 500s) explains most browser-side failures.
            report.sections.append(("interview serve output", "".join(server.output[-200:])))
    return report


def save_screenshots(folder: Path, test_name: str) -> None:
    """Write <test name>.png (then -2, -3 … for further pages); a dead page is skipped."""
    folder.mkdir(exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.\[\]-]+", "_", test_name)
    pages = [page for context in OPEN_CONTEXTS for page in context.pages]
    for number, page in enumerate(pages, start=1):
        suffix = "" if number == 1 else f"-{number}"
        try:
            page.screenshot(path=str(folder / f"{stem}{suffix}.png"), full_page=True)
        except Exception as error:  # noqa: BLE001 (a crashed page must not hide the real failure)
            print(f"could not screenshot {page.url}: {error}")
