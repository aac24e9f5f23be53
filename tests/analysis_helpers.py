"""A synthetic cohort whose figures are known, and a coding layer over it, for the analysis tests.

Sixteen participants complete the questionnaire (P01-P16); P17's questionnaire is in progress,
P18 has none, P19 declined and P20 withdrew. Every figure the tests expect is worked out by hand
in tests/test_analysis_*.py from the tables below.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from factories import captured_participant

from interview.analysis.layers import Citation, Code, Codebook, CodingLayer
from interview.extensions import db
from interview.models import CONSENT_DECLINED, Participant
from interview.record.synthetic import make_record

PNTS = "prefer_not_to_say"

# The cohort's figures, counted by hand: the paragraph from the counts in test_analysis_sample.py,
# Table 1 (number, name, CC, CT) from the citations as test_analysis_table1.py works them out.
PARAGRAPH = (
    "The sample comprised 16 participants in therapy with 7 therapists. "
    "Gender: female (10), male (4) and another gender (1); 1 preferred not to say. "
    "Ages ranged from 22 to 60 years (M = 37.1, SD = 10.9); 1 preferred not to say and 1 did "
    "not answer. "
    "Time in therapy (exactly 36 months counted as 1–3 years): less than 1 year (1), 1–3 years "
    "(11) and more than 3 years (2); 1 preferred not to say and 1 did not answer. "
    "Employment: employed (9), a student (3), unemployed (1), retired (1) and other (1); "
    "1 preferred not to say. "
    "Highest education: university degree (8), secondary school (4), postgraduate degree (2) "
    "and primary school (1); 1 did not answer. "
    "Presenting problems (more than one could be named): anxiety (6), stress (4), problems with "
    "other people or in relationships (3), low self-esteem (2), eating disorder (1), physical "
    "symptoms (1), trauma or abuse (1), grief or loss (1), problems at work or in studies (1) and "
    "something else (1); 1 preferred not to say and 1 did not answer. "
    "Not included: 1 who declined, 1 who withdrew and 2 whose questionnaires were incomplete."
)
TABLE1 = [
    ("1", "Empathic attunement", 9, 5),
    ("1.1", "The therapist's emotional attunement", 4, 3),
    ("1.2", "Understanding the client's experience", 2, 1),
    ("1.3", "Attuning to the client's process", 1, 1),
    ("1.4", "The experience of contact", 2, 1),
    ("2", "Acceptance", 5, 3),
    ("3", "Safety and trust", 4, 3),
    ("4", "Connection", 2, 2),
    ("5", "A new relational experience", 2, 2),
    ("6", "Match", 4, 2),
]
TOTAL = (24, 14)  # coded citations, participants with at least one

GOLDEN = Path(__file__).parent / "golden" / "record-P05.json"

# fmt: off
# number, therapist, gender, age, time in therapy (years, months), education, employment,
# problem areas, therapy style, diagnosis, medication. None: not answered; PNTS: prefer not to say.
COHORT = (
    (1, "T01", "female", 24, (1, 0), "university", "student", ["anxiety", "stress"], "integrative", "no", "no"),
    (2, "T01", "female", 31, (1, 6), "university", "employed", ["anxiety"], "integrative", "yes", "yes"),
    (3, "T02", "male", 45, (2, 0), "secondary", "employed", ["stress", "work_study"], "integrative", "no", "no"),
    (4, "T02", "female", 38, (3, 0), "postgraduate", "employed", ["relationships"], "integrative", "dont_know", "no"),
    (5, "T03", "female", 29, (0, 11), "university", "employed", ["anxiety", "self_esteem"], "integrative", "no", "no"),
    (6, "T03", "another", 27, (1, 3), "secondary", "student", ["anxiety", "trauma"], "integrative", "yes", "yes"),
    (7, "T03", "male", 52, (3, 1), "secondary", "unemployed", ["grief"], "integrative", "no", "no"),
    (8, "T04", "female", 41, (2, 6), "university", "employed", ["stress"], "integrative", "no", PNTS),
    (9, "T04", "female", PNTS, (1, 9), "university", "employed", ["anxiety", "relationships"], "integrative", "no", "no"),
    (10, "T05", "male", 60, (4, 2), "primary", "retired", ["physical", "other"], "integrative", "yes", "yes"),
    (11, "T05", "female", 33, PNTS, "university", "employed", ["self_esteem"], "other", "no", "no"),
    (12, "T05", PNTS, 36, (1, 1), None, "employed", PNTS, "integrative", PNTS, "no"),
    (13, "T06", "female", 22, (1, 0), "secondary", "student", ["anxiety", "eating"], "integrative", "no", "no"),
    (14, "T06", "female", 47, (2, 11), "university", "employed", ["relationships"], "integrative", "no", "no"),
    (15, "T07", "male", None, None, "university", "other", ["stress"], "integrative", "no", None),
    (16, "T07", "female", 35, (2, 2), "postgraduate", PNTS, None, None, "no", "no"),
)
# fmt: on
# The "say which" texts the options that ask for one carry.
DETAILS = {
    "gender": "non-binary",
    "therapy_style": "Gestalt therapy",
    "employment": "freelance",
    "problem_areas": "insomnia",
    "diagnosis": "depression",
    "medication": "sertraline",
}
DETAIL_VALUES = {"another", "other", "yes"}
FIELDS = (
    "gender",
    "age",
    "time_in_therapy",
    "education",
    "employment",
    "problem_areas",
    "therapy_style",
    "diagnosis",
    "medication",
)


def cohort_answers(row: tuple) -> dict[str, dict]:
    """One cohort row as stored questionnaire answers (item id -> value and "say which" text)."""
    number, _therapist, *values = row
    answers = {}
    for item_id, value in zip(FIELDS, values, strict=True):
        if item_id == "time_in_therapy" and isinstance(value, tuple):
            value = {"years": value[0], "months": value[1]}
        chosen = value if isinstance(value, list) else [value]
        other = DETAILS.get(item_id) if DETAIL_VALUES.intersection(map(str, chosen)) else None
        answers[item_id] = {"value": value, "other": other}
    answers["earlier_help"] = {"value": "Counselling at university." if number % 3 else None}
    return answers


# --- plain records ------------------------------------------------------------------------------


def shipped_items() -> list[dict]:
    """The shipped questionnaire's items as a record holds them (from the pinned record)."""
    return json.loads(GOLDEN.read_text(encoding="utf-8"))["questionnaire"]["items"]


def display(item: dict, answer: dict) -> str:
    """The answer in words, as the record writes it (labels, "say which" after a colon)."""
    value, other = answer.get("value"), answer.get("other")
    labels = {o["value"]: o["label"] for o in item.get("options") or []}
    labels.update({"yes": "Yes", "no": "No", PNTS: "Prefer not to say"})
    if value is None:
        return ""
    if isinstance(value, dict):
        return f"{value['years']} years, {value['months']} months"
    if isinstance(value, list):
        return "; ".join(word(labels.get(v, v), v, other) for v in value)
    return word(labels.get(str(value), str(value)), value, other)


def word(label: str, value, other: str | None) -> str:
    """One chosen answer, with its "say which" text when the option asks for one."""
    return f"{label}: {other}" if other and value in DETAIL_VALUES else label


def questionnaire_items(answers: dict[str, dict], items: list[dict] | None = None) -> list[dict]:
    """The record's questionnaire items with these answers."""
    result = []
    for item in copy.deepcopy(items or shipped_items()):
        answer = answers.get(item["id"]) or {"value": None, "other": None}
        item.update(
            value=answer.get("value"), other=answer.get("other"), display=display(item, answer)
        )
        result.append(item)
    return result


def cohort_record(row: tuple, items: list[dict] | None = None) -> dict:
    """One cohort participant's record: a synthetic interview, the cohort's questionnaire."""
    number, therapist = row[0], row[1]
    record = make_record(number, seed=number, paragraphs_per_answer=1, words_per_paragraph=8)
    record["participant"]["therapist_code"] = therapist
    record["questionnaire"]["items"] = questionnaire_items(cohort_answers(row), items)
    return record


def cohort_records(items: list[dict] | None = None) -> list[dict]:
    """P01-P18: the sixteen, then P17 (questionnaire in progress) and P18 (no questionnaire)."""
    records = [cohort_record(row, items) for row in COHORT]
    in_progress = cohort_record((17, "T08", "male", 40, (1, 0), *COHORT[0][5:]), items)
    in_progress["questionnaire"]["status"] = "in_progress"
    no_questionnaire = make_record(18, seed=18, paragraphs_per_answer=1, words_per_paragraph=8)
    no_questionnaire["participant"]["therapist_code"] = "T08"
    no_questionnaire["questionnaire"] = None
    return [*records, in_progress, no_questionnaire]


LEFT_OUT = {"declined": ["P19"], "withdrawn": ["P20"]}


# --- the coding layer ---------------------------------------------------------------------------


def study_codebook() -> Codebook:
    """The study's six categories, four subcategories under the first (ANALYSIS.md)."""
    return Codebook(
        (
            Code("c1", "Empathic attunement", definition="The therapist attunes to the client."),
            Code("c1.1", "The therapist's emotional attunement", parent="c1"),
            Code("c1.2", "Understanding the client's experience", parent="c1"),
            Code("c1.3", "Attuning to the client's process", parent="c1"),
            Code("c1.4", "The experience of contact", parent="c1"),
            Code("c2", "Acceptance", definition="Complete, unconditional, non-judging acceptance."),
            Code("c3", "Safety and trust"),
            Code("c4", "Connection", definition="A stable, constant, reliable person."),
            Code("c5", "A new relational experience"),
            Code("c6", "Match"),
        )
    )


def cite(citation_id: str, *codes: str, text: str = "") -> Citation:
    """A citation of the reconciled layer; its text names it."""
    number = int(citation_id.split(":")[0])
    return Citation(citation_id, number, frozenset(codes), text or f"Quote {citation_id}.")


def study_citations() -> tuple[Citation, ...]:
    """The coded citations (see test_analysis_table1.py for every count worked out)."""
    return (
        cite("1:3", "c1.1"),
        cite("1:7", "c1.2"),
        cite("1:9", "c1.1", "c1.2"),  # two codes of one category: once for category 1
        cite("2:4", "c1"),
        cite("2:5", "c1", "c1.1"),  # the category and its subcategory: once
        cite("3:2", "c1.3"),
        cite("5:39", "c1.4", text="She noticed how I felt before I said it."),
        cite("5:40", "c1.4"),
        cite("17:1", "c1.1"),  # questionnaire incomplete, interview coded: counts in Table 1
        cite("20:1", "c1.1"),  # withdrawn: in no figure
        cite("1:12", "c2"),
        cite("4:1", "c2"),
        cite("4:2", "c2"),
        cite("4:3", "c2", "c3"),  # two categories: once in each, once in the total
        cite("6:8", "c2"),
        cite("7:2", "c3"),
        cite("8:5", "c3"),
        cite("8:6", "c3"),
        cite("9:1", "c4"),
        cite("10:2", "c4"),
        cite("10:2", "c5"),  # the same citation listed once per code: one citation
        cite("11:4", "c5"),
        cite("19:1", "c5"),  # declined: in no figure
        cite("12:1", "c6"),
        cite("12:2", "c6"),
        cite("12:3", "c6"),
        cite("13:1", "deleted-code"),  # a code no longer in the codebook: counts nowhere
        cite("14:2", "deleted-code", "c6"),
    )


def study_layer(name: str = "reconciled") -> CodingLayer:
    """The reconciled layer over the cohort."""
    return CodingLayer(name, study_codebook(), study_citations())


class StaticSource:
    """A layer source holding fixed layers (what the coding workbench will provide)."""

    def __init__(self, *layers: CodingLayer) -> None:
        self.layers = {layer.name: layer for layer in layers}

    def layer_names(self) -> list[str]:
        """The layers' names."""
        return list(self.layers)

    def load(self, name: str) -> CodingLayer | None:
        """One layer, or None."""
        return self.layers.get(name)


# --- the cohort in the database -----------------------------------------------------------------


def add_participant(number: int, therapist: str, answers: dict | None, status: str) -> Participant:
    """One cohort member: a signed consent and (optionally) questionnaire answers, no interview."""
    return captured_participant(
        number,
        therapist_code=therapist,
        note="",
        answers=answers,
        questionnaire_status=status,
        interview=False,
        commit=False,
    )


def add_cohort() -> None:
    """The cohort through the models: P01-P16, P17 in progress, P18 none, P19 declined, P20 signed.

    The caller withdraws P20 through the real withdrawal service.
    """
    for row in COHORT:
        add_participant(row[0], row[1], cohort_answers(row), "complete")
    add_participant(
        17, "T08", cohort_answers((17, "T08", "male", 40, (1, 0), *COHORT[0][5:])), "in_progress"
    )
    add_participant(18, "T08", None, "complete")
    declined = add_participant(19, "T09", None, "complete")
    declined.consent.status = CONSENT_DECLINED
    add_participant(20, "T09", cohort_answers(COHORT[0]), "complete")
    db.session.commit()
