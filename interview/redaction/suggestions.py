"""Suggesting terms to add to the redaction list: names, identifiers, addresses, birth dates.

Plain functions on plain text. Each suggestion says what was found, where, the kind it would be
listed as and why it was suggested; the reviewer accepts it (the term joins the list) or dismisses
it, once per term.

The detectors: capitalised words not at a sentence start (a run of them is one suggestion),
phone numbers, e-mail addresses, Slovenian EMŠO and tax numbers (with their checksums), Slovenian
postcodes followed by a town, and full dates near a word about birth or old enough to be one.
Where two overlap, an identifier wins over a capitalised word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from interview.redaction.matching import WORD

REASON_CAPITALISED = "capitalised"
REASON_PHONE = "phone"
REASON_EMAIL = "email"
REASON_EMSO = "emso"
REASON_TAX_NUMBER = "tax-number"
REASON_POSTCODE = "postcode"
REASON_BIRTH_DATE = "birth-date"

# Which detector wins an overlap: the identifiers first, the capitalised words last.
PRIORITY = (
    REASON_EMAIL,
    REASON_EMSO,
    REASON_TAX_NUMBER,
    REASON_BIRTH_DATE,
    REASON_PHONE,
    REASON_POSTCODE,
    REASON_CAPITALISED,
)


@dataclass(frozen=True)
class Suggestion:
    """A term found at [start, end) that looks identifying: its text, proposed kind and reason."""

    start: int
    end: int
    text: str
    kind: str
    reason: str


EMSO_WEIGHTS = (7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
TAX_WEIGHTS = (8, 7, 6, 5, 4, 3, 2)


def _ascii_digits(text: str, length: int) -> bool:
    return len(text) == length and text.isascii() and text.isdigit()


def emso_valid(digits: str) -> bool:
    """Whether a 13-digit string is a valid Slovenian EMŠO (its last digit the checksum)."""
    if not _ascii_digits(digits, 13):
        return False
    remainder = sum(int(d) * w for d, w in zip(digits, EMSO_WEIGHTS, strict=False)) % 11
    if remainder == 1:
        return False
    if int(digits[12]) != (0 if remainder == 0 else 11 - remainder):
        return False
    # DDMMYYY: the year's hundreds are dropped (985 is 1985, 005 is 2005).
    year = int(digits[4:7])
    try:
        born = date(year + (1000 if year >= 800 else 2000), int(digits[2:4]), int(digits[0:2]))
    except ValueError:
        return False
    return born <= date.today()


def tax_number_valid(digits: str) -> bool:
    """Whether an 8-digit string is a valid Slovenian tax number (its last digit the checksum)."""
    if not _ascii_digits(digits, 8) or digits[0] == "0":
        return False
    control = 11 - sum(int(d) * w for d, w in zip(digits, TAX_WEIGHTS, strict=False)) % 11
    return control != 11 and int(digits[7]) == control % 10


EMAIL = re.compile(r"(?<![\w.%+-])[\w%+-][\w.%+-]*@(?:[\w-]+\.)+[\w-]{2,}")
EMSO = re.compile(r"(?<![0-9])[0-9]{13}(?![0-9])")
# The digits only: "SI" is not identifying, and the term then matches the bare number too.
TAX_NUMBER = re.compile(r"(?:(?<!\w)SI[ -]?|(?<!\w))([1-9][0-9]{7})(?!\w)")
PHONE = re.compile(r"(?<![\w+])\+?\(?[0-9]+\)?(?:[ \u00a0./-]{1,2}\(?[0-9]+\)?|\([0-9]+\))*(?!\w)")
POSTCODE = re.compile(r"(?:(?<![\w-])SI-?[ ]?|(?<![\w-]))([1-9][0-9]{3})[ \u00a0]+(?=\w)")
BIRTH = re.compile(
    r"(?<!\w)(born|birth\w*|dob|date of birth|rojen\w*|rojst\w*|rodil\w*|datum rojstva)(?!\w)",
    re.IGNORECASE,
)

# A year before a postcode's four digits makes them a year: "leta 2019 Ana" is not an address.
YEAR_WORDS = frozenset({"leta", "letu", "leto", "od", "do", "in", "since", "from", "until", "by"})
TOWN_LINKS = frozenset({"pri", "na", "ob", "nad", "pod", "v"})
ENGLISH_CALENDAR = frozenset((
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
))  # fmt: skip
TITLES = frozenset({"dr", "mr", "mrs", "ms", "prof", "mag", "st", "sv", "g", "ga", "gdč", "prim"})
SENTENCE_ENDS = ".!?…"
RUN_GAPS = (" ", "\u00a0", "-")
# A transcript's speaker label: a line's first one to three words, then a colon.
SPEAKER = re.compile(r"[ \t]*[\w.]+(?:[ \t]+[\w.]+){0,2}[ \t]*:")
# The country's prefix before a tax number or postcode (SI 12345679, SI-3000) is no name.
COUNTRY_PREFIX = re.compile(r"SI[ -]?[0-9]")
OPENINGS = "\"'“”„‘’«»‹›([{-–—"
BIRTH_WINDOW = (60, 40)  # characters before and after a date searched for a word about birth
ADULT_YEARS = 12


MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "january januar januarja jan",
            "february februar februarja feb",
            "march marec marca mar",
            "april aprila apr",
            "may maj maja",
            "june junij junija jun",
            "july julij julija jul",
            "august avgust avgusta aug avg",
            "september septembra sep sept",
            "october oktober oktobra oct okt",
            "november novembra nov",
            "december decembra dec",
        ),
        start=1,
    )
    for name in names.split()
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_SPACE = r"[ \u00a0]"
# Each pattern's groups give (day, month, year) through its `order`.
DATE_PATTERNS = (
    (
        re.compile(
            rf"(?<![0-9.])([0-9]{{1,2}})\.{_SPACE}?([0-9]{{1,2}})\.{_SPACE}?([0-9]{{4}})(?![0-9])"
        ),
        (0, 1, 2),
    ),
    (re.compile(r"(?<![0-9-])([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?![0-9])"), (2, 1, 0)),
    (re.compile(r"(?<![0-9/])([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})(?![0-9])"), (0, 1, 2)),
    (
        re.compile(
            rf"(?<![0-9])([0-9]{{1,2}})(?:\.|st|nd|rd|th)?{_SPACE}+({_MONTH})\.?{_SPACE}+([0-9]{{4}})(?![0-9])",
            re.IGNORECASE,
        ),
        (0, 1, 2),
    ),
    (
        re.compile(
            rf"(?<!\w)({_MONTH})\.?{_SPACE}+([0-9]{{1,2}})(?:st|nd|rd|th)?,?{_SPACE}+([0-9]{{4}})(?![0-9])",
            re.IGNORECASE,
        ),
        (1, 0, 2),
    ),
)


def _calendar_date(day: str, month: str, year: str) -> date | None:
    """The date the parts name, or None: a month may be a number or a name."""
    number = int(month) if month.isdigit() else MONTHS[month.casefold()]
    try:
        return date(int(year), number, int(day))
    except ValueError:
        return None


def full_dates(text: str) -> Iterator[tuple[int, int, date]]:
    """Every full date written out in `text` (day, month and year), with its span. A slashed
    date is read day first, then month first (12/01/1985 is either)."""
    for pattern, order in DATE_PATTERNS:
        for match in pattern.finditer(text):
            day, month, year = (match.group(1 + index) for index in order)
            found = _calendar_date(day, month, year)
            if found is None and "/" in match.group():
                found = _calendar_date(month, day, year)
            if found is not None:
                yield match.start(), match.end(), found


def _date_shaped(text: str) -> bool:
    """Whether a string is written as a numeric date (a phone number is not written so)."""
    return any(pattern.fullmatch(text) for pattern, _order in DATE_PATTERNS[:3])


def _emails(text: str) -> Iterator[tuple[int, int]]:
    for match in EMAIL.finditer(text):
        yield match.span()


def _emsos(text: str) -> Iterator[tuple[int, int]]:
    for match in EMSO.finditer(text):
        if emso_valid(match.group()):
            yield match.span()


def _tax_numbers(text: str) -> Iterator[tuple[int, int]]:
    for match in TAX_NUMBER.finditer(text):
        if tax_number_valid(match.group(1)):
            yield match.span(1)


def _phones(text: str) -> Iterator[tuple[int, int]]:
    """8–15 digits that start as a phone number does (+, 00, 0) and are not a date."""
    for match in PHONE.finditer(text):
        found = match.group()
        digits = sum(character.isdigit() for character in found)
        phone_like = found.lstrip("(").startswith(("+", "0")) and not _date_shaped(found)
        if 8 <= digits <= 15 and phone_like:
            yield match.span()


def _birth_dates(text: str) -> Iterator[tuple[int, int]]:
    """Full dates near a word about birth, or at least twelve years old (an adult's birthday)."""
    today = date.today()
    before, after = BIRTH_WINDOW
    for start, end, day in full_dates(text):
        near = BIRTH.search(text[max(0, start - before) : end + after])
        if near or day.year <= today.year - ADULT_YEARS:
            yield start, end


def _postcodes(text: str) -> Iterator[tuple[int, int]]:
    """A Slovenian postcode and the town after it: 1000 Ljubljana, SI-8000 Novo mesto."""
    tokens = list(WORD.finditer(text))
    starts = {token.start(): index for index, token in enumerate(tokens)}
    for match in POSTCODE.finditer(text):
        previous = WORD.findall(text[max(0, match.start() - 12) : match.start()])
        if previous and previous[-1].casefold() in YEAR_WORDS:
            continue
        index = starts.get(match.end())
        if index is not None and _capitalised(tokens[index].group()):
            yield match.start(1), _town_end(text, tokens, index)


def _town_end(text: str, tokens: list[re.Match[str]], index: int) -> int:
    """Where a town's name ends: its capitalised words, "mesto", and "pri"/"na" + a capital."""
    end = tokens[index].end()
    while index + 1 < len(tokens) and text[end : tokens[index + 1].start()] in (" ", "-"):
        word = tokens[index + 1].group()
        if _capitalised(word) or word == "mesto":
            index, end = index + 1, tokens[index + 1].end()
        elif word in TOWN_LINKS and index + 2 < len(tokens) and _capitalised(tokens[index + 2][0]):
            index, end = index + 2, tokens[index + 2].end()
        else:
            break
    return end


def _capitalised(word: str) -> bool:
    return word[0].isupper() and not any(character.isdigit() for character in word)


def _sentence_start(text: str, start: int) -> bool:
    """Whether a word starts a sentence: the text's start, or after . ! ? … or a line break,
    opening quotes and dashes between (and after a colon, quoted speech or a speaker's label at
    a line's start); a full stop after a title (dr., g.) ends no sentence."""
    position, quoted = start, False
    while position > 0 and (text[position - 1].isspace() or text[position - 1] in OPENINGS):
        if text[position - 1] in "\n\r\u2028\u2029":
            return True
        quoted = quoted or text[position - 1] in OPENINGS
        position -= 1
    if position == 0:
        return True
    if text[position - 1] == ":":
        line = max(text.rfind("\n", 0, position), text.rfind("\r", 0, position)) + 1
        if quoted or SPEAKER.fullmatch(text, line, position):
            return True
    if text[position - 1] not in SENTENCE_ENDS:
        return False
    before = WORD.findall(text[max(0, position - 8) : position])
    return not (text[position - 1] == "." and before and before[-1].casefold() in TITLES)


def calendar_word(folded: str) -> str:
    """A weekday or month without its plural or possessive ending (Tuesdays, Monday's)."""
    for ending in ("'s", "s'", "s"):
        stem = folded.removesuffix(ending)
        if stem != folded and stem in ENGLISH_CALENDAR:
            return stem
    return folded


def _suggestible(text: str, token: re.Match[str]) -> bool:
    """A capitalised word that may be a name: not "I" and its contractions, an English weekday
    or month, a title, a single letter or the country's prefix of a number."""
    word = token.group()
    folded = word.casefold().replace("’", "'")
    return (
        _capitalised(word)
        and len(word) > 1
        and not folded.startswith("i'")
        and calendar_word(folded) not in ENGLISH_CALENDAR
        and folded not in TITLES
        and not COUNTRY_PREFIX.match(text, token.start())
    )


def _capitalised_runs(text: str) -> Iterator[tuple[int, int]]:
    """Runs of capitalised words not at a sentence start, one space or a hyphen between."""
    run: tuple[int, int] | None = None
    for token in WORD.finditer(text):
        joined = run is not None and text[run[1] : token.start()] in RUN_GAPS
        if _suggestible(text, token) and (joined or not _sentence_start(text, token.start())):
            run = (run[0], token.end()) if run and joined else token.span()
            continue
        if run:
            yield run
        run = None
    if run:
        yield run


DETECTORS = {
    REASON_EMAIL: (_emails, "other"),
    REASON_EMSO: (_emsos, "other"),
    REASON_TAX_NUMBER: (_tax_numbers, "other"),
    REASON_BIRTH_DATE: (_birth_dates, "other"),
    REASON_PHONE: (_phones, "other"),
    REASON_POSTCODE: (_postcodes, "place"),
    REASON_CAPITALISED: (_capitalised_runs, "person"),
}


def suggest(text: str) -> list[Suggestion]:
    """Everything in `text` that looks identifying, in text order, never overlapping (an
    identifier wins over a capitalised word)."""
    chosen: list[Suggestion] = []
    for reason in PRIORITY:
        detector, kind = DETECTORS[reason]
        for start, end in detector(text or ""):
            if not any(s.start < end and start < s.end for s in chosen):
                chosen.append(Suggestion(start, end, text[start:end], kind, reason))
    return sorted(chosen, key=lambda s: s.start)
