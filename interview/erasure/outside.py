"""Copies of a participant's data that left the tool: what the team must find and destroy by hand.

Nothing here can be deleted by the server: downloaded zips and PDFs are on someone's computer,
command-line exports and backups wherever they were written. The register and the audit log say
which exist, made by whom and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from interview.erasure.files import copy_path
from interview.extensions import db
from interview.models import COPY_BACKUP, COPY_CLI, COPY_ZIP, AuditEvent
from interview.register.copies import copies_holding

# Audit actions that handed one participant's data to a browser.
DOWNLOAD_ACTIONS = (
    "export_pdf",
    "export_record_json",
    "export_consent_pdf",
    "export_audio",
    "export_qdpx",
    "export_qdpx_audio",
)


@dataclass(frozen=True)
class OutsideCopy:
    """One copy outside the tool: what it is, where (a path, if known), who made it, when."""

    what: str
    where: str
    who: str
    at: datetime


def copies_outside(code: str) -> list[OutsideCopy]:
    """Every known copy of the participant outside the tool, oldest first."""
    found: list[OutsideCopy] = []
    for copy in copies_holding(code):
        if copy.kind == COPY_ZIP:
            found += [
                OutsideCopy(_("Export zip downloaded"), copy.path, download.username, download.at)
                for download in copy.downloads
            ]
        elif copy.kind == COPY_CLI and copy_path(copy) is None:
            found.append(
                OutsideCopy(_("Command-line export"), copy.path, copy.created_by, copy.created_at)
            )
        elif copy.kind == COPY_BACKUP:
            found.append(OutsideCopy(_("Backup"), copy.path, copy.created_by, copy.created_at))
    found += single_downloads(code)
    return sorted(found, key=lambda copy: copy.at)


def single_downloads(code: str) -> list[OutsideCopy]:
    """The participant's own PDFs and record.json that were downloaded (from the audit log)."""
    labels = {
        "export_pdf": _("Coding PDF downloaded"),
        "export_record_json": _("record.json downloaded"),
        "export_consent_pdf": _("Signed consent PDF downloaded"),
        "export_audio": _("Audio recording downloaded"),
        "export_qdpx": _("REFI-QDA project downloaded"),
        "export_qdpx_audio": _("REFI-QDA project with the audio recording downloaded"),
    }
    statement = (
        db.select(AuditEvent)
        .where(AuditEvent.participant_code == code, AuditEvent.action.in_(DOWNLOAD_ACTIONS))
        .order_by(AuditEvent.at)
    )
    return [
        OutsideCopy(labels[event.action], "", event.username, event.at)
        for event in db.session.execute(statement).scalars()
    ]
