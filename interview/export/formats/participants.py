"""participants.csv: one row per participant, the demographic items spread into tidy columns."""

from typing import Any

from babel.support import NullTranslations

from interview.catalogues import ENGLISH, N_
from interview.export.formats.tables import (
    Column,
    Table,
    code_pairs,
    participant_code,
    translated,
)
from interview.instruments.item_types.base import ItemSpec, column_name
from interview.instruments.item_types.registry import type_named
from interview.instruments.model import PREFER_NOT_TO_SAY

STATUS_CODES = (
    ("not_started", N_("Not started")),
    ("in_progress", N_("In progress")),
    ("complete", N_("Complete")),
)
CONSENT_CODES = (
    ("none", N_("No consent recorded yet")),
    ("declined", N_("Declined")),
    ("signed", N_("Signed")),
    ("withdrawn", N_("Withdrawn")),
)
# Option values whose choice asks "say which": they get a details column even if unused so far.
_DETAIL_VALUES = {"other", "another", "yes"}
_DETAIL_FLAGS = ("details", "has_details", "other", "specify")


def _merge_item(spec: ItemSpec, item: dict) -> None:
    """Fold one record's item (options, details) into the shared spec."""
    spec.options = list(code_pairs([*spec.options, *_options(item)]))
    spec.details_declined = spec.details_declined or item.get("other") == PREFER_NOT_TO_SAY
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


def item_specs(records: list[dict], catalogue: NullTranslations = ENGLISH) -> list[ItemSpec]:
    """Return the union of demographic items in the records, ordered by item number; each spec
    carries the catalogue its columns are described with."""
    specs: dict[str, ItemSpec] = {}
    for record in records:
        for item in (record.get("questionnaire") or {}).get("items") or []:
            spec = specs.setdefault(
                item["id"],
                ItemSpec(
                    item["id"],
                    item.get("number", 0),
                    item.get("label", ""),
                    item["type"],
                    catalogue=catalogue,
                ),
            )
            _merge_item(spec, item)
    return sorted(specs.values(), key=lambda spec: spec.number)


def item_columns(spec: ItemSpec) -> list[Column]:
    """Return the CSV columns of one demographic item, as its item type lays them out."""
    return [Column(*column) for column in type_named(spec.type).csv_columns(spec)]


def item_cells(spec: ItemSpec, item: dict | None) -> list[Any]:
    """Return one participant's cells for one item; all empty if the item is missing."""
    return type_named(spec.type).csv_cells(spec, item)


def _clause_ids(records: list[dict]) -> list[str]:
    """Return the optional consent clause ids answered in any record."""
    ids: dict[str, None] = {}
    for record in records:
        ids.update(dict.fromkeys((record.get("consent") or {}).get("optional_clauses") or {}))
    return list(ids)


FIXED_COLUMNS = [
    Column("participant_code", N_("Participant code (the only identifier; no names anywhere)")),
    Column("participant_number", N_("Participant number (the first part of segment ids)")),
    Column("therapist_code", N_("Code of the participant's therapist")),
    Column("interviewer", N_("User name of the interviewer")),
    Column("session_date", N_("Date of the interview session (YYYY-MM-DD)")),
    Column("consent_status", N_("Consent status"), CONSENT_CODES),
    Column("consent_version", N_("Version of the consent text signed/declined")),
]
COMPLETION_COLUMNS = [
    Column("questionnaire_status", N_("Completion of the demographic questionnaire"), STATUS_CODES),
    Column("questionnaire_version", N_("Version of the questionnaire instrument")),
    Column("interview_status", N_("Completion of the interview"), STATUS_CODES),
    Column("interview_version", N_("Version of the interview instrument")),
    Column("interview_started_at", N_("Interview start, ISO 8601 UTC")),
    Column("interview_finished_at", N_("Interview finish, ISO 8601 UTC")),
    Column("interview_duration_seconds", N_("Interview duration in whole seconds")),
]


def _clause_column(clause: str, catalogue: NullTranslations) -> Column:
    """Return the 1/0 column of one optional consent clause."""
    description = catalogue.gettext("Optional consent clause '%(clause)s': 1/0") % {
        "clause": clause
    }
    codes = (("1", catalogue.gettext("Agreed")), ("0", catalogue.gettext("Not agreed")))
    return Column("consent_" + column_name(clause), description, codes)


def _fixed_columns(clauses: list[str], catalogue: NullTranslations) -> list[Column]:
    """Return the columns that precede the demographic items."""
    return [
        *translated(FIXED_COLUMNS, catalogue),
        *(_clause_column(clause, catalogue) for clause in clauses),
        *translated(COMPLETION_COLUMNS, catalogue),
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


def participants_table(records: list[dict], catalogue: NullTranslations = ENGLISH) -> Table:
    """Return participants.csv: one row per participant with the demographic items as columns."""
    clauses, specs = _clause_ids(records), item_specs(records, catalogue)
    columns = _fixed_columns(clauses, catalogue)
    for spec in specs:
        columns.extend(item_columns(spec))
    table = Table("participants.csv", catalogue.gettext("One row per participant."), columns)
    for record in records:
        items = {i["id"]: i for i in (record.get("questionnaire") or {}).get("items") or []}
        row = _fixed_cells(record, clauses)
        for spec in specs:
            row.extend(item_cells(spec, items.get(spec.id)))
        table.rows.append(row)
    return table
