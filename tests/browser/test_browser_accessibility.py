"""Scenario 5: every page of the whole session passes axe-core, labels every input, and the
consent and interview pages have touch targets of at least 44 × 44 CSS px.

axe-core comes with axe-playwright-python (nothing is downloaded). Touch targets follow WCAG 2.5.8
(and 2.5.5's 44 px, which a tablet held in one hand needs): a checkbox or radio button counts with
its label (tapping the label ticks it), and links inside a sentence or a heading line are exempt,
as 2.5.8's "inline" exception allows: their height is the line-height of the text around them
(e.g. the participant code in the interview page's heading, 34 px tall).
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page
from session_steps import (
    countersign,
    fill_questionnaire,
    hand_over,
    sign_consent,
    start_interview,
    take_tablet_back,
)
from tablet import SECTIONS, create_participant, login

pytestmark = pytest.mark.browser

MIN_TARGET = 44  # CSS px

# Visible form controls without an accessible name from a <label>, aria-label or aria-labelledby.
UNLABELLED_JS = """() => [...document.querySelectorAll('input, select, textarea')]
  .filter(el => el.type !== 'hidden' && el.getClientRects().length)
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
               && !el.getAttribute('aria-labelledby'))
  .map(el => el.outerHTML.slice(0, 120))"""

# Visible interactive elements smaller than the minimum, each measured as the finger meets it.
SMALL_TARGETS_JS = """(min) => {
  const inline = (a) => {
    const block = a.closest('p, li, dd, td, h1, h2, h3, h4, h5, h6');
    return block && block.textContent.trim() !== a.textContent.trim();
  };
  const target = (el) => (el.matches('input[type=checkbox], input[type=radio]') && el.closest('label'))
    || el;
  return [...document.querySelectorAll('a[href], button, input, select, textarea, summary, canvas')]
    .filter(el => el.type !== 'hidden' && el.getClientRects().length)
    .filter(el => !el.closest('.skip-link') && !(el.tagName === 'A' && inline(el)))
    .map(el => [el, target(el).getBoundingClientRect()])
    .filter(([el, box]) => box.width < min || box.height < min)
    .map(([el, box]) => `${el.outerHTML.slice(0, 100)} is ${Math.round(box.width)}×${Math.round(box.height)}`);
}"""


class PageChecks:
    """Run the checks on each page visited; collect every problem, report them all at the end."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.axe = Axe()
        self.problems: list[str] = []
        self.visited: list[str] = []

    def check(self, targets: bool = False) -> None:
        """axe-core (serious and critical), labels, and (on request) touch-target sizes."""
        page = self.page
        page.wait_for_load_state()
        where = re.sub(r"^https?://[^/]+", "", page.url)
        self.visited.append(where)
        results = self.axe.run(page)
        for violation in results.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                nodes = "; ".join(node["html"][:100] for node in violation["nodes"][:3])
                self.problems.append(f"{where}: axe {violation['id']}: {nodes}")
        for html in page.evaluate(UNLABELLED_JS):
            self.problems.append(f"{where}: unlabelled {html}")
        if targets:
            for small in page.evaluate(SMALL_TARGETS_JS, MIN_TARGET):
                self.problems.append(f"{where}: small target {small}")


def test_every_page_of_the_session_is_accessible(tablet: BrowserContext, page: Page) -> None:
    checks = PageChecks(page)
    page.goto("/login")
    checks.check()
    login(page)
    checks.check()
    page.goto("/participants/new")
    checks.check()
    code = create_participant(page, "T09")
    checks.check()

    hand_over(page, code)
    checks.check(targets=True)  # the consent form
    sign_consent(tablet, page, "ANA NOVAK")
    checks.check()  # "give the tablet back"
    page.locator("#main").get_by_role("link", name="Return to interviewer").click()
    checks.check()  # unlock
    page.goto(f"/participants/{code}/handover/next")
    take_tablet_back(page)
    checks.check(targets=True)  # countersign, a consent page too
    countersign(tablet, page, "Anna Interviewer")
    checks.check()  # the questionnaire
    fill_questionnaire(page)
    checks.check()
    take_tablet_back(page)
    checks.check()  # the participant page with every panel

    start_interview(page, code)
    for section in SECTIONS:
        page.goto(f"/participants/{code}/interview?section={section}")
        for summary in page.locator("details > summary").all():
            summary.click()  # prompts, "add a change", "add your own question": all open
        checks.check(targets=True)
    page.goto(f"/participants/{code}/interview/history/general")
    page.goto(f"/participants/{code}/interview/history/current-medication")
    checks.check()

    assert len(checks.visited) >= 20
    assert not checks.problems, "\n".join(checks.problems)
