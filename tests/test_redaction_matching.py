"""The redaction engine's matching: inflected forms, whole words, multi-word terms, overlaps,
the offset map and the labels' numbering (plain functions, no app)."""

from __future__ import annotations

import unicodedata

import pytest

from interview.redaction.matching import Redactor, Term, find_hits, label_text

ANA = Term("Ana", "person", "ana")
TINA = Term("Tina", "person", "tina")
PETER = Term("Peter", "person", "peter")
JANEZ = Term("Janez", "person", "janez")
NOVAK = Term("Novak", "person", "novak")
MARIBOR = Term("Maribor", "place", "maribor")
LJUBLJANA = Term("Ljubljana", "place", "ljubljana")
KRANJEC = Term("Kranjec", "person", "kranjec")
SARAH = Term("Sarah", "person", "sarah")
TERMS = [ANA, TINA, PETER, JANEZ, NOVAK, MARIBOR, LJUBLJANA, KRANJEC, SARAH]

# Every form, each in a sentence of its own (Slovenian and English), with the term it belongs to.
FORMS = [
    ("Včeraj je prišla Ana.", "Ana", ANA),
    ("Nisem videla Ane že dolgo.", "Ane", ANA),
    ("Rekla sem Ani, da pridem.", "Ani", ANA),
    ("Poklicala sem Ano zvečer.", "Ano", ANA),
    ("To je bil Anin predlog.", "Anin", ANA),
    ("Anina mama je prišla.", "Anina", ANA),
    ("Govorili smo o Aninega brata.", "Aninega", ANA),
    ("Moja sestra Tina je mlajša.", "Tina", TINA),
    ("Brez Tine ne bi šlo.", "Tine", TINA),
    ("Pri Tini smo bili.", "Tini", TINA),
    ("Videla sem Tino v mestu.", "Tino", TINA),
    ("My brother Peter called.", "Peter", PETER),
    ("Nisem poznala Petra.", "Petra", PETER),
    ("Dala sem Petru knjigo.", "Petru", PETER),
    ("S Petrom se ne razumem.", "Petrom", PETER),
    ("Brez Janeza ne gre.", "Janeza", JANEZ),
    ("Povedala sem Janezu.", "Janezu", JANEZ),
    ("Z Janezom sva šla.", "Janezom", JANEZ),
    ("Vprašala sem gospoda Novaka.", "Novaka", NOVAK),
    ("Videla sem Novakovo hišo.", "Novakovo", NOVAK),
    ("Živela sem v Mariboru.", "Mariboru", MARIBOR),
    ("Študirala sem v Ljubljani.", "Ljubljani", LJUBLJANA),
    ("Zapustila sem Ljubljano.", "Ljubljano", LJUBLJANA),
    ("Srečala sem Kranjca.", "Kranjca", KRANJEC),
    ("I stayed at Sarah's place.", "Sarah's", SARAH),
]


@pytest.mark.parametrize(("sentence", "form", "term"), FORMS, ids=[f for _, f, _ in FORMS])
def test_every_inflected_form_is_found(sentence, form, term):
    hits = find_hits(sentence, TERMS)
    start = sentence.index(form)
    assert [(h.start, h.end, h.term, h.found) for h in hits] == [
        (start, start + len(form), term, form)
    ]


def test_the_whole_fixture_is_redacted():
    text = " ".join(sentence for sentence, _form, _term in FORMS)
    redacted = Redactor(TERMS, [text]).redact(text).text
    for _sentence, form, _term in FORMS:
        assert form not in redacted
    assert redacted.count("[PERSON ") + redacted.count("[PLACE ") == len(FORMS)


@pytest.mark.parametrize(
    "text",
    [
        "Anatomija je bila težka.",
        "Pojedla sem banano in ananas.",
        "Tinkara je prišla.",
        "Kupila sem tinkturo.",
        "Natočila sem pri Petrolu.",
        "Gospa Novakovič je prišla.",
        "Ljubljanica je reka.",
        "Kranjska klobasa.",
        "Sarahville is a town.",
        "A banana and an anagram.",
    ],
)
def test_words_that_contain_a_name_are_not_found(text):
    assert find_hits(text, TERMS) == []


def test_matching_ignores_case_and_normalisation():
    decomposed = unicodedata.normalize("NFD", "Kovač")
    kovac = Term("Kovač", "person", "kovac")
    assert [h.found for h in find_hits("ANA in ana in aNo", [ANA])] == ["ANA", "ana", "aNo"]
    assert [h.found for h in find_hits(f"Z {decomposed}em.", [kovac])] == [f"{decomposed}em"]
    assert [h.found for h in find_hits("Z Kovačem.", [Term(decomposed, "person", "k")])] == [
        "Kovačem"
    ]


def test_a_multi_word_term_covers_the_whole_run_of_its_forms():
    ana_novak = Term("Ana Novak", "person", "an")
    health_centre = Term("Zdravstveni dom Celje", "organisation", "zd")
    text = (
        "Ane Novakove ni bilo. Ana\nNovak je prišla. Ana, Novak. Delam v Zdravstvenem domu Celje."
    )
    hits = find_hits(text, [ana_novak, health_centre])
    assert [h.found for h in hits] == [
        "Ane Novakove",
        "Ana\nNovak",
        "Zdravstvenem domu Celje",
    ]
    assert hits[0].start == 0
    assert hits[0].end == len("Ane Novakove")


def test_overlapping_terms_the_longest_wins_then_the_earlier():
    ana_novak = Term("Ana Novak", "person", "an")
    novak_kranjec = Term("Novak Kranjec", "person", "nk")
    hits = find_hits("Ana Novak Kranjec in Ana.", [ANA, NOVAK, ana_novak, novak_kranjec])
    assert [(h.start, h.found, h.term) for h in hits] == [
        (0, "Ana", ANA),
        (4, "Novak Kranjec", novak_kranjec),
        (21, "Ana", ANA),
    ]
    # Of two as long, the earlier wins and the later is left out.
    tina_novak, novak_tina = Term("Tina Novak", "person", "tn"), Term("Novak Tina", "person", "nt")
    hits = find_hits("Tina Novak Tina.", [novak_tina, tina_novak])
    assert [(h.found, h.term) for h in hits] == [("Tina Novak", tina_novak)]


def test_where_two_terms_find_the_same_word_the_closer_match_wins():
    petra = Term("Petra", "person", "petra")
    assert [h.term for h in find_hits("Peter in Petra.", [petra, PETER])] == [PETER, petra]


def test_terms_of_fewer_than_two_letters_never_match():
    assert find_hits("A je B. Aa.", [Term("A", "person", "a"), Term("B.", "person", "b")]) == []


def test_a_term_of_digits_matches_whatever_separates_its_groups():
    phone = Term("041 123 456", "other", "phone")
    hits = find_hits("Pokliči 041-123-456 ali 041123456 ali 0411 23 456.", [phone])
    assert [h.found for h in hits] == ["041-123-456", "041123456"]
    assert find_hits("Številka 1041 123 4567.", [phone]) == []


def test_an_e_mail_address_on_the_list_is_found():
    email = Term("ana.novak@example.si", "other", "mail")
    assert [h.found for h in find_hits("Piši na Ana.Novak@example.si.", [email])] == [
        "Ana.Novak@example.si"
    ]


def test_the_offset_map_moves_positions_through_the_labels():
    text = "Ana in Petra."
    redacted = Redactor([ANA, PETER], [text]).redact(text)
    assert redacted.text == "[PERSON 1] in [PERSON 2]."
    assert redacted.position(0) == 0
    assert redacted.position(1) == 0  # inside the name: the label's start
    assert redacted.position(1, end=True) == len("[PERSON 1]")
    assert redacted.position(3) == len("[PERSON 1]")  # at the name's end
    assert redacted.position(4) == len("[PERSON 1] ")  # after it
    petra_end = text.index(".")
    assert redacted.position(petra_end) == redacted.text.index(".")
    assert redacted.position(petra_end - 2, end=True) == redacted.text.index(".")
    assert redacted.text[redacted.position(7) : redacted.position(12, end=True)] == "[PERSON 2]"


def test_the_offset_map_leads_back_from_the_labels_to_the_whole_terms():
    text = "Ana in Petra."
    redacted = Redactor([ANA, PETER], [text]).redact(text)
    second = redacted.text.index("[PERSON 2]")
    assert redacted.original(0) == 0
    assert redacted.original(3) == 0  # inside the label: the term's start
    assert redacted.original(3, end=True) == len("Ana")
    assert redacted.original(len("[PERSON 1]")) == len("Ana")  # at the label's end
    assert redacted.original(second - 1) == text.index(" Petra")
    assert redacted.original(len(redacted.text)) == len(text)
    assert text[redacted.original(second + 2) : redacted.original(second + 5, end=True)] == "Petra"
    for offset in (0, 3, 4, 6, 7, 12, 13):  # outside every term, both ways give it back
        assert redacted.original(redacted.position(offset)) == offset


def test_labels_are_numbered_by_first_appearance_across_the_texts():
    consent = [Term("Ana Novak", "person", "me"), Term("Ana", "person", "me")]
    terms = [*consent, TINA, MARIBOR, LJUBLJANA]
    texts = ["Tina živi v Mariboru.", "Ana je iz Ljubljane, Tini je všeč Maribor.", "Ano Novak."]
    redactor = Redactor(terms, texts)
    assert [redactor.redact(text).text for text in texts] == [
        "[PERSON 1] živi v [PLACE 1].",
        "[PERSON 2] je iz [PLACE 2], [PERSON 1] je všeč [PLACE 1].",
        "[PERSON 2].",
    ]


def test_a_label_is_translated():
    assert label_text("place", 3, lambda word: {"PLACE": "KRAJ"}[word]) == "[KRAJ 3]"
