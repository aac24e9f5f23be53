"""A Slovenian participant on an English interviewer's tablet: the consent form and the
questionnaire in Slovenian (chosen at hand-over), every interviewer page in English."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from session_steps import CONSENT_AND_QUESTIONNAIRE, sign_here
from tablet import PASSWORD, create_participant, login

pytestmark = pytest.mark.browser


def hand_over_in_slovenian(page: Page, code: str) -> None:
    """The interviewer (English pages) hands the tablet over, the participant's pages in Slovenian."""
    page.goto(f"/participants/{code}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("radio", name=CONSENT_AND_QUESTIONNAIRE, exact=True).check()
    page.get_by_role("radio", name="Slovenščina").check()
    page.get_by_role("button", name="Hand to participant").click()


def sign_in_slovenian(tablet: BrowserContext, page: Page) -> None:
    """The participant reads, ticks and signs the Slovenian consent form."""
    expect(page.locator("html")).to_have_attribute("lang", "sl")
    expect(page.get_by_role("heading", name="Soglasje za sodelovanje v raziskavi")).to_be_visible()
    clauses = page.get_by_role("group", name="Označite vsako izjavo, s katero se strinjate.")
    expect(clauses.get_by_role("checkbox")).to_have_count(5)
    page.get_by_role("button", name="Podpišite obrazec za soglasje").click()
    # Nothing ticked, nothing signed: the script's words are Slovenian too.
    expect(page.get_by_text("Prosimo, podpišite se v okvir.")).to_be_visible()
    for box in clauses.get_by_role("checkbox").all():
        box.check()
    page.get_by_label("Ime in priimek udeleženca (z velikimi tiskanimi črkami)").fill("ŠPELA ČRV")
    sign_here(tablet, page)
    page.get_by_role("button", name="Podpišite obrazec za soglasje").click()


def give_back(page: Page) -> None:
    """The participant gives the tablet back (the unlock page is still the participant's)."""
    page.locator("#main").get_by_role("link", name="Vrni izpraševalcu").click()
    page.get_by_label("Geslo izpraševalca").fill(PASSWORD)
    page.get_by_role("button", name="Vzemi tablico nazaj").click()


def test_consent_and_questionnaire_in_slovenian(tablet: BrowserContext, page: Page) -> None:
    login(page)
    code = create_participant(page, "T11")
    hand_over_in_slovenian(page, code)
    sign_in_slovenian(tablet, page)
    give_back(page)

    # The interviewer's own page stays English while the participant's consent waits.
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name=re.compile("Countersign the consent"))).to_be_visible()
    # The form's own labels belong to the signed document, which is Slovenian.
    page.get_by_label("Ime in priimek izpraševalca").fill("Anna Interviewer")
    sign_here(tablet, page)
    page.get_by_role("button", name="Countersign").click()

    # The tablet goes back for the questionnaire, again in Slovenian.
    expect(page.locator("html")).to_have_attribute("lang", "sl")
    expect(page.get_by_role("heading", name="O vas", level=1)).to_be_visible()
    page.get_by_label("Integrativna psihoterapija").check()
    page.get_by_label("Ženski", exact=True).check()
    page.get_by_label("Starost").fill("34")
    page.get_by_role("button", name="Oddaj odgovore").click()
    expect(page.get_by_role("heading", name=re.compile("so še prazne"))).to_be_visible()
    page.get_by_role("button", name="Vseeno oddaj").click()
    expect(page.get_by_text("Prosimo, vrnite tablico izpraševalcu.")).to_be_visible()
    give_back(page)

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text("You have the tablet back.")).to_be_visible()
    # The record keeps the language each part was captured in.
    page.goto(f"/participants/{code}/record.json")
    record = page.locator("body").inner_text()
    assert record.count('"language": "sl"') + record.count('"language":"sl"') >= 2
