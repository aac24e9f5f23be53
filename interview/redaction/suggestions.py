"""Suggesting terms to add to the redaction list: names, identifiers, addresses, birth dates.

Plain functions on plain text. Each suggestion says what was found, where, the kind it would be
listed as and why it was suggested; the reviewer accepts it (the term joins the list) or dismisses
it, once per term.

CONTRACT STUB: the detectors come with the engine's implementation.
"""

from __future__ import annotations

from dataclasses import dataclass

REASON_CAPITALISED = "capitalised"
REASON_PHONE = "phone"
REASON_EMAIL = "email"
REASON_EMSO = "emso"
REASON_TAX_NUMBER = "tax-number"
REASON_POSTCODE = "postcode"
REASON_BIRTH_DATE = "birth-date"


@dataclass(frozen=True)
class Suggestion:
    """A term found at [start, end) that looks identifying: its text, proposed kind and reason."""

    start: int
    end: int
    text: str
    kind: str
    reason: str


def emso_valid(digits: str) -> bool:
    """Whether a 13-digit string is a valid Slovenian EMŠO (its last digit the checksum)."""
    return False


def tax_number_valid(digits: str) -> bool:
    """Whether an 8-digit string is a valid Slovenian tax number (its last digit the checksum)."""
    return False


def suggest(text: str) -> list[Suggestion]:
    """Everything in `text` that looks identifying, in text order."""
    return []
