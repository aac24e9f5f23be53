"""The Slovenian catalogue: complete for the code as it is, consistent placeholders, four plural
forms, and pages, instruments and dates in Slovenian."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from flask_babel import force_locale, ngettext

from interview.formatting import format_day, format_moment
from interview.languages import TRANSLATIONS_DIR, select_locale

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = TRANSLATIONS_DIR / "sl" / "LC_MESSAGES" / "messages.po"


def read_catalogue():
    """The Slovenian messages.po."""
    with CATALOGUE.open("rb") as handle:
        return read_po(handle, locale="sl")


def extracted_ids() -> set[str]:
    """Every msgid in the code now, found as `make messages` finds them (babel.cfg)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    keywords = {**DEFAULT_KEYWORDS, "_l": None}
    found = extract_from_dir(ROOT, method_map, options_map, keywords=keywords)
    return {message if isinstance(message, str) else message[0] for _, _, message, *_ in found}


def test_every_string_of_the_code_has_a_slovenian_translation():
    catalogue = read_catalogue()
    missing = sorted(
        msgid
        for msgid in extracted_ids()
        if not catalogue.get(msgid) or not all(_forms(catalogue.get(msgid)))
    )
    assert not missing, f"run `make messages` and translate: {missing}"


def test_no_translation_is_fuzzy_or_left_empty():
    entries = [message for message in read_catalogue() if message.id]
    fuzzy = [message.id for message in entries if message.fuzzy]
    empty = [message.id for message in entries if not all(_forms(message))]
    assert not fuzzy and not empty, (fuzzy, empty)


def test_placeholders_match_as_msgfmt_check_wants():
    """Babel's checkers (msgfmt -c): the same %(name)s placeholders, the right plural count."""
    problems = [(message.id, str(error)) for message, errors in read_catalogue().check()
                for error in errors]  # fmt: skip
    assert not problems


def test_the_catalogue_declares_the_four_slovenian_plural_forms():
    catalogue = read_catalogue()
    assert catalogue.num_plurals == 4
    assert catalogue.plural_expr.replace(" ", "") == (
        "n%100==1?0:n%100==2?1:(n%100==3||n%100==4)?2:3"
    )


@pytest.mark.parametrize(
    ("n", "years", "participants"),
    [
        (1, "1 leto", "1 udeleženec"),
        (2, "2 leti", "2 udeleženca"),
        (3, "3 leta", "3 udeleženci"),
        (5, "5 let", "5 udeležencev"),
        (101, "101 leto", "101 udeleženec"),
        (102, "102 leti", "102 udeleženca"),
    ],
)
def test_plural_forms(app, n, years, participants):
    with app.test_request_context(), force_locale("sl"):
        assert ngettext("%(num)d year", "%(num)d years", n) == years
        assert ngettext("%(num)d participant", "%(num)d participants", n) == participants


def test_dates_and_numbers_in_slovenian():
    from datetime import UTC, date, datetime

    from babel.numbers import format_decimal

    assert format_day(date(2026, 12, 1), "sl") == "1. 12. 2026"
    assert format_moment(datetime(2026, 12, 1, 14, 3, tzinfo=UTC), "sl") == "1. 12. 2026, 14:03"
    assert format_day(date(2026, 12, 1), "en") == "2026-12-01"  # English files stay ISO
    assert format_decimal(37.1, locale="sl") == "37,1"


@pytest.mark.parametrize(
    ("header", "expected"),
    [("sl-SI,sl;q=0.9,en;q=0.5", "sl"), ("de-DE,de", "en"), ("en-GB,en;q=0.8", "en"), ("", "en")],
)
def test_accept_language_picks_an_offered_language(app, header, expected):
    with app.test_request_context(headers={"Accept-Language": header} if header else {}):
        assert select_locale() == expected


def _forms(message) -> tuple[str, ...]:
    """A message's translation(s) as a tuple."""
    return message.string if isinstance(message.string, tuple) else (message.string,)
