"""Regenerate the screenshots in docs/screenshots/ (run by hand, not by the test suite).

    .venv/bin/python tests/browser/make_screenshots.py

Starts the real server on a temporary instance, walks through a session in Debian's Chromium at
tablet size (768 × 1024, device scale 1 to keep the files small) and saves the main screens,
plus the first page of the coding PDF rendered with `pdftoppm -png -r 60 -f 1 -l 1`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, sync_playwright
from session_steps import (
    add_change,
    countersign,
    fill_questionnaire,
    go_to_section,
    hand_over,
    sign_here,
    start_interview,
    take_tablet_back,
    type_answer,
)
from tablet import ADMIN, CHROMIUM, CHROMIUM_ARGS, INTERVIEWER, LiveServer, create_participant
from tablet import login as log_in

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
TABLET_1X = {"viewport": {"width": 768, "height": 1024}, "is_mobile": True, "has_touch": True}


def shoot(page: Page, name: str) -> None:
    """Save what the tablet shows now (the viewport, not the whole page)."""
    path = OUT / f"{name}.png"
    page.screenshot(path=str(path))
    print(f"{path.relative_to(OUT.parents[1])}: {path.stat().st_size // 1024} KB")


def walk(context: BrowserContext, page: Page) -> str:
    """A session with the main screens photographed; returns the participant code."""
    page.goto("/login")
    page.get_by_label("Username").fill(INTERVIEWER)
    shoot(page, "login")
    log_in(page)
    for therapist in ("T03", "T03", "T05"):
        code = create_participant(page, therapist)
    page.goto("/")
    shoot(page, "participants")

    hand_over(page, code)
    for box in page.get_by_role("checkbox").all():
        box.check()
    page.get_by_label("Participant's name (in capital letters)").fill("ANA NOVAK")
    sign_here(context, page)
    page.locator("[data-signature-pad]").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 250)")  # the clauses' last lines, name and signature
    shoot(page, "consent-signature")
    page.get_by_role("button", name="Sign the consent form").click()
    take_tablet_back(page)
    countersign(context, page, "Anna Interviewer")
    fill_questionnaire(page, submit=False)
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, "questionnaire")
    page.get_by_role("button", name="Submit answers").click()
    take_tablet_back(page)

    start_interview(page, code)
    go_to_section(page, "Changes")
    type_answer(page, "changes-noticed", "I say no at work now, and I sleep through the night.")
    add_change(page, "Saying no to extra work", (4, 2, 5))
    add_change(page, "Sleeping through the night", (3, 3, 4))
    go_to_section(page, "General")
    type_answer(page, "current-medication", "Sertraline, 50 mg, since last spring.")
    type_answer(page, "how-therapy-felt", "Hard at first, then like a safe harbour.")
    page.reload()  # the stepper's answered counts are the server's, as of the page load
    shoot(page, "interview")
    return code


def coding_pdf_page(context: BrowserContext, code: str) -> None:
    """The coding PDF's first page as a small PNG."""
    pdf = context.request.get(f"/participants/{code}/coding.pdf").body()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "coding.pdf"
        source.write_bytes(pdf)
        prefix = Path(folder) / "page"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", source, prefix],
            check=True,
        )
        shutil.copy(prefix.with_suffix(".png"), OUT / "coding-pdf.png")
    print(f"docs/screenshots/coding-pdf.png: {(OUT / 'coding-pdf.png').stat().st_size // 1024} KB")


def main() -> int:
    """Start a server, photograph a session, stop everything."""
    if not CHROMIUM.exists() or shutil.which("pdftoppm") is None:
        print("Needs Debian's chromium and poppler-utils (pdftoppm).", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as instance:
        server = LiveServer(Path(instance))
        server.run_cli("init-db")
        server.add_user(INTERVIEWER)
        server.add_user(ADMIN, admin=True)
        server.start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
                )
                context = browser.new_context(base_url=server.url, **TABLET_1X)
                code = walk(context, context.new_page())
                coding_pdf_page(context, code)
                context.close()
                browser.close()
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
