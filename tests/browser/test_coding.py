"""The coding page in Chromium, at desktop size with a mouse and on a 768×1024 touch tablet.

Select a passage, create a code from it, apply an existing code, attach a memo, undo, reload: all
there; blind mode hides the other coder until both mark the interview done. The UTF-16 → code
point conversion of coding.js is checked in the page itself, on text with emoji.

On the tablet the passage is selected the way the selection handles leave it (a DOM Range set on
the page: Playwright has no gesture for dragging handles); everything else is tapped.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from tablet import PASSWORD, TABLET, LiveServer

from interview.coding.document import utf16_length, utf16_to_code_points

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
ANSWERS = {
    "how-therapy-felt": "It felt safe from the start. Čutila sem se 😊 varno z njo.",
    "helpful-relationship": "She understood me before I said it. I could trust her completely.",
}
# Creates the analysts (once) and a participant with typed answers, through the services.
SETUP = """
import json, sys
from datetime import date
from interview import create_app
from interview.auth.users import create_user, find_user
from interview.extensions import db
from interview.interviews.services import start_interview
from interview.models import CONSENT_SIGNED, Consent
from interview.participants.services import create_participant

answers, password = json.loads(sys.stdin.read()), sys.argv[1]
app = create_app()
with app.app_context():
    for name in ("maja", "tine"):
        if find_user(name) is None:
            create_user(name, password).role = "analyst"
    anna = find_user("anna")
    participant = create_participant("T01", anna, date(2026, 11, 25), "", anna)
    db.session.add(Consent(participant=participant, status=CONSENT_SIGNED,
                           text_shown={"clauses": [{"id": "purpose", "required": True}]},
                           clause_answers={"purpose": True}))
    db.session.flush()
    for answer in start_interview(participant, anna).answers:
        answer.text = answers.get(answer.question_id, "")
    db.session.commit()
    print(participant.code)
"""


def interviewed(server: LiveServer) -> str:
    """A new participant with typed answers on the live server; returns its code."""
    result = subprocess.run(
        [sys.executable, "-c", SETUP, PASSWORD],
        env=server.env,
        input=json.dumps(ANSWERS),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.fixture(params=["desktop", "tablet"])
def device(request, browser: Browser, server: LiveServer) -> Callable[[], BrowserContext]:
    """Open browser contexts of one kind: a desktop with a mouse, or a touch tablet."""
    contexts: list[BrowserContext] = []
    options = DESKTOP if request.param == "desktop" else TABLET

    def open_context() -> BrowserContext:
        context = browser.new_context(base_url=server.url, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    open_context.kind = request.param  # type: ignore[attr-defined]
    yield open_context
    for context in contexts:
        context.close()


def select_text(page: Page, text: str, touch: bool) -> None:
    """Select `text` in the document: a mouse drag on the desktop, a Range on the tablet."""
    found = page.evaluate(
        """([text, setRange]) => {
          const walker = document.createTreeWalker(document.getElementById('doc'), NodeFilter.SHOW_TEXT);
          let node;
          while ((node = walker.nextNode())) {
            const i = node.data.indexOf(text);
            if (i < 0) continue;
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + text.length);
            if (setRange) {
              const sel = getSelection(); sel.removeAllRanges(); sel.addRange(range); return [];
            }
            node.parentElement.scrollIntoView({block: 'center'});
            const rects = range.getClientRects(), a = rects[0], b = rects[rects.length - 1];
            return [a.left + 1, a.top + a.height / 2, b.right - 1, b.top + b.height / 2];
          }
          return null;
        }""",
        [text, touch],
    )
    assert found is not None, f"{text!r} is not on the page"
    if not touch:
        page.mouse.move(found[0], found[1])
        page.mouse.down()
        page.mouse.move(found[2], found[3], steps=8)
        page.mouse.up()
    expect(page.locator("#sel-quote")).to_contain_text(text)


def press(page: Page, locator, touch: bool) -> None:
    """Tap on the tablet, click on the desktop."""
    if touch:
        locator.tap()
    else:
        locator.click()


def saved(page: Page) -> None:
    expect(page.locator("[data-save-state]")).to_have_text("All changes saved")


def sign_in(context: BrowserContext, name: str) -> Page:
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Participants", level=1)).to_be_visible()
    return page


def test_code_a_passage_apply_codes_memo_undo_and_reload(device, server: LiveServer) -> None:
    touch = device.kind == "tablet"
    code = interviewed(server)
    number = int(code[1:])
    page = sign_in(device(), "maja")
    page.goto(f"/coding/{code}")
    expect(page.get_by_role("heading", name=f"Coding {code}")).to_be_visible()
    expect(page.locator(".h2").first).to_have_text("How has therapy been for you so far?")

    # Create a code from a selection: it is applied at once.
    select_text(page, "She understood me before I said it.", touch)
    new_name = f"Feeling understood {device.kind}"
    page.locator("#code-search").fill(new_name)
    press(page, page.locator("#create-code"), touch)
    saved(page)
    marker = page.locator(".mk").filter(has_text=new_name)
    expect(marker).to_have_text(f"{number}:1 {new_name}")

    # Apply an existing code to the same passage, found by searching.
    page.locator("#code-search").fill("accept")
    press(page, page.locator(".code-btn", has_text="Acceptance"), touch)
    saved(page)
    expect(marker).to_have_text(f"{number}:1 Acceptance, {new_name}")

    # A memo on the passage.
    page.locator("#memo").fill("Felt met before speaking.")
    page.locator("#code-search").focus()
    saved(page)

    # A second passage, then undo: it goes.
    select_text(page, "I could trust her completely.", touch)
    page.locator("#code-search").fill("Safety")
    press(page, page.locator(".code-btn", has_text="Safety and trust"), touch)
    saved(page)
    expect(page.locator(".mk")).to_have_count(2)
    press(page, page.locator("#undo"), touch)
    saved(page)
    expect(page.locator(".mk")).to_have_count(1)

    page.reload()
    marker = page.locator(".mk")
    expect(marker).to_have_count(1)
    expect(marker).to_have_text(f"{number}:1 Acceptance, {new_name}")
    press(page, marker, touch)
    expect(page.locator("#cit-id")).to_have_text(f"{number}:1")
    expect(page.locator("#memo")).to_have_value("Felt met before speaking.")
    expect(page.locator(".hl").first).to_be_visible()


def test_offsets_are_converted_from_utf16_to_code_points(device, server: LiveServer) -> None:
    code = interviewed(server)
    page = sign_in(device(), "maja")
    page.goto(f"/coding/{code}")
    sample = "a😊b\u0301č👩\u200d👩\u200d👧x"
    converted = page.evaluate(
        """(s) => {
          const o = window.codingOffsets;
          return [o.cpLen(s), o.unitsToCp(s, 3), o.cpToUnits(s, 2), o.unitsToCp(s, s.length)];
        }""",
        sample,
    )
    # a, 😊 (2 units), b, ◌́, č, 👩 ZWJ 👩 ZWJ 👧 (2+1+2+1+2 units), x: 11 code points in 15 units,
    # the same figures the server's own conversion gives.
    assert utf16_length(sample) == 15
    assert (
        converted
        == [11, 2, 3, 11]
        == [
            len(sample),
            utf16_to_code_points(sample, 3),
            utf16_length(sample[:2]),
            utf16_to_code_points(sample, 15),
        ]
    )
    # A passage after an emoji: the server accepts it only if the offsets were converted.
    select_text(page, "varno z njo", touch=True)
    page.locator("#code-search").fill("Safety")
    page.locator(".code-btn", has_text="Safety and trust").click()
    saved(page)
    expect(page.locator(".hl")).to_have_text("varno z njo")


def test_blind_mode_hides_the_other_coder_until_both_are_done(device, server: LiveServer) -> None:
    code = interviewed(server)
    maja = sign_in(device(), "maja")
    maja.goto(f"/coding/{code}")
    select_text(maja, "It felt safe from the start.", device.kind == "tablet")
    maja.locator("#code-search").fill("Safety")
    maja.locator(".code-btn", has_text="Safety and trust").click()
    saved(maja)

    tine = sign_in(device(), "tine")
    tine.goto(f"/coding/{code}")
    expect(tine.locator(".doc")).to_contain_text("It felt safe from the start.")
    expect(tine.locator(".hl")).to_have_count(0)
    expect(tine.get_by_role("link", name="maja")).to_have_count(0)

    for page in (maja, tine):
        page.goto(f"/coding/{code}")
        page.get_by_role("button", name="Mark my coding done").click()
        expect(page.get_by_text("Marked done", exact=True)).to_be_visible()
    tine.get_by_role("link", name="maja").click()
    expect(tine.locator(".hl")).to_have_text("It felt safe from the start.")
