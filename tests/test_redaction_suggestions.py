"""The redaction engine's suggestions: checksums, each detector in Slovenian and English, and a
sample interview with the exact suggestions expected (plain functions, no app)."""

from __future__ import annotations

from datetime import date

import pytest

from interview.redaction.suggestions import (
    REASON_BIRTH_DATE,
    REASON_CAPITALISED,
    REASON_EMAIL,
    REASON_EMSO,
    REASON_PHONE,
    REASON_POSTCODE,
    REASON_TAX_NUMBER,
    emso_valid,
    suggest,
    tax_number_valid,
)

EMSO_WEIGHTS = (7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def emso_with_checksum(first_twelve: str) -> str:
    """An EMŠO completed by the published rule (the test's own generator)."""
    remainder = sum(int(d) * w for d, w in zip(first_twelve, EMSO_WEIGHTS, strict=True)) % 11
    assert remainder != 1, "no EMŠO has these twelve digits"
    return first_twelve + str(0 if remainder == 0 else 11 - remainder)


@pytest.mark.parametrize(
    "emso",
    [
        "0101985505005",  # worked by hand: the sum is 138, 138 mod 11 = 6, control 11 − 6
        "1512990500007",  # sum 125, mod 11 = 4, control 7
        "0203990501090",  # mod 11 = 0: control 0
        emso_with_checksum("290200050012"),  # 29 February 2000
        emso_with_checksum("311299950123"),
        emso_with_checksum("010190050012"),  # year 900: 1900 (800 and over are the 1900s)
        emso_with_checksum("010100550012"),  # year 005: 2005
    ],
)
def test_a_valid_emso(emso):
    assert emso_valid(emso)


@pytest.mark.parametrize(
    "emso",
    [
        "0101985505006",  # wrong checksum
        "0203990501040",  # mod 11 = 1: no control digit exists
        "010198550500",  # 12 digits
        "01019855050050",  # 14 digits
        emso_with_checksum("320198550500"),  # 32 January
        emso_with_checksum("011398550500"),  # month 13
        emso_with_checksum("290200150012"),  # 29 February 2001
        "01019855050a5",
        "０１０１９８５５０５００５",  # fullwidth digits are not an EMŠO
    ],
)
def test_an_invalid_emso(emso):
    assert not emso_valid(emso)


def test_an_emso_born_in_the_future_is_invalid():
    year = date.today().year + 1
    assert not emso_valid(emso_with_checksum(f"0101{year % 1000:03d}50500"))


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("12345679", True),  # 8·1+7·2+6·3+5·4+4·5+3·6+2·7 = 112, mod 11 = 2, control 9
        ("12345678", False),
        ("10000020", True),  # mod 11 = 1: control 10, written 0
        ("10000070", False),  # mod 11 = 0: control 11, no valid number
        ("02345679", False),  # the first digit is never 0
        ("1234567", False),
        ("123456790", False),
    ],
)
def test_tax_number_checksum(number, valid):
    assert tax_number_valid(number) is valid


def found(text: str) -> list[tuple[str, str, str]]:
    """(text, kind, reason) of every suggestion."""
    return [(s.text, s.kind, s.reason) for s in suggest(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Včeraj sem videla Ano Novak v trgovini.", [("Ano Novak", "person", REASON_CAPITALISED)]),
        ("Yesterday I met Sarah Jones at work.", [("Sarah Jones", "person", REASON_CAPITALISED)]),
        ("Ana je prišla. Peter ne.", []),
        ("Ana came. Peter did not! Why? Because… Tina said so.", []),
        ('Rekla je: "Pridi." In potem:\nTina je odšla.', []),
        ("— Kdo? — Nihče.", []),
        ("On Monday in January I'm going, I've said, and I will.", []),
        ("We met on Tuesdays, and on Monday's bus in Mays past.", []),
        ("Šla sem k dr. Kranjcu.", [("Kranjcu", "person", REASON_CAPITALISED)]),
        ("Poročena je z Novak-Kovačem.", [("Novak-Kovačem", "person", REASON_CAPITALISED)]),
    ],
)
def test_capitalised_words_not_at_a_sentence_start(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Pokliči me na 041 123 456.", "041 123 456"),
        ("Moja številka: 041-123-456", "041-123-456"),
        ("Službeni telefon je 01 234 56 78.", "01 234 56 78"),
        ("Iz tujine: +386 41 123 456.", "+386 41 123 456"),
        ("Call me on +44 20 7946 0958 tonight.", "+44 20 7946 0958"),
        ("The office is (01) 234/56-78.", "(01) 234/56-78"),
        ("Or 00386 1 234 5678.", "00386 1 234 5678"),
    ],
)
def test_phone_numbers(text, phone):
    assert found(text) == [(phone, "other", REASON_PHONE)]


@pytest.mark.parametrize(
    "text",
    [
        "Bilo je 2019-2021.",  # years, not a phone
        "Koda 0412 345.",  # seven digits
        "Račun 0123 4567 8901 2345 6789.",  # twenty digits
        f"Sestanek je bil 01.12.{date.today().year - 1}.",  # a recent date, no birth: nothing
    ],
)
def test_numbers_that_are_not_phone_numbers(text):
    assert found(text) == []


def test_email_addresses():
    assert found("Piši mi na ana.novak@example.si ali na Tina_N+1@mail.co.uk.") == [
        ("ana.novak@example.si", "other", REASON_EMAIL),
        ("Tina_N+1@mail.co.uk", "other", REASON_EMAIL),
    ]


def test_emso_and_tax_numbers():
    assert found("Moj emšo je 0101985505005, davčna pa SI 12345679 ali 10000020.") == [
        ("0101985505005", "other", REASON_EMSO),
        ("12345679", "other", REASON_TAX_NUMBER),
        ("10000020", "other", REASON_TAX_NUMBER),
    ]
    # Invalid checksums are no such identifiers (and, not starting with 0, no phone either).
    assert found("Številki 1101985505005 in 12345678.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Živim na Slovenski 1, 1000 Ljubljana.", "1000 Ljubljana"),
        ("Address: Partizanska 5, 2000 Maribor", "2000 Maribor"),
        ("Pošta SI-3000 Celje.", "3000 Celje"),
        ("Naslov: Glavni trg 6, 8000 Novo mesto.", "8000 Novo mesto"),
        ("Naslov: Cesta 4, 3240 Šmarje pri Jelšah.", "3240 Šmarje pri Jelšah"),
    ],
)
def test_postcodes_with_their_towns(text, expected):
    assert (expected, "place", REASON_POSTCODE) in found(text)


def test_a_year_before_a_name_is_no_postcode():
    assert found("Leta 2019 Ana ni prišla.") == [("Ana", "person", REASON_CAPITALISED)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rojena sem 1. 12. 1985.", "1. 12. 1985"),
        ("Datum rojstva: 01.12.1985", "01.12.1985"),
        ("Date of birth 1985-12-01.", "1985-12-01"),
        ("She was born 12/01/1985.", "12/01/1985"),
        ("I was born on 1 December 1985.", "1 December 1985"),
        ("He was born December 1, 1985, in winter.", "December 1, 1985"),
        ("Rodila se je 1. decembra 1985.", "1. decembra 1985"),
        ("Rojstni dan ima 3. 4. 2020.", "3. 4. 2020"),  # recent, but a birth word is near
        ("Zgodilo se je 1. 12. 1985.", "1. 12. 1985"),  # old enough to be an adult's birthday
    ],
)
def test_birth_dates(text, expected):
    assert found(text) == [(expected, "other", REASON_BIRTH_DATE)]


def test_a_recent_date_far_from_a_birth_word_is_not_suggested():
    recent = date.today().year - 1
    assert found(f"Terapija se je začela 3. 4. {recent}.") == []
    assert found("Sestanek je 31. 2. 1985.") == []  # no such date


SAMPLE = """Intervjuvanka: Ko sem živela v Mariboru, mi je sestra Tina Novak veliko pomagala.
Terapevt, dr. Kranjec, me je poslal v Zdravstveni dom Celje. Pokličete me lahko na 041 123 456
ali pišete na ana.novak@example.si. Moj EMŠO je 0101985505005, naslov pa Slovenska cesta 1,
1000 Ljubljana. Rojena sem 1. 12. 1985.
Interviewer: Thank you. Did you talk to Sarah about it on Monday?
Participant: I did. I'm sure Sarah's mum in Leeds knew too."""

SAMPLE_EXPECTED = [
    ("Mariboru", "person", REASON_CAPITALISED),
    ("Tina Novak", "person", REASON_CAPITALISED),
    ("Kranjec", "person", REASON_CAPITALISED),
    ("Zdravstveni", "person", REASON_CAPITALISED),
    ("Celje", "person", REASON_CAPITALISED),
    ("041 123 456", "other", REASON_PHONE),
    ("ana.novak@example.si", "other", REASON_EMAIL),
    ("EMŠO", "person", REASON_CAPITALISED),
    ("0101985505005", "other", REASON_EMSO),
    ("Slovenska", "person", REASON_CAPITALISED),
    ("1000 Ljubljana", "place", REASON_POSTCODE),
    ("1. 12. 1985", "other", REASON_BIRTH_DATE),
    ("Sarah", "person", REASON_CAPITALISED),
    ("Sarah's", "person", REASON_CAPITALISED),
    ("Leeds", "person", REASON_CAPITALISED),
]


def test_suggestions_on_a_sample_interview():
    suggestions = suggest(SAMPLE)
    assert [(s.text, s.kind, s.reason) for s in suggestions] == SAMPLE_EXPECTED
    assert all(SAMPLE[s.start : s.end] == s.text for s in suggestions)
    assert all(a.end <= b.start for a, b in zip(suggestions, suggestions[1:], strict=False))


def test_nothing_to_suggest_in_an_empty_text():
    assert suggest("") == []
