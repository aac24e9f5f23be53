"""Shared set-up for the questionnaire tests: a participant with a consent, and a full valid answer."""

from __future__ import annotations

import re

from helpers import post_form

FILL = "/participants/P01/questionnaire"

# One valid answer for every item of the shipped questionnaire, as a browser posts it.
VALID = {
    "item-therapy_style": "integrative",
    "item-time_in_therapy-years": "1",
    "item-time_in_therapy-months": "3",
    "item-gender": "another",
    "item-gender-details": "non-binary",
    "item-age": "34",
    "item-education": "university",
    "item-employment": "employed",
    "item-problem_areas": ["other", "anxiety"],
    "item-problem_areas-details": "burnout",
    "item-earlier_help": "  Counselling at university.  ",
    "item-diagnosis": "no",
    "item-medication": "yes",
    "item-medication-details": "sertraline",
}

STORED = {
    "therapy_style": {"value": "integrative", "other": None},
    "time_in_therapy": {"value": {"years": 1, "months": 3}, "other": None},
    "gender": {"value": "another", "other": "non-binary"},
    "age": {"value": 34, "other": None},
    "education": {"value": "university", "other": None},
    "employment": {"value": "employed", "other": None},
    "problem_areas": {"value": ["anxiety", "other"], "other": "burnout"},
    "earlier_help": {"value": "Counselling at university.", "other": None},
    "diagnosis": {"value": "no", "other": None},
    "medication": {"value": "yes", "other": "sertraline"},
}


def submit(client, data: dict, path: str = FILL):
    """Post the questionnaire with the page's CSRF token."""
    return post_form(client, path, data, token_from=path)


def error_next_to(html: str, field: str) -> str:
    """The error text shown under one field (its `<field>-error` block), or ""."""
    match = re.search(rf'<div class="q-errors" id="{field}-error">(.*?)</div>', html, re.S)
    return re.sub(r"<[^>]+>", " ", match.group(1)) if match else ""
