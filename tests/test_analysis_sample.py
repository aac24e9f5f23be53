"""The sample description and the Participants paragraph, on a cohort whose figures are known.

Hand counts over tests/analysis_helpers.py COHORT (n = 16: P01-P16; P17 in progress and P18
without a questionnaire are left out, as are P19 who declined and P20 who withdrew):

- therapists T01-T07: 7.
- gender: female P01 P02 P04 P05 P08 P09 P11 P13 P14 P16 = 10; male P03 P07 P10 P15 = 4;
  another P06 = 1; prefer not to say P12 = 1; missing 0.
- age, 14 given (P09 prefer not to say, P15 missing): 24 31 45 38 29 27 52 41 60 33 36 22 47 35;
  sum 520, mean 520 / 14 = 37.142… -> 37.1; sum of squares 20 864, SS = 20 864 - 520² / 14
  = 1 549.714…, variance SS / 13 = 119.208…, SD 10.918… -> 10.9; range 22-60.
- months in therapy: 12 18 24 36 11 15 37 30 21 50 (P11 prefer not to say) 13 12 35 (P15 missing)
  26: < 1 year P05 (11) = 1; 1-3 years 12 18 24 36 15 30 21 13 12 35 26 = 11 (36 included);
  > 3 years P07 (37) P10 (50) = 2; 14 given, sum 340, mean 24.285… -> 24.3, range 11-50;
  sum of squares 10 110, SS = 10 110 - 340² / 14 = 1 852.857…, SD = √(SS / 13) = 11.938… -> 11.9.
- education: primary 1, secondary 4 (P03 P06 P07 P13), university 8, postgraduate 2 (P04 P16),
  missing 1 (P12).
- employment: employed 9, unemployed 1, student 3, retired 1, other 1, prefer not to say 1 (P16).
- problem areas: anxiety 6 (P01 P02 P05 P06 P09 P13), stress 4 (P01 P03 P08 P15), relationships 3,
  self-esteem 2, eating / physical / trauma / grief / work-study / other 1 each, prefer not to
  say 1 (P12), missing 1 (P16).
- medication (yes/no): yes 3 (P02 P06 P10), no 11, prefer not to say 1 (P08), missing 1 (P15).
"""

from __future__ import annotations

import copy

import pytest
from analysis_helpers import LEFT_OUT, PARAGRAPH, cohort_records, shipped_items

from interview.analysis.formats import sample_json
from interview.analysis.paragraph import participants_paragraph
from interview.analysis.sample import describe_sample, rounded, therapy_group, total_months


def counts(item: dict) -> dict[str, int]:
    """Option value -> n of one item of the JSON."""
    return {key: count["n"] for key, count in item["counts"].items()}


@pytest.fixture
def sample():
    return describe_sample(cohort_records(), LEFT_OUT)


@pytest.fixture
def figures(sample) -> dict:
    return sample_json(sample, participants_paragraph(sample))


def test_n_therapists_and_who_is_left_out(figures):
    assert figures["n"] == 16
    assert figures["therapists"] == 7
    assert figures["excluded"] == {
        "declined": {"label": "Declined consent", "n": 1, "codes": ["P19"]},
        "withdrawn": {"label": "Withdrew from the study", "n": 1, "codes": ["P20"]},
        "questionnaire_incomplete": {
            "label": "Questionnaire not completed",
            "n": 2,
            "codes": ["P17", "P18"],
        },
        "total": 4,
    }


def test_age_figures(figures):
    assert figures["age"] == {
        "item": "age",
        "label": "Age",
        "n": 14,
        "min": 22,
        "max": 60,
        "mean": 37.1,
        "sd": 10.9,
        "prefer_not_to_say": {"label": "Prefer not to say", "n": 1, "percent": 6.3},
        "missing": {"label": "No answer", "n": 1, "percent": 6.3},
    }


def test_time_in_therapy_groups_with_the_boundary_rule(figures):
    length = figures["therapy_length"]
    assert length["groups"] == {
        "under_1_year": {"label": "< 1 year", "n": 1, "percent": 6.3},
        "1_to_3_years": {"label": "1–3 years", "n": 11, "percent": 68.8},
        "over_3_years": {"label": "> 3 years", "n": 2, "percent": 12.5},
    }
    assert length["months"] == {"n": 14, "min": 11, "max": 50, "mean": 24.3, "sd": 11.9}
    assert (length["prefer_not_to_say"]["n"], length["missing"]["n"]) == (1, 1)
    assert "exactly 36 months included" in length["rule"]


@pytest.mark.parametrize(
    ("years", "months", "group"),
    [
        (0, 11, "under_1_year"),
        (1, 0, "1_to_3_years"),
        (2, 11, "1_to_3_years"),
        (3, 0, "1_to_3_years"),  # exactly 36 months: 1-3 years, as the study counts
        (2, 12, "1_to_3_years"),  # 36 months however typed
        (3, 1, "over_3_years"),
    ],
)
def test_boundary_rule(years, months, group):
    assert therapy_group(total_months({"years": years, "months": months})) == group


def test_single_choice_counts_keyed_by_value_with_labels_and_per_cent(figures):
    gender = figures["items"]["gender"]
    assert gender["counts"] == {
        "female": {"label": "Female", "n": 10, "percent": 62.5},
        "male": {"label": "Male", "n": 4, "percent": 25.0},
        "another": {"label": "Another gender", "n": 1, "percent": 6.3},
    }
    assert gender["prefer_not_to_say"] == {"label": "Prefer not to say", "n": 1, "percent": 6.3}
    assert gender["missing"] == {"label": "No answer", "n": 0, "percent": 0.0}
    assert counts(figures["items"]["education"]) == {
        "primary": 1,
        "secondary": 4,
        "university": 8,
        "postgraduate": 2,
    }
    assert figures["items"]["education"]["missing"]["n"] == 1
    assert counts(figures["items"]["employment"]) == {
        "employed": 9,
        "unemployed": 1,
        "student": 3,
        "retired": 1,
        "other": 1,
    }
    assert figures["items"]["employment"]["prefer_not_to_say"]["n"] == 1
    assert counts(figures["items"]["diagnosis"]) == {"yes": 3, "no": 11, "dont_know": 1}
    assert counts(figures["items"]["therapy_style"]) == {"integrative": 14, "other": 1}


def test_yes_no_items_take_their_labels_from_the_records(figures):
    medication = figures["items"]["medication"]
    assert medication["counts"] == {
        "yes": {"label": "Yes", "n": 3, "percent": 18.8},
        "no": {"label": "No", "n": 11, "percent": 68.8},
    }
    assert (medication["prefer_not_to_say"]["n"], medication["missing"]["n"]) == (1, 1)


def test_problem_areas_count_participants_per_area(figures):
    problems = figures["items"]["problem_areas"]
    assert counts(problems) == {
        "anxiety": 6,
        "stress": 4,
        "cognitive_learning": 0,
        "personality": 0,
        "eating": 1,
        "physical": 1,
        "trauma": 1,
        "grief": 1,
        "self_esteem": 2,
        "relationships": 3,
        "work_study": 1,
        "other": 1,
    }
    assert problems["counts"]["anxiety"]["percent"] == 37.5
    assert (problems["prefer_not_to_say"]["n"], problems["missing"]["n"]) == (1, 1)


def test_every_participant_is_counted_once_per_single_choice_item(figures):
    for item in figures["items"].values():
        if item["type"] in ("single_choice", "yes_no"):
            given = sum(counts(item).values())
            assert given + item["prefer_not_to_say"]["n"] + item["missing"]["n"] == 16


def test_free_text_items_count_who_wrote_something_never_the_words(figures):
    """earlier_help is left empty by P03 P06 P09 P12 P15 (numbers divisible by 3)."""
    earlier = figures["items"]["earlier_help"]
    assert earlier["counts"] == {"answered": {"label": "Answered", "n": 11, "percent": 68.8}}
    assert earlier["missing"]["n"] == 5
    assert "Counselling" not in str(figures)


def test_the_participants_paragraph(sample):
    assert participants_paragraph(sample) == PARAGRAPH


def test_the_json_carries_the_paragraph(figures):
    assert figures["paragraph"] == PARAGRAPH
    assert figures["format"] == "interview-sample/1"
    assert set(figures) >= {"n", "age", "therapy_length", "therapists", "excluded", "items"}


def test_percentages_round_half_up():
    assert rounded(6.25) == 6.3
    assert rounded(100 * 1 / 16) == 6.3
    assert rounded(0.05) == 0.1


def adapted_items() -> list[dict]:
    """A questionnaire adapted by a team: gender options renamed and one added, yes/no in Slovenian."""
    items = shipped_items()
    gender = next(item for item in items if item["id"] == "gender")
    gender["label"] = "Spol"
    gender["options"] = [
        {"value": "female", "label": "Woman"},
        {"value": "male", "label": "Man"},
        {"value": "non_binary", "label": "Non-binary"},
        {"value": "another", "label": "Self-described"},
        {"value": "prefer_not_to_say", "label": "Would rather not say"},
    ]
    return items


def test_an_adapted_questionnaire_is_described_in_its_own_words():
    records = cohort_records(adapted_items())
    for record in records[:3]:  # P01-P03 chose the added option
        gender = next(i for i in record["questionnaire"]["items"] if i["id"] == "gender")
        gender.update(value="non_binary", display="Non-binary")
    sample = describe_sample(records, LEFT_OUT)
    gender = sample_json(sample, "")["items"]["gender"]
    assert gender["label"] == "Spol"
    assert {key: (c["label"], c["n"]) for key, c in gender["counts"].items()} == {
        "female": ("Woman", 8),  # P01 and P02 moved to non-binary
        "male": ("Man", 3),  # P03 moved
        "non_binary": ("Non-binary", 3),
        "another": ("Self-described", 1),
    }
    assert gender["prefer_not_to_say"] == {"label": "Would rather not say", "n": 1, "percent": 6.3}
    assert "Gender: woman (8), man (3), non-binary (3) and self-described (1); 1 preferred" in (
        participants_paragraph(sample)
    )


def test_an_option_only_newer_records_offer_is_still_counted():
    records = cohort_records()
    newer = copy.deepcopy(records[15])
    items = {item["id"]: item for item in newer["questionnaire"]["items"]}
    items["employment"]["options"].insert(-1, {"value": "parental_leave", "label": "On leave"})
    items["employment"].update(value="parental_leave", display="On leave")
    records[15] = newer
    employment = sample_json(describe_sample(records, LEFT_OUT), "")["items"]["employment"]
    assert employment["counts"]["parental_leave"] == {"label": "On leave", "n": 1, "percent": 6.3}
    assert employment["prefer_not_to_say"]["n"] == 0  # P16 answered this time


def test_an_answer_no_option_lists_is_kept_under_its_own_words():
    records = cohort_records()
    medication = next(i for i in records[0]["questionnaire"]["items"] if i["id"] == "medication")
    medication.update(value="sometimes", display="Sometimes")
    figures = sample_json(describe_sample(records, LEFT_OUT), "")
    assert figures["items"]["medication"]["counts"]["sometimes"]["label"] == "Sometimes"


def test_an_answer_that_cannot_be_read_counts_as_missing_not_as_nothing():
    records = cohort_records()
    items = {i["id"]: i for i in records[0]["questionnaire"]["items"]}
    items["time_in_therapy"]["value"] = "about a year"
    items["age"]["value"] = "twenty-four"
    figures = sample_json(describe_sample(records, LEFT_OUT), "")
    assert (figures["therapy_length"]["missing"]["n"], figures["age"]["missing"]["n"]) == (2, 2)
    assert figures["therapy_length"]["groups"]["1_to_3_years"]["n"] == 10
    assert figures["age"]["n"] == 13


def test_nobody_yet():
    sample = describe_sample([], {"declined": ["P01"]})
    assert participants_paragraph(sample) == (
        "No participant has completed the questionnaire yet. Not included: 1 who declined."
    )
    figures = sample_json(sample, "")
    assert figures["n"] == 0
    assert figures["age"] is None  # no questionnaire, no item


def test_the_paragraph_uses_the_questionnaires_language_for_decimals(sample):
    from dataclasses import replace

    german = replace(sample, language="de")
    assert "(M = 37,1, SD = 10,9)" in participants_paragraph(german)
    unknown = replace(sample, language="xx-nonsense")
    assert "(M = 37.1, SD = 10.9)" in participants_paragraph(unknown)


def test_the_paragraph_of_a_slovenian_sample_is_slovenian(app, sample):
    from dataclasses import replace

    with app.test_request_context():
        slovenian = participants_paragraph(replace(sample, language="sl"))
        english = participants_paragraph(sample)
    assert "(M = 37,1, SD = 10,9)" in slovenian  # decimal comma
    assert slovenian != english
    # Not one English sentence of the paragraph is left in it.
    for sentence in english.split(". "):
        if len(sentence.split()) > 3:
            assert sentence not in slovenian
