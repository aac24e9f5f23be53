"""Tables for the tidy-data export: columns with codebook text, rows, and RFC 4180 CSV bytes.

Column names are English in every language (scripts in R and pandas name them); what a column
means and its codes' labels are in the catalogue's language, given by whoever builds the tables.
The labels the records bring (options, scale anchors) stay in each record's own language.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from babel.support import NullTranslations

from interview.catalogues import ENGLISH, N_
from interview.record.timecodes import hms

# Characters that make a spreadsheet read a cell as a formula (OWASP's CSV-injection list).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


# The Change Interview's kinds of change; the records' own labels win where they exist.
CHANGE_KINDS = (
    ("improvement", N_("Improvement")),
    ("worse", N_("Changed for the worse")),
    ("wanted", N_("Wanted but not changed")),
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


def translated(columns: Iterable[Column], catalogue: NullTranslations = ENGLISH) -> list[Column]:
    """Return columns whose descriptions and code labels (marked with N_) are translated."""
    return [
        Column(
            column.name,
            catalogue.gettext(column.description),
            tuple((code, catalogue.gettext(label)) for code, label in column.codes),
        )
        for column in columns
    ]


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


def _scale_column(records: list[dict], scale_id: str, catalogue: NullTranslations) -> Column:
    """Return the column for one rating scale, its anchors as codes."""
    label, anchors = scale_id, []
    for record in records:
        for scale in (record.get("interview") or {}).get("scales") or []:
            if scale["id"] == scale_id:
                label = scale.get("label", label)
                anchors.extend(scale.get("anchors", {}).items())
    codes = code_pairs(sorted(anchors, key=lambda pair: int(pair[0])))
    description = catalogue.gettext("%(scale)s: rating 1-5 (empty when not rated)")
    return Column(scale_id, description % {"scale": label}, codes)


CHANGE_COLUMNS = [
    Column("participant_code", N_("Participant code (see participants.csv)")),
    Column("change_number", N_("Number of the change within the participant's interview")),
    Column("kind", N_("Kind of change")),
    Column("description", N_("The change in the participant's words")),
]


def changes_table(records: list[dict], catalogue: NullTranslations = ENGLISH) -> Table:
    """Return changes.csv: one row per change named in the interview, with its ratings."""
    scale_ids = _scale_ids(records)
    used = [
        (change["kind"], change.get("kind_label", change["kind"]))
        for record in records
        for change in (record.get("interview") or {}).get("changes") or []
    ]
    kinds = code_pairs([*used, *((kind, catalogue.gettext(label)) for kind, label in CHANGE_KINDS)])
    participant, number, kind, description = translated(CHANGE_COLUMNS, catalogue)
    columns = [
        participant,
        number,
        Column(kind.name, kind.description, kinds),
        description,
        *(_scale_column(records, scale_id, catalogue) for scale_id in scale_ids),
    ]
    purpose = catalogue.gettext("One row per change named in the Change Interview.")
    table = Table("changes.csv", purpose, columns)
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
    Column("participant_code", N_("Participant code (see participants.csv)")),
    Column("section_number", N_("Position of the section in the interview")),
    Column("section_id", N_("Section id in the interview instrument")),
    Column("question_position", N_("Position of the question within its section (as asked)")),
    Column("question_id", N_("Question id (instrument id for protocol questions)")),
    Column(
        "question_kind",
        N_("Where the question comes from"),
        (
            ("protocol", N_("From the interview protocol")),
            ("adhoc", N_("The interviewer's own follow-up")),
        ),
    ),
    Column("question_text", N_("The question as written in the protocol or by the interviewer")),
    Column(
        "skipped",
        N_("1 if the interviewer marked the question skipped, else 0"),
        (("0", N_("No")), ("1", N_("Yes"))),
    ),
    Column("opened_offset", N_("When the question was opened, h:mm:ss from the interview's start")),
    Column(
        "segment_id",
        N_("Paragraph id <participant number>¶<segment number>, e.g. 5¶39 (citation ids are 5:39)"),
    ),
    Column("segment_number", N_("Segment number, consecutive through the whole interview")),
    Column("segment_text", N_("The paragraph of the answer, exactly as recorded")),
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


def answers_table(records: list[dict], catalogue: NullTranslations = ENGLISH) -> Table:
    """Return answers.csv: long format, one row per answer segment."""
    description = catalogue.gettext(
        "Long format: one row per answer segment (paragraph); a question without any answer "
        "text (skipped or not reached) has one row with empty segment columns."
    )
    table = Table("answers.csv", description, translated(ANSWER_COLUMNS, catalogue))
    for record in records:
        table.rows.extend(_answer_rows(record))
    return table


TRANSCRIPT_COLUMNS = [
    Column("participant_code", N_("Participant code (see participants.csv)")),
    Column(
        "question_id", N_("Question the turn was said under (empty: before the first question)")
    ),
    Column("turn", N_("Number of the turn, consecutive through the transcript")),
    Column(
        "speaker",
        N_("Who spoke (a role, never a name)"),
        (("interviewer", N_("The interviewer")), ("participant", N_("The participant"))),
    ),
    Column("speaker_label", N_("The study's label for the speaker, as in the coding PDF")),
    Column("start", N_("When the turn starts, h:mm:ss.t on the transcript's own clock")),
    Column("start_ms", N_("The same in milliseconds (empty when the transcript gives no time)")),
    Column("text", N_("The turn's words, exactly as transcribed")),
]


def transcript_table(records: list[dict], catalogue: NullTranslations = ENGLISH) -> Table:
    """Return transcript.csv: one row per turn of each participant's transcript."""
    description = catalogue.gettext(
        "One row per turn of speech of each participant's word-by-word transcript, in order; "
        "participants without a transcript have no rows."
    )
    table = Table("transcript.csv", description, translated(TRANSCRIPT_COLUMNS, catalogue))
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
