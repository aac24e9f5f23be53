"""Tables for the tidy-data export: columns with codebook text, rows, and RFC 4180 CSV bytes."""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from interview.record.timecodes import hms

# Characters that make a spreadsheet read a cell as a formula (OWASP's CSV-injection list).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


# The Change Interview's kinds of change; the records' own labels win where they exist.
CHANGE_KINDS = (
    ("improvement", "Improvement"),
    ("worse", "Changed for the worse"),
    ("wanted", "Wanted but not changed"),
)


@dataclass(frozen=True)
class Column:
    """One CSV column: its header, what it means, and the codes it may hold."""

    name: str
    description: str
    codes: tuple[tuple[str, str], ...] = ()


@dataclass
class Table:
    """One CSV file of the export: name, purpose, columns and rows of cell values."""

    filename: str
    description: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)


def cell(value: Any) -> Any:
    """Return ``value`` as written to CSV: missing values empty, booleans 1/0, the rest as is."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    return value


def csv_bytes(table: Table) -> bytes:
    """Return the table as UTF-8 CSV (no BOM, header row, CRLF rows, minimal RFC 4180 quoting)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(column.name for column in table.columns)
    writer.writerows([cell(value) for value in row] for row in table.rows)
    return buffer.getvalue().encode("utf-8")


def formula_like_cells(table: Table) -> int:
    """Return how many text cells start like a spreadsheet formula (the codebook warns)."""
    return sum(
        1
        for row in table.rows
        for value in row
        if isinstance(value, str) and value.startswith(FORMULA_PREFIXES)
    )


def code_pairs(pairs: Iterable[tuple[Any, Any]]) -> tuple[tuple[str, str], ...]:
    """Return (code, label) pairs as strings, first label per code kept, order kept."""
    seen: dict[str, str] = {}
    for code, label in pairs:
        seen.setdefault(str(code), str(label))
    return tuple(seen.items())


def participant_code(record: dict) -> str:
    """Return the participant's code (the only identifier any export carries)."""
    return record["participant"]["code"]


def _scale_ids(records: list[dict]) -> list[str]:
    """Return the rating-scale ids used by the records, in first-seen order."""
    ids: dict[str, None] = {}
    for record in records:
        interview = record.get("interview") or {}
        for scale in interview.get("scales") or []:
            ids.setdefault(scale["id"], None)
        for change in interview.get("changes") or []:
            for scale_id in change.get("ratings") or {}:
                ids.setdefault(scale_id, None)
    return list(ids)


def _scale_column(records: list[dict], scale_id: str) -> Column:
    """Return the column for one rating scale, its anchors as codes."""
    label, anchors = scale_id, []
    for record in records:
        for scale in (record.get("interview") or {}).get("scales") or []:
            if scale["id"] == scale_id:
                label = scale.get("label", label)
                anchors.extend(scale.get("anchors", {}).items())
    codes = code_pairs(sorted(anchors, key=lambda pair: int(pair[0])))
    return Column(scale_id, f"{label}: rating 1-5 (empty when not rated)", codes)


def changes_table(records: list[dict]) -> Table:
    """Return changes.csv: one row per change named in the interview, with its ratings."""
    scale_ids = _scale_ids(records)
    used = [
        (change["kind"], change.get("kind_label", change["kind"]))
        for record in records
        for change in (record.get("interview") or {}).get("changes") or []
    ]
    kinds = code_pairs([*used, *CHANGE_KINDS])
    columns = [
        Column("participant_code", "Participant code (see participants.csv)"),
        Column("change_number", "Number of the change within the participant's interview"),
        Column("kind", "Kind of change", kinds),
        Column("description", "The change in the participant's words"),
        *(_scale_column(records, scale_id) for scale_id in scale_ids),
    ]
    table = Table("changes.csv", "One row per change named in the Change Interview.", columns)
    for record in records:
        for change in (record.get("interview") or {}).get("changes") or []:
            ratings = change.get("ratings") or {}
            scores = [(ratings.get(scale_id) or {}).get("value") for scale_id in scale_ids]
            table.rows.append(
                [participant_code(record), change["number"], change["kind"], change["description"]]
                + scores
            )
    return table


ANSWER_COLUMNS = [
    Column("participant_code", "Participant code (see participants.csv)"),
    Column("section_number", "Position of the section in the interview"),
    Column("section_id", "Section id in the interview instrument"),
    Column("question_position", "Position of the question within its section (as asked)"),
    Column("question_id", "Question id (instrument id for protocol questions)"),
    Column(
        "question_kind",
        "Where the question comes from",
        (("protocol", "From the interview protocol"), ("adhoc", "The interviewer's own follow-up")),
    ),
    Column("question_text", "The question as written in the protocol or by the interviewer"),
    Column(
        "skipped",
        "1 if the interviewer marked the question skipped, else 0",
        (("0", "No"), ("1", "Yes")),
    ),
    Column("opened_offset", "When the question was opened, h:mm:ss from the interview's start"),
    Column(
        "segment_id",
        "Paragraph id <participant number>¶<segment number>, e.g. 5¶39 (citation ids are 5:39)",
    ),
    Column("segment_number", "Segment number, consecutive through the whole interview"),
    Column("segment_text", "The paragraph of the answer, exactly as recorded"),
]


def _answer_rows(record: dict) -> Iterator[list[Any]]:
    """Yield answers.csv rows of one record: one per segment, one per question without any."""
    for section in (record.get("interview") or {}).get("sections") or []:
        for position, question in enumerate(section.get("questions") or [], start=1):
            lead = [
                participant_code(record),
                section.get("number"),
                section["id"],
                position,
                question["id"],
                question.get("kind", "protocol"),
                question.get("text", ""),
                bool(question.get("skipped")),
                hms(question.get("opened_offset")),
            ]
            segments = question.get("segments") or [{"id": None, "number": None, "text": ""}]
            for segment in segments:
                yield lead + [segment["id"], segment["number"], segment["text"]]


def answers_table(records: list[dict]) -> Table:
    """Return answers.csv: long format, one row per answer segment."""
    description = (
        "Long format: one row per answer segment (paragraph); a question without any answer "
        "text (skipped or not reached) has one row with empty segment columns."
    )
    table = Table("answers.csv", description, list(ANSWER_COLUMNS))
    for record in records:
        table.rows.extend(_answer_rows(record))
    return table


TRANSCRIPT_COLUMNS = [
    Column("participant_code", "Participant code (see participants.csv)"),
    Column("question_id", "Question the turn was said under (empty: before the first question)"),
    Column("turn", "Number of the turn, consecutive through the transcript"),
    Column(
        "speaker",
        "Who spoke (a role, never a name)",
        (("interviewer", "The interviewer"), ("participant", "The participant")),
    ),
    Column("speaker_label", "The study's label for the speaker, as in the coding PDF"),
    Column("start", "When the turn starts, h:mm:ss.t on the transcript's own clock"),
    Column("start_ms", "The same in milliseconds (empty when the transcript gives no time)"),
    Column("text", "The turn's words, exactly as transcribed"),
]


def transcript_table(records: list[dict]) -> Table:
    """Return transcript.csv: one row per turn of each participant's transcript."""
    description = (
        "One row per turn of speech of each participant's word-by-word transcript, in order; "
        "participants without a transcript have no rows."
    )
    table = Table("transcript.csv", description, list(TRANSCRIPT_COLUMNS))
    for record in records:
        for turn in (record.get("transcript") or {}).get("turns") or []:
            table.rows.append(
                [
                    participant_code(record),
                    turn.get("question_id"),
                    turn["number"],
                    turn["speaker"],
                    turn.get("label"),
                    turn.get("start"),
                    turn.get("start_ms"),
                    turn["text"],
                ]
            )
    return table
