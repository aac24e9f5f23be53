"""Export services: one participant's record and coding PDF, and the bulk export of everyone.

No request in here: the views, the CLI and the background jobs all call these. Every export
here is a research export: made from the redacted record (interview.redaction.records), and only
once the review gate lets the participants through (UnreviewedSuggestions otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app

from interview.export.bulk.fence import Fence
from interview.export.bulk.render import render_record
from interview.export.bulk.runner import ExportSummary, export_all
from interview.export.renders import render_queue
from interview.extensions import db
from interview.file_modes import private_dir
from interview.languages import translations_for
from interview.models import CONSENT_DECLINED, CONSENT_WITHDRAWN, Consent, Participant
from interview.redaction import gate
from interview.redaction.records import research_record, research_records

# Their research data was deleted or never collected: bulk exports leave these participants out.
EXCLUDED_CONSENT = (CONSENT_DECLINED, CONSENT_WITHDRAWN)

Progress = Callable[[int, int], None]
# Other areas add files to the bulk export: app.extensions[EXTRA_FILES] lists functions taking the
# records and returning file name -> bytes (so the export imports no area above it).
EXTRA_FILES = "export.extra_files"
CACHE_DIR = "cache"
EXPORTS_DIR = "exports"


@dataclass(frozen=True)
class BulkRecords:
    """The records a bulk export will hold, and how many participants it leaves out."""

    records: list[dict[str, Any]]
    excluded: int


def participant_record(participant: Participant) -> dict[str, Any]:
    """The participant's record.json as exported: redacted, once the review gate lets it out."""
    gate.require_reviewed([participant])
    return research_record(participant)


def coding_pdf(participant: Participant, *, pdfa: bool = False) -> bytes:
    """Render the participant's coding PDF (of the redacted record) with the installation's page
    size and line numbering; RenderBusy at once when the render queue is full.

    The record is built, reviewed and redacted in the render worker (`research_pdf`), not in this
    thread: that is Python work that would hold the web server's GIL while autosaves wait.
    UnreviewedSuggestions when the review gate stops it; LookupError when the participant was
    erased meanwhile.
    """
    options = {
        "page_size": current_app.config["PAGE_SIZE"],
        "line_numbers": bool(current_app.config["PDF_LINE_NUMBERS"]),
        "pdfa": pdfa,
        "instance_path": current_app.instance_path,
    }
    with render_queue().place() as run:
        outcome = run(research_pdf, participant.id, options)
    if outcome is None:
        raise LookupError(participant.code)
    if isinstance(outcome, dict):
        raise gate.UnreviewedSuggestions(outcome)
    return outcome


def research_pdf(participant_id: int, options: dict[str, Any]) -> bytes | dict[str, int] | None:
    """In a render worker (in its app context): the coding PDF of the participant's redacted
    record, or the review gate's pending counts when it stops them (None: erased meanwhile).

    The read transaction ends before the render, which may take seconds.
    """
    participant = db.session.get(Participant, participant_id)
    if participant is None:
        return None
    counts = gate.unreviewed([participant])
    record = {} if counts else research_record(participant)
    db.session.rollback()
    if counts:
        return counts
    return render_record(record, options)


def exportable_participants() -> list[Participant]:
    """Participants whose data goes into bulk exports (all but declined or withdrawn), by number."""
    statement = (
        db.select(Participant)
        .outerjoin(Consent, Consent.participant_id == Participant.id)
        .where(db.or_(Consent.status.is_(None), Consent.status.not_in(EXCLUDED_CONSENT)))
        .order_by(Participant.number)
    )
    return list(db.session.execute(statement).scalars())


def excluded_count() -> int:
    """How many participants bulk exports leave out because they declined or withdrew."""
    statement = db.select(db.func.count(Consent.id)).where(Consent.status.in_(EXCLUDED_CONSENT))
    return db.session.scalar(statement) or 0


def unreviewed_exportable() -> dict[str, int]:
    """The review gate's pending counts over every exportable participant (those with any),
    its read transaction ended. Run in a render worker (`review_before_export`)."""
    counts = gate.unreviewed(exportable_participants())
    db.session.rollback()
    return counts


def review_before_export() -> None:
    """The review gate over every exportable participant, asked in a render worker: it builds
    each one's record, seconds of Python for a study, which in this thread would hold the web
    server's GIL while autosaves wait. UnreviewedSuggestions when it stops someone; RenderBusy
    when every render place is taken."""
    with render_queue().place() as run:
        counts = run(unreviewed_exportable)
    if counts:
        raise gate.UnreviewedSuggestions(counts)


def require_reviewed_exportable() -> list[Participant]:
    """The exportable participants, once the review gate lets every one of them out."""
    participants = exportable_participants()
    gate.require_reviewed(participants)
    return participants


def bulk_records() -> BulkRecords:
    """Build every exportable participant's redacted record (UnreviewedSuggestions first when the
    review gate stops them), then end the read transaction.

    The records are plain data: no transaction needs to stay open through the long rendering.
    """
    bulk = BulkRecords(research_records(require_reviewed_exportable()), excluded_count())
    db.session.rollback()
    return bulk


def cache_dir() -> Path:
    """Where rendered PDFs are kept between exports (keyed by record, options and renderer)."""
    cache = private_dir(Path(current_app.instance_path) / CACHE_DIR)
    return private_dir(cache / "pdf")


def exports_dir() -> Path:
    """Where the admin page's export zips are written (inside the instance, never served statically)."""
    return private_dir(Path(current_app.instance_path) / EXPORTS_DIR)


def extra_files(records: list[dict[str, Any]]) -> dict[str, bytes]:
    """The files other areas add to a bulk export of these records."""
    return {
        name: data
        for make_files in current_app.extensions.get(EXTRA_FILES, ())
        for name, data in make_files(records).items()
    }


def _excluded_note(excluded: int, language: str) -> tuple[str]:
    """The codebook's sentence about participants left out for their consent, in ``language``."""
    # English keeps "participant(s)" in both forms; languages with more forms say it properly.
    note = translations_for(language).ngettext(
        "%(num)d participant(s) who declined or withdrew are left out: their research data "
        "was never collected or has been deleted.",
        "%(num)d participant(s) who declined or withdrew are left out: their research data "
        "was never collected or has been deleted.",
        excluded,
    )
    return (note % {"num": excluded},)


def run_bulk_export(
    records: list[dict[str, Any]],
    out: Path,
    *,
    pdfa: bool = False,
    workers: int | None = None,
    page_size: str | None = None,
    line_numbers: bool | None = None,
    progress: Progress | None = None,
    excluded: int = 0,
    fence: Fence | None = None,
) -> ExportSummary:
    """Write the coding PDFs, CSVs and codebook of ``records`` to ``out`` (a folder or .zip).

    ``fence`` (an interview.export.bulk.erasure_fence.ExportFence made before the records were loaded) keeps
    participants erased meanwhile out of the cache and the output.
    """
    config = current_app.config
    language = config["LANGUAGE"]
    notes = _excluded_note(excluded, language) if excluded else ()
    return export_all(
        records,
        out,
        pdfa=pdfa,
        workers=workers or config.get("EXPORT_WORKERS"),
        cache_dir=cache_dir(),
        progress=progress,
        page_size=page_size or config["PAGE_SIZE"],
        line_numbers=bool(config["PDF_LINE_NUMBERS"] if line_numbers is None else line_numbers),
        notes=notes,
        fence=fence,
        extra_files=extra_files,
        language=language,
    )
