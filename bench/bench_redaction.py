"""Benchmark the redaction engine: a 10 000-word transcript with 20 listed terms.

Run: .venv/bin/python bench/bench_redaction.py (prints figures; not a test). The transcript mixes
Slovenian and English words with inflected forms of the listed names; the figures are the first
redaction (simplemma's dictionaries loading, the terms compiled) and the best of five after it
(budget: well under 1 s), with the number of hits.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from interview.redaction.matching import Redactor, Term  # noqa: E402

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
    """Print the first and the best warm redaction time of the transcript."""
    text = transcript(10_000)
    terms = [Term(name, kind, f"k{index}") for index, (name, kind) in enumerate(NAMES)]
    started = time.perf_counter()
    redactor = Redactor(terms, [text])
    redacted = redactor.redact(text)
    first = time.perf_counter() - started
    runs = []
    for seed in range(5):
        text = transcript(10_000, seed)
        started = time.perf_counter()
        Redactor(terms, [text]).redact(text)
        runs.append(time.perf_counter() - started)
    print(f"words: {len(text.split())}, terms: {len(terms)}, hits: {len(redacted.spans)}")
    print(f"first redaction (dictionaries loading): {first * 1000:.0f} ms")
    print(
        f"warm redaction (numbering pass + redact, five other texts, best): {min(runs) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
