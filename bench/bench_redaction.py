"""Benchmark the redaction engine: a 10 000-word transcript, 20 listed terms, the suggestions.

Run: .venv/bin/python bench/bench_redaction.py (prints figures; not a test). The transcript mixes
made-up words (a fresh vocabulary of 3 000 per text, so most lemmas are looked up anew) with
inflected forms of the listed names. Figures: simplemma's dictionaries loading (once per process),
then the redaction of five texts, each a numbering pass plus the redaction itself, as an export
does (budget: well under 1 s), and the suggestions on one text.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from interview.redaction.inflection import LANGUAGES, lemma  # noqa: E402
from interview.redaction.matching import Redactor, Term  # noqa: E402
from interview.redaction.suggestions import suggest  # noqa: E402

NAMES = [
    ("Ana", "person"), ("Tina", "person"), ("Peter", "person"), ("Janez", "person"),
    ("Novak", "person"), ("Kranjec", "person"), ("Marko", "person"), ("Sarah", "person"),
    ("Ana Novak", "person"), ("Heidi", "person"), ("Maribor", "place"), ("Ljubljana", "place"),
    ("Celje", "place"), ("Zdravstveni dom Celje", "organisation"), ("Petrol", "organisation"),
    ("Luka", "person"), ("Mojca", "person"), ("Kovač", "person"), ("Jože", "person"),
    ("041 123 456", "other"),
]  # fmt: skip
FORMS = ["Ani", "Anin", "Tine", "Tino", "Petra", "Petrom", "Janezu", "Novakovo", "Kranjca",
         "Marku", "Sarah's", "Heidiji", "Mariboru", "Ljubljani", "Celju", "Luki", "Mojce",
         "Kovačem", "Jožeta", "041-123-456", "Ana Novak"]  # fmt: skip
SYLLABLES = ("ka", "ro", "ti", "ne", "mo", "la", "ve", "zi", "do", "pu", "še", "ča", "že", "an")  # fmt: skip


def transcript(words: int, seed: int = 18) -> str:
    """A text of about `words` words from a vocabulary of 3 000 (most looked up once, as in a
    real transcript), one in twenty an inflected form of a listed term."""
    pick = random.Random(seed)
    vocabulary = ["".join(pick.choices(SYLLABLES, k=pick.randint(1, 4))) for _ in range(3000)]
    out = [
        pick.choice(FORMS) if pick.random() < 0.05 else pick.choice(vocabulary)
        for _ in range(words)
    ]
    return " ".join(out)


def main() -> None:
    """Print the dictionaries' loading, then the redaction and suggestion times."""
    terms = [Term(name, kind, f"k{index}") for index, (name, kind) in enumerate(NAMES)]
    started = time.perf_counter()
    for language in LANGUAGES:
        lemma("hiša", language)
    loading = time.perf_counter() - started
    runs, hits = [], 0
    for seed in range(5):
        text = transcript(10_000, seed)
        started = time.perf_counter()
        redacted = Redactor(terms, [text]).redact(text)
        runs.append(time.perf_counter() - started)
        hits = len(redacted.spans)
    started = time.perf_counter()
    suggestions = suggest(text)
    suggesting = time.perf_counter() - started
    print(f"words: {len(text.split())}, terms: {len(terms)}, hits: {hits}")
    print(f"simplemma's sl + en dictionaries, once per process: {loading * 1000:.0f} ms")
    print(f"first redaction (terms compiled, every word looked up): {runs[0] * 1000:.0f} ms")
    print(f"redaction of a 10 000-word text, worst of 5 texts: {max(runs) * 1000:.0f} ms")
    print(f"suggestions on one text: {len(suggestions)} in {suggesting * 1000:.0f} ms")


if __name__ == "__main__":
    main()
