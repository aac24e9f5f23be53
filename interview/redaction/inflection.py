"""The forms a listed word takes in a text: Slovenian declension by hand, lemmas from simplemma.

simplemma (its Slovenian and English data ship in the wheel; nothing is downloaded) knows many
inflected forms but misses most of a name's (``Tini``, ``Anin``, ``Novakovo``), so the declension
of a name is generated here as well: the feminine -a, the masculine consonant-final with its
fleeting e, the masculine and neuter -o/-e, names ending in a vowel that take -j-, the possessive
adjectives (``Anin``, ``Novakov``) and the English plural. Every form is folded (NFC, casefold).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import simplemma

LANGUAGES = ("sl", "en")

# Shorter words get no generated forms and no lemma: "Al" would take "ali" ("or"), and simplemma
# gives "Jo" the lemma "on" ("he"), which would replace every pronoun.
MIN_INFLECTED = 3

# After these the Slovenian endings take e (Janezom but Kranjcem, Novakov but Kranjčev).
SOFT = frozenset("cčšžjćđ")

FEMININE = ("a", "e", "i", "o", "ama", "ah", "am", "ami")
MASCULINE = ("a", "u", "i", "e", "ih", "ema", "oma")
ADJECTIVE = ("", "a", "o", "i", "e", "ega", "emu", "em", "im", "ih", "ima", "imi")
J_ENDINGS = ("a", "u", "em", "o", "i", "e", "ev", "in")


def fold(text: str) -> str:
    """The text as matching compares it: composed (NFC) and case-folded."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())


@lru_cache(maxsize=65536)
def lemma(word: str, language: str) -> str:
    """simplemma's lemma of one word, folded (cached: a transcript repeats its words)."""
    return fold(simplemma.lemmatize(word, lang=language))


def token_lemmas(word: str) -> set[tuple[str, str]]:
    """(language, lemma) of a word in a text, as written and lowercased: a name at a sentence
    start and one typed in lowercase both find their lemma."""
    if len(word) < MIN_INFLECTED:
        return set()
    return {
        (language, lemma(form, language)) for language in LANGUAGES for form in (word, word.lower())
    }


def term_lemmas(word: str) -> set[tuple[str, str]]:
    """(language, lemma) of a listed word, as written only: lowercased, "Maja" would be "maj"
    (May). A lemma shorter than the minimum is left out like a short word."""
    if len(word) < MIN_INFLECTED:
        return set()
    pairs = {(language, lemma(word, language)) for language in LANGUAGES}
    return {(language, found) for language, found in pairs if len(found) >= MIN_INFLECTED}


def _adjective(stem: str) -> set[str]:
    return {stem + ending for ending in ADJECTIVE}


def _masculine(stem: str) -> set[str]:
    """A consonant-final masculine stem's cases and its possessive adjective (Novakov)."""
    soft = stem[-1] in SOFT
    forms = {stem + ending for ending in MASCULINE}
    forms |= {stem + ("em" if soft else "om"), stem + ("ev" if soft else "ov")}
    forms |= _adjective(stem + ("ev" if soft else "ov"))
    if stem.endswith("c"):
        # Kranjec, Kranjca, but the possessive palatalises: Kranjčev.
        forms |= _adjective(stem[:-1] + "čev")
    return forms


def _fleeting_e(word: str) -> str | None:
    """The stem without its fleeting e (Peter → Petr, Pavel → Pavl, Kranjec → Kranjc), or None."""
    if len(word) >= 4 and word[-2] == "e" and word[-1] in "rlcnk" and word[-3] not in "aeiou":
        return word[:-2] + word[-1]
    return None


def declined_forms(word: str) -> frozenset[str]:
    """Every generated form of one listed word, folded; the word itself included."""
    word = fold(word)
    if len(word) < MIN_INFLECTED or not word.isalpha():
        return frozenset({word})
    forms = {word, word + "s"}
    last, stem = word[-1], word[:-1]
    if last == "a":
        # Feminine (Ana, Ane, Anin), and the possessive of a masculine -a (Luka, Lukov).
        forms |= {stem + ending for ending in FEMININE}
        forms |= _adjective(stem + "in")
        forms |= _adjective(stem + ("ev" if stem[-1] in SOFT else "ov"))
    elif last in "oe":
        # Marko, Marka; Celje, Celjem; and Jože, Jožeta, whose stem grows a t.
        forms |= {stem + ending for ending in ("o", "a", "u", "om", "em", "i", "ih")}
        forms |= _adjective(stem + "ov") | _adjective(stem + "ev")
        forms |= {word + "t" + ending for ending in ("a", "u", "om", "ov")}
    elif last not in "iuy":
        forms |= _masculine(word)
        if shorter := _fleeting_e(word):
            forms |= _masculine(shorter)
    if last in "eiuy":
        # Heidi, Heidija, Heidijin; Ivy, Ivyju.
        forms |= {word + "j" + ending for ending in J_ENDINGS}
        forms |= _adjective(word + "jin") | _adjective(word + "jev")
    return frozenset(forms)
