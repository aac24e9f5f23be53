"""The steps of a session as the people at the table take them, on the real pages.

Each step uses the labels and button names a user sees (role and label locators), so a renamed
button or a lost label fails here the way it would confuse a user.
"""

from __future__ import annotations

import json
import re

from playwright.sync_api import BrowserContext, Page, expect
from tablet import PASSWORD, create_participant, draw_with_finger, draw_with_mouse, login

CONSENT_AND_QUESTIONNAIRE = "Consent form, then questionnaire"
CONSENT_ONLY = "Consent form"
RATING_SCALES = ("Expectedness", "Likelihood without therapy", "Importance")


def hand_over(page: Page, code: str, tasks: str = CONSENT_AND_QUESTIONNAIRE) -> None:
    """On the participant page, choose the tasks and hand the tablet over."""
    page.goto(f"/participants/{code}")
    page.get_by_role("radio", name=tasks, exact=True).check()
    page.get_by_role("button", name="Hand to participant").click()


def sign_here(context: BrowserContext, page: Page) -> dict:
    """Sign the visible pad with a mouse stroke and a finger stroke; returns the stored drawing."""
    pad = page.locator("[data-signature-pad]")
    canvas = pad.locator("canvas")
    draw_with_mouse(page, canvas)
    draw_with_finger(context, page, canvas)
    stored = pad.locator("[data-signature-input]")
    expect(stored).not_to_have_value("")
    return json.loads(stored.input_value())


def sign_consent(context: BrowserContext, page: Page, name: str) -> dict:
    """The participant ticks every clause, prints their name and signs; returns the drawing."""
    expect(page.get_by_role("heading", name="Consent to take part in the study")).to_be_visible()
    clauses = page.get_by_role("group", name="Tick each statement you agree with.")
    boxes = clauses.get_by_role("checkbox")
    expect(boxes).to_have_count(5)
    for box in boxes.all():
        box.check()
    page.get_by_label("Participant's name (in capital letters)").fill(name)
    drawing = sign_here(context, page)
    page.get_by_role("button", name="Sign the consent form").click()
    return drawing


def take_tablet_back(page: Page, password: str = PASSWORD) -> None:
    """The participant taps "Return to interviewer"; the interviewer types the password."""
    page.locator("#main").get_by_role("link", name="Return to interviewer").click()
    page.get_by_label("Interviewer's password").fill(password)
    page.get_by_role("button", name="Take the tablet back").click()


def countersign(context: BrowserContext, page: Page, name: str) -> dict:
    """The interviewer checks the participant's answers, prints their name and countersigns."""
    expect(page.get_by_role("heading", name=re.compile("Countersign the consent"))).to_be_visible()
    page.get_by_label("Interviewer's name").fill(name)
    drawing = sign_here(context, page)
    page.get_by_role("button", name="Countersign").click()
    return drawing


def consent_signed(context: BrowserContext, page: Page, code: str) -> None:
    """The shortest honest way to a signed consent: hand over, sign, take back, countersign."""
    hand_over(page, code, CONSENT_ONLY)
    sign_consent(context, page, "ANA NOVAK")
    take_tablet_back(page)
    countersign(context, page, "Anna Interviewer")
    expect(page.get_by_role("heading", name=f"Participant {code}")).to_be_visible()


def start_interview(page: Page, code: str) -> None:
    """Start the interview from the participant page; lands on its first section."""
    page.goto(f"/participants/{code}")
    page.get_by_role("button", name="Start interview").click()
    expect(page.locator("[data-save-state]")).to_be_attached()


def interview_ready(context: BrowserContext, page: Page, therapist_code: str = "T05") -> str:
    """Log in, create a participant, get the consent signed, start the interview; returns the code."""
    login(page)
    code = create_participant(page, therapist_code)
    consent_signed(context, page, code)
    start_interview(page, code)
    return code


def answer_box(page: Page, question_id: str):
    """The answer text area of one question on the interview screen."""
    return page.locator(f"#q-{question_id} textarea[name='answer-{question_id}']")


def open_section(page: Page, code: str, section: str) -> None:
    """Open one section of the interview screen by its id (as the stepper links do)."""
    page.goto(f"/participants/{code}/interview?section={section}")
    expect(page.locator("form[data-autosave]")).to_be_attached()


def type_answer(page: Page, question_id: str, text: str) -> None:
    """Type an answer key by key (autosave sees real input events), tap away, and wait until
    the page shows this very text saved."""
    block = page.locator(f"#q-{question_id}")
    version = block.get_attribute("data-version")
    box = answer_box(page, question_id)
    box.click()
    box.press_sequentially(text)
    # Leaving the box sends a pending save at once and shows "Saving…" until it is acknowledged,
    # so the "Saved" awaited below is this text's, not an earlier answer's.
    box.blur()
    expect(block).not_to_have_attribute("data-version", version or "")
    expect_saved(page)


def expect_saved(page: Page) -> None:
    """Wait until the save state says everything is saved ("Saved 14:03")."""
    expect(page.locator("[data-save-state]")).to_have_text(re.compile(r"^Saved \d"))


def question_group(page: Page, number: int):
    """A questionnaire item's fieldset, found by its numbered legend ("9. Have you …")."""
    return page.get_by_role("group", name=re.compile(rf"^{number}\. "))


def fill_questionnaire(page: Page, submit: bool = True) -> None:
    """Answer all ten items: every item type, "other" answers and conditional follow-ups."""
    expect(page.get_by_role("heading", name="About you", level=1)).to_be_visible()
    style = question_group(page, 1)
    which_style = style.get_by_label("Say which", exact=True)
    expect(which_style).to_be_hidden()  # a follow-up shows only once its answer is chosen
    style.get_by_label("Another kind of therapy").check()
    expect(which_style).to_be_visible()
    which_style.fill("Gestalt therapy")
    duration = question_group(page, 2)
    duration.get_by_label("Years").fill("2")
    duration.get_by_label("Months").fill("4")
    question_group(page, 3).get_by_label("Female", exact=True).check()
    question_group(page, 4).get_by_label("Age").fill("34")
    question_group(page, 5).get_by_label("University degree").check()
    question_group(page, 6).get_by_label("Employed", exact=True).check()
    problems = question_group(page, 7)
    for label in ("Anxiety", "Stress", "Something else"):
        problems.get_by_label(label, exact=True).check()
    problems.get_by_label("Say what").fill("Sleeping badly")
    question_group(page, 8).get_by_label("Have you looked for help").fill(
        "Counselling at university in 2019."
    )
    diagnosis = question_group(page, 9)
    which_diagnosis = diagnosis.get_by_label("Which diagnosis?")
    expect(which_diagnosis).to_be_hidden()
    diagnosis.get_by_label("Yes", exact=True).check()
    which_diagnosis.fill("Generalised anxiety disorder")
    medication = question_group(page, 10)
    medication.get_by_label("Yes", exact=True).check()
    medication.get_by_label("Which medication?").fill("Sertraline")
    if submit:
        page.get_by_role("button", name="Submit answers").click()


def go_to_section(page: Page, title: str) -> None:
    """Tap a section in the interview's stepper."""
    stepper = page.get_by_role("navigation", name="Sections")
    stepper.get_by_role("link", name=re.compile(rf"^\d+\. {re.escape(title)}")).click()
    expect(
        page.get_by_role("heading", name=re.compile(rf"^\d+\. {re.escape(title)}$"))
    ).to_be_visible()


def add_change(page: Page, description: str, ratings: tuple[int, int, int] | None) -> None:
    """Add a change in the Changes section; `ratings` (expectedness, likelihood, importance)
    makes it a change for the better, None a change for the worse."""
    page.locator("summary", has_text="Add a change").click()
    form = page.locator("form.change-form")
    form.get_by_label("The change, in the participant's words").fill(description)
    kind = "Change for the better" if ratings else "Change for the worse"
    form.get_by_role("radio", name=kind).check()
    if ratings:
        for scale, point in zip(RATING_SCALES, ratings, strict=True):
            group = form.get_by_role("group", name=scale, exact=True)
            group.get_by_role("radio", name=re.compile(rf"^{point} ")).check()
    form.get_by_role("button", name="Add change").click()
    expect(page.locator(".change-list .change-text", has_text=description)).to_be_visible()


def add_follow_up(page: Page, wording: str, answer: str, after: str) -> None:
    """Add the interviewer's own follow-up question after another question of this section."""
    page.locator("summary", has_text="Add your own follow-up question").click()
    page.get_by_label("Your question").fill(wording)
    page.get_by_label("Answer or notes").fill(answer)
    page.get_by_label("Put it after").select_option(label=after)
    page.get_by_role("button", name="Add question").click()
    expect(page.locator(".question", has_text=wording)).to_be_visible()
