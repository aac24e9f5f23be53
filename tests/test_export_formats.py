"""Tidy-data exports: CSV round-trips, tidy columns, the codebook, and no names anywhere."""

import copy
import csv
import hashlib
import io
import json
import zipfile

import pytest

from interview.export.formats.tidy import tidy_files, tidy_tables
from interview.record.hashing import record_hash
from interview.record.synthetic import make_record

AWKWARD = [
    'She said, "no", and left.',
    "Line one\nline two, still the same paragraph",
    "=cmd|' /C calc'!A0",
    "+1 better, -2 worse",
    "@SUM(A1:A9)",
    "Čustva, Größe; 'quotes' \"double\" and a trailing backslash \\",
]
NAMES = ["Marija Novak", "Jan Kowalski", "I, Marija Novak, agree freely"]


def _awkward(record: dict) -> dict:
    """Replace the first question's segments with text that stresses CSV quoting."""
    question = record["interview"]["sections"][0]["questions"][0]
    question["answer"] = "\n\n".join(AWKWARD)
    question["segments"] = [
        {"id": f"5:{n}", "number": n, "text": text} for n, text in enumerate(AWKWARD, start=901)
    ]
    return record


@pytest.fixture
def records() -> list[dict]:
    """Two synthetic participants, the first with awkward answer text."""
    return [_awkward(make_record(5, seed=5)), make_record(6, seed=6, changes=6)]


def _rows(data: bytes) -> list[dict[str, str]]:
    """Parse CSV bytes the way an analyst's csv reader would."""
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def _items(record: dict) -> dict[str, dict]:
    """Return a record's demographic items by id."""
    return {item["id"]: item for item in record["questionnaire"]["items"]}


def test_answers_round_trip_awkward_text_exactly(records):
    rows = _rows(tidy_files(records)["answers.csv"])
    texts = {
        row["segment_id"]: row["segment_text"] for row in rows if row["participant_code"] == "P05"
    }
    assert [texts[f"5:{n}"] for n in range(901, 901 + len(AWKWARD))] == AWKWARD


def test_formula_like_text_is_kept_verbatim_and_counted_in_codebook(records):
    files = tidy_files(records)
    # Participants' words are analysis data: no apostrophe or other neutralising prefix.
    assert "=cmd|' /C calc'!A0" in {row["segment_text"] for row in _rows(files["answers.csv"])}
    assert b"'=cmd" not in files["answers.csv"]
    codebook = files["codebook.txt"].decode()
    assert "answers.csv: 3" in codebook
    assert "Evaluate formulas" in codebook


def test_csv_is_utf8_without_bom_with_header_and_crlf(records):
    data = tidy_files(records)["answers.csv"]
    assert data.startswith(b"participant_code,")
    assert data.split(b"\r\n")[0].count(b"\n") == 0
    assert "Größe".encode() in data


def test_answers_one_row_per_segment_and_one_per_skipped_question(records):
    rows = _rows(tidy_files(records)["answers.csv"])
    p06 = [row for row in rows if row["participant_code"] == "P06"]
    segments = [
        s["id"]
        for section in records[1]["interview"]["sections"]
        for q in section["questions"]
        for s in q["segments"]
    ]
    assert [row["segment_id"] for row in p06 if row["segment_id"]] == segments
    skipped = [row for row in p06 if row["question_id"] == "ratings-without"]
    assert len(skipped) == 1
    assert skipped[0]["skipped"] == "1" and skipped[0]["segment_text"] == ""
    adhoc = [row for row in p06 if row["question_kind"] == "adhoc"]
    assert adhoc and adhoc[0]["question_text"].startswith("You said")


def test_opened_offset_is_h_mm_ss(records):
    records[0]["interview"]["sections"][0]["questions"][0]["opened_offset"] = 3725
    first = _rows(tidy_files(records)["answers.csv"])[0]
    assert first["opened_offset"] == "1:02:05"


def test_multi_choice_has_one_0_1_column_per_option(records):
    _items(records[1])["problem_areas"]["value"] = ["stress"]
    _items(records[1])["problem_areas"]["other"] = None
    rows = _rows(tidy_files(records)["participants.csv"])
    picked = {k: v for k, v in rows[1].items() if k.startswith("problem_areas")}
    assert picked == {
        "problem_areas__anxiety": "0",
        "problem_areas__stress": "1",
        "problem_areas__grief": "0",
        "problem_areas__other": "0",
        "problem_areas_other": "",
    }
    assert rows[0]["problem_areas__other"] == "1"
    assert rows[0]["problem_areas_other"] == "Žalovanje po očetu"


def test_multi_choice_prefer_not_to_say_is_its_own_column(records):
    item = _items(records[1])["problem_areas"]
    item["options"].append({"value": "prefer_not_to_say", "label": "Prefer not to say"})
    item.update(value=["prefer_not_to_say"], other=None)
    rows = _rows(tidy_files(records)["participants.csv"])
    assert rows[1]["problem_areas__prefer_not_to_say"] == "1"
    assert rows[1]["problem_areas__anxiety"] == "0"
    assert rows[0]["problem_areas__prefer_not_to_say"] == "0"


def test_demographic_types_become_tidy_values(records):
    items = _items(records[0])
    items["time_in_therapy"]["value"] = {"years": 2, "months": 3}
    items["medication"].update(value=True, other="sertraline")
    items["gender"].update(value="no_answer", other=None)
    items["age"]["value"] = "prefer_not_to_say"
    items["earlier_help"]["value"] = None
    files = tidy_files(records)
    row = _rows(files["participants.csv"])[0]
    assert row["time_in_therapy_months"] == "27"
    assert (row["medication"], row["medication_other"]) == ("yes", "sertraline")
    assert (row["gender"], row["gender_other"]) == ("no_answer", "")
    assert (row["age"], row["earlier_help"]) == ("prefer_not_to_say", "")
    assert "  age: Q4 Age in years (whole number): the answer, or the code\n" in (
        files["codebook.txt"].decode()
    )
    assert "      prefer_not_to_say = Prefer not to say" in files["codebook.txt"].decode()
    assert (row["diagnosis"], row["diagnosis_other"]) == ("yes", "generalised anxiety")


def test_missing_multi_choice_answer_is_empty_not_zero(records):
    records[1]["questionnaire"]["items"] = []
    row = _rows(tidy_files(records)["participants.csv"])[1]
    assert row["problem_areas__anxiety"] == "" and row["problem_areas_other"] == ""


def test_participant_row_fixed_columns(records):
    row = _rows(tidy_files(records)["participants.csv"])[0]
    interview = records[0]["interview"]
    assert row["participant_code"] == "P05" and row["therapist_code"] == "T03"
    assert row["consent_status"] == "signed" and row["consent_quotes"] == "1"
    assert row["interview_started_at"] == interview["started_at"]
    assert row["interview_duration_seconds"] == str(interview["duration_seconds"])
    assert row["questionnaire_status"] == row["interview_status"] == "complete"


def test_changes_rows_with_ratings_and_unrated_kinds(records):
    rows = _rows(tidy_files(records)["changes.csv"])
    p06 = [row for row in rows if row["participant_code"] == "P06"]
    assert [row["change_number"] for row in p06] == ["1", "2", "3", "4", "5", "6"]
    first = records[1]["interview"]["changes"][0]["ratings"]
    assert p06[0]["importance"] == str(first["importance"]["value"])
    worse = next(row for row in p06 if row["kind"] == "worse")
    assert worse["expectedness"] == worse["likelihood"] == worse["importance"] == ""


def test_codebook_explains_every_column_and_code(records):
    files = tidy_files(records)
    codebook = files["codebook.txt"].decode()
    assert files["README.txt"] == files["codebook.txt"]
    for table in tidy_tables(records):
        header = next(csv.reader(io.StringIO(files[table.filename].decode("utf-8"))))
        assert header == [column.name for column in table.columns]
        for column in table.columns:
            assert f"  {column.name}: " in codebook
            for code, label in column.codes:
                assert f"      {code} = {label}" in codebook
    for anchor in ("Very much surprised", "No way of telling", "Extremely important"):
        assert anchor in codebook
    assert "Wanted but not changed" in codebook and "5:39" in codebook


def test_codebook_lists_instruments_and_says_no_names(records):
    codebook = tidy_files(records)["codebook.txt"].decode()
    sha = records[0]["interview"]["instrument"]["sha256"]
    assert f"change-interview 1.0 en sha256:{sha} n=1" in codebook
    assert "No file of this export contains a participant's name" in codebook
    assert "without a byte-order mark" in codebook


def test_mixed_instrument_versions_union_columns_and_note(records):
    questionnaire = records[1]["questionnaire"]
    questionnaire["instrument"]["version"] = "1.1"
    questionnaire["items"].append(
        {"id": "sessions", "number": 11, "label": "Sessions", "type": "integer", "value": 40}
    )
    files = tidy_files(records)
    rows = _rows(files["participants.csv"])
    assert (rows[0]["sessions"], rows[1]["sessions"]) == ("", "40")
    assert (rows[0]["questionnaire_version"], rows[1]["questionnaire_version"]) == ("1.0", "1.1")
    assert "different versions of demographics" in files["codebook.txt"].decode()


def readable(name: str, data: bytes) -> str:
    """A file's text; for the workbook, the XML of every part of it."""
    if not name.endswith(".xlsx"):
        return data.decode()
    with zipfile.ZipFile(io.BytesIO(data)) as workbook:
        return "".join(workbook.read(part).decode() for part in workbook.namelist())


def test_no_names_signatures_or_consent_text_in_any_file(records):
    leaky = copy.deepcopy(records)
    leaky[0]["participant"]["name"] = NAMES[0]
    leaky[0]["consent"].update(signature="data:image/png;base64,AAAA", free_text=NAMES[2])
    leaky[1]["consent"]["interviewer"] = {"name": NAMES[1]}
    for name, data in tidy_files(leaky).items():
        text = readable(name, data)
        for secret in [*NAMES, "base64,AAAA"]:
            assert secret not in text, (name, secret)


def test_record_hash_is_sha256_of_canonical_json():
    record = make_record(5)
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert record_hash(record) == hashlib.sha256(canonical.encode()).hexdigest()
    reordered = dict(reversed(list(make_record(5).items())))
    assert record_hash(reordered) == record_hash(record)
    record["interview"]["changes"][0]["description"] += "!"
    assert record_hash(record) != record_hash(reordered)
