"""participants.csv: one row per participant, the demographic items spread into tidy columns."""

import re
from dataclasses import dataclass, field
from typing import Any

from interview.export.formats.tables import Column, Table, code_pairs, participant_code

STATUS_CODES = (
    ("not_started", "Not started"),
    ("in_progress", "In progress"),
    ("complete", "Complete"),
)
CONSENT_CODES = (
    ("none", "No consent recorded yet"),
    ("declined", "Declined"),
    ("signed", "Signed"),
    ("withdrawn", "Withdrawn"),
)
YES_NO_CODES = (("yes", "Yes"), ("no", "No"))
# Items without an option list store this code when the participant ticks "prefer not to say".
PREFER_NOT = (("prefer_not_to_say", "Prefer not to say"),)
# Option values whose choice asks "say which": they get a details column even if unused so far.
_DETAIL_VALUES = {"other", "another", "yes"}
_DETAIL_FLAGS = ("details", "has_details", "other", "specify")
_TYPE_NAMES = {
    "single_choice": "single choice",
    "multi_choice": "multiple choice",
    "integer": "whole number",
    "text": "free text",
    "yes_no": "yes/no",
    "duration": "duration",
}


@dataclass
class ItemSpec:
    """A demographic item as seen across all exported records (options merged)."""

    id: str
    number: int
    label: str
    type: str
    options: list[tuple[str, str]] = field(default_factory=list)
    details: bool = False

    @property
    def has_details_column(self) -> bool:
        """Whether the item gets an ``<id>_other`` column for its "say which" text."""
        return self.details or self.type in ("multi_choice", "yes_no")


def column_name(*parts: str) -> str:
    """Return a column name safe for R and pandas (letters, digits, underscores)."""
    return "__".join(re.sub(r"[^0-9A-Za-z_]", "_", part) for part in parts)


def _merge_item(spec: ItemSpec, item: dict) -> None:
    """Fold one record's item (options, details) into the shared spec."""
    spec.options = list(code_pairs([*spec.options, *_options(item)]))
    spec.details = (
        spec.details
        or item.get("other") is not None
        or any(
            option.get("value") in _DETAIL_VALUES or any(option.get(f) for f in _DETAIL_FLAGS)
            for option in item.get("options") or []
        )
    )


def _options(item: dict) -> list[tuple[str, str]]:
    """Return the item's (value, label) options."""
    return [(o["value"], o.get("label", o["value"])) for o in item.get("options") or []]


def item_specs(records: list[dict]) -> list[ItemSpec]:
    """Return the union of demographic items in the records, ordered by item number."""
    specs: dict[str, ItemSpec] = {}
    for record in records:
        for item in (record.get("questionnaire") or {}).get("items") or []:
            spec = specs.setdefault(
                item["id"],
                ItemSpec(item["id"], item.get("number", 0), item.get("label", ""), item["type"]),
            )
            _merge_item(spec, item)
    return sorted(specs.values(), key=lambda spec: spec.number)


def _details_column(spec: ItemSpec) -> Column:
    """Return the column holding an item's "say which" / follow-up text."""
    return Column(column_name(spec.id) + "_other", f"Q{spec.number} {spec.label}: details given")


def _value_column(spec: ItemSpec, title: str) -> Column:
    """Return the one value column of an item that is not multiple choice."""
    name = column_name(spec.id)
    if spec.options:  # choice items list "prefer not to say" among their options when offered
        return Column(name, f"{title}: code", tuple(spec.options))
    if spec.type == "duration":
        return Column(name + "_months", f"{title}: total months, or the code", PREFER_NOT)
    if spec.type == "yes_no":
        return Column(name, f"{title}: code", YES_NO_CODES + PREFER_NOT)
    return Column(name, f"{title}: the answer, or the code", PREFER_NOT)


def item_columns(spec: ItemSpec) -> list[Column]:
    """Return the CSV columns of one demographic item."""
    title = f"Q{spec.number} {spec.label} ({_TYPE_NAMES.get(spec.type, spec.type)})"
    if spec.type == "multi_choice":
        columns = [
            Column(column_name(spec.id, value), f"{title}: 1 if '{label}' chosen, else 0")
            for value, label in spec.options
        ]
    else:
        columns = [_value_column(spec, title)]
    if spec.has_details_column:
        columns.append(_details_column(spec))
    return columns


def _main_cells(spec: ItemSpec, value: Any) -> list[Any]:
    """Return the cells of an item's value columns (the details column excluded)."""
    if spec.type == "multi_choice":
        if value is None:
            return [None] * len(spec.options)
        chosen = set(value) if isinstance(value, list) else {value}
        return [int(code in chosen) for code, _label in spec.options]
    if spec.type == "duration" and isinstance(value, dict):
        return [int(value.get("years") or 0) * 12 + int(value.get("months") or 0)]
    if spec.type == "yes_no" and isinstance(value, bool):
        return ["yes" if value else "no"]
    return [value]


def item_cells(spec: ItemSpec, item: dict | None) -> list[Any]:
    """Return one participant's cells for one item; all empty if the item is missing."""
    item = item or {}
    cells = _main_cells(spec, item.get("value"))
    if spec.has_details_column:
        cells.append(item.get("other"))
    return cells


def _clause_ids(records: list[dict]) -> list[str]:
    """Return the optional consent clause ids answered in any record."""
    ids: dict[str, None] = {}
    for record in records:
        ids.update(dict.fromkeys((record.get("consent") or {}).get("optional_clauses") or {}))
    return list(ids)


def _fixed_columns(clauses: list[str]) -> list[Column]:
    """Return the columns that precede the demographic items."""
    return [
        Column("participant_code", "Participant code (the only identifier; no names anywhere)"),
        Column("participant_number", "Participant number (the first part of segment ids)"),
        Column("therapist_code", "Code of the participant's therapist"),
        Column("interviewer", "User name of the interviewer"),
        Column("session_date", "Date of the interview session (YYYY-MM-DD)"),
        Column("consent_status", "Consent status", CONSENT_CODES),
        Column("consent_version", "Version of the consent text signed/declined"),
        *(
            Column(
                "consent_" + column_name(clause),
                f"Optional consent clause '{clause}': 1/0",
                (("1", "Agreed"), ("0", "Not agreed")),
            )
            for clause in clauses
        ),
        Column("questionnaire_status", "Completion of the demographic questionnaire", STATUS_CODES),
        Column("questionnaire_version", "Version of the questionnaire instrument"),
        Column("interview_status", "Completion of the interview", STATUS_CODES),
        Column("interview_version", "Version of the interview instrument"),
        Column("interview_started_at", "Interview start, ISO 8601 UTC"),
        Column("interview_finished_at", "Interview finish, ISO 8601 UTC"),
        Column("interview_duration_seconds", "Interview duration in whole seconds"),
    ]


def _version(part: dict | None) -> str | None:
    """Return the instrument version of a record part, if any."""
    return ((part or {}).get("instrument") or {}).get("version")


def _fixed_cells(record: dict, clauses: list[str]) -> list[Any]:
    """Return one participant's cells of the fixed columns."""
    who = record["participant"]
    consent = record.get("consent") or {}
    questionnaire = record.get("questionnaire") or {}
    interview = record.get("interview") or {}
    answered = consent.get("optional_clauses") or {}
    return [
        participant_code(record),
        who.get("number"),
        who.get("therapist_code"),
        who.get("interviewer"),
        who.get("session_date"),
        consent.get("status", "none"),
        _version(consent),
        *(answered.get(clause) for clause in clauses),
        questionnaire.get("status", "not_started"),
        _version(questionnaire),
        interview.get("status", "not_started"),
        _version(interview),
        interview.get("started_at"),
        interview.get("finished_at"),
        interview.get("duration_seconds"),
    ]


def participants_table(records: list[dict]) -> Table:
    """Return participants.csv: one row per participant with the demographic items as columns."""
    clauses, specs = _clause_ids(records), item_specs(records)
    columns = _fixed_columns(clauses)
    for spec in specs:
        columns.extend(item_columns(spec))
    table = Table("participants.csv", "One row per participant.", columns)
    for record in records:
        items = {i["id"]: i for i in (record.get("questionnaire") or {}).get("items") or []}
        row = _fixed_cells(record, clauses)
        for spec in specs:
            row.extend(item_cells(spec, items.get(spec.id)))
        table.rows.append(row)
    return table
