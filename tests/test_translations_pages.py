"""Slovenian through HTTP: every page, the person's and the participant's language, the PDFs."""

from __future__ import annotations

import html
import re
from io import BytesIO

from babel.messages.pofile import read_po
from consent_helpers import post_sign
from helpers import post_form, script_words_of
from interview_helpers import SCREEN, autosave
from pypdf import PdfReader
from research_helpers import every_page, populate

from interview.extensions import db
from interview.instruments import DATA_DIR
from interview.languages import TRANSLATIONS_DIR
from interview.models import User
from interview.pdf.coding import render_coding_pdf
from interview.record.synthetic import make_record

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}|%%")
TAGS = re.compile(r"<script\b.*?</script>|<[^>]+>", re.S)
# Text in the record's own language carries its lang (the Participants paragraph of an English
# questionnaire is English on a Slovenian page): not the interface's words.
OTHER_LANGUAGE = re.compile(r'<(\w+)\b[^>]*\blang="(?!sl")[^"]*"[^>]*>.*?</\1>', re.S)
# Texts the instrument files also hold: a record captured in English shows them in English.
INSTRUMENT_TEXT = " ".join(" ".join(p.read_text().split()) for p in DATA_DIR.glob("*.yaml"))


def english_fragments() -> list[str]:
    """Pieces of catalogue English (between placeholders) long enough to mean untranslated UI."""
    with (TRANSLATIONS_DIR / "sl" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    fragments = set()
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for msgid in filter(None, ids):
            for piece in PLACEHOLDER.split(msgid):
                piece = piece.strip(" .,:;()")
                if len(piece.split()) >= 3 and piece not in INSTRUMENT_TEXT:
                    fragments.add(piece)
    return sorted(fragments)


def visible_text(page: str) -> str:
    """The page's words as a reader sees them (tags and scripts gone, entities decoded)."""
    body = OTHER_LANGUAGE.sub(" ", page.split("<body", 1)[-1])
    return " ".join(html.unescape(TAGS.sub(" ", body)).split())


def choose_language(app, username: str, language: str | None) -> None:
    """Set an account's own language, as its language page does."""
    with app.app_context():
        db.session.execute(
            db.select(User).filter_by(username=username)
        ).scalar_one().language = language
        db.session.commit()


def test_every_page_in_slovenian_holds_no_untranslated_english(app, client, auth):
    populate(app)
    choose_language(app, "admin", "sl")
    auth.login("admin")
    fragments = english_fragments()
    pages, untranslated = 0, {}
    for url, response in every_page(app, client):
        if not response.content_type.startswith("text/html") or response.status_code >= 300:
            continue
        page = response.get_data(as_text=True)
        assert '<html lang="sl">' in page, url
        text = visible_text(page)
        left = [fragment for fragment in fragments if fragment in text]
        if left:
            untranslated[url] = left
        pages += 1
    assert not untranslated
    assert pages > 30


def test_the_english_pages_still_say_it_in_english(app, logged_in):
    page = logged_in.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page and "New participant" in page


def test_the_profile_language_wins_over_the_browser(app, logged_in):
    headers = {"Accept-Language": "en"}
    assert post_form(logged_in, "/account/language", {"language": "sl"}).status_code == 302
    page = logged_in.get("/", headers=headers).get_data(as_text=True)
    assert '<html lang="sl">' in page and "Nov udeleženec" in page
    assert post_form(logged_in, "/account/language", {"language": "en"}).status_code == 302
    assert "New participant" in logged_in.get("/").get_data(as_text=True)


def test_a_language_not_offered_is_refused_with_a_message(app, logged_in):
    response = post_form(logged_in, "/account/language", {"language": "xx"})
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)
    with app.app_context():
        assert (
            db.session.execute(db.select(User.language).filter_by(username="anna")).scalar() is None
        )


def test_the_participant_signs_in_slovenian_while_the_interviewer_stays_english(app, logged_in):
    from factories import registered_participant

    registered_participant(app, consent=None)
    data = {"tasks": "consent", "language": "sl"}
    post_form(logged_in, "/participants/P01/handover", data, token_from="/participants/P01")
    form = logged_in.get("/participants/P01/consent").get_data(as_text=True)
    assert '<html lang="sl">' in form and "Soglasje za sodelovanje v raziskavi" in form
    assert script_words_of(form)["signature"]["empty"] == "Prosimo, podpišite se v okvir."
    assert post_sign(logged_in, "P01").status_code == 302
    with app.app_context():
        from interview.models import Participant

        consent = db.session.execute(db.select(Participant).filter_by(code="P01")).scalar_one()
        assert consent.consent.language == "sl"
        assert consent.consent.text_shown["title"] == "Soglasje za sodelovanje v raziskavi"


def test_switching_language_never_loses_autosaved_text(app, started):
    saved = autosave(
        started, {"question_id": "how-therapy-felt", "text": "Čutila sem, da me sliši."}
    )
    assert saved.status_code == 200
    assert post_form(started, "/account/language", {"language": "sl"}).status_code == 302
    page = started.get(SCREEN).get_data(as_text=True)
    assert '<html lang="sl">' in page and "Čutila sem, da me sliši." in page
    # The interview keeps the language it was started in: its questions stay as captured.
    assert "How has therapy been for you so far?" in page


def slovenian_record() -> dict:
    """A synthetic record captured in Slovenian, with every Slovenian letter in an answer."""
    record = make_record(5)
    for part in ("consent", "questionnaire", "interview"):
        record[part]["instrument"]["language"] = "sl"
    first = record["interview"]["sections"][0]["questions"][0]["segments"][0]
    first["text"] = "Odgovor: čšžČŠŽ in še kaj."
    return record


def test_a_slovenian_records_coding_pdf_is_in_slovenian():
    pdf = render_coding_pdf(slovenian_record())
    reader = PdfReader(BytesIO(pdf))
    pages = [page.extract_text() for page in reader.pages]
    text = " ".join(pages)
    assert "Zapis intervjuja" in text and "Demografski vprašalnik" in text
    assert "Koda udeleženca" in text and "čšžČŠŽ" in text
    assert f"Stran 1 od {len(reader.pages)}" in pages[0]
    assert f"Stran {len(reader.pages)} od {len(reader.pages)}" in pages[-1]
    assert "Interview record" not in text and "Page 1 of" not in text
