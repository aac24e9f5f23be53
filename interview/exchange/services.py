"""An upload from the exchange page: a project or a codebook, dry run or real import."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from interview.coding.codebook import ensure_codebook
from interview.exchange.importer import ImportPlan, apply_import, import_codebook, plan_import
from interview.exchange.merge import CodebookMerge, plan_merge
from interview.exchange.reader import read_project, read_qdc
from interview.exchange.safety import ExchangeError
from interview.models import User

# A study-wide .qdpx with its sources; larger than any other form takes (2 MB).
MAX_UPLOAD = 32 * 1024 * 1024


@dataclass(frozen=True)
class Outcome:
    """What an upload did (or, in a dry run, would do)."""

    dry_run: bool
    plan: ImportPlan | None
    merge: CodebookMerge


def import_upload(data: bytes, filename: str, user: User, dry_run: bool) -> Outcome:
    """Read the upload (hostile files refused) and import it as the user's layer unless dry."""
    if not data.strip():
        raise ExchangeError(_("The file is empty."))
    ensure_codebook()
    if filename.lower().endswith(".qdc") or data.lstrip()[:1] == b"<":
        merge = plan_merge(read_qdc(data))
        if not dry_run:
            import_codebook(merge, user)
        return Outcome(dry_run, None, merge)
    plan = plan_import(read_project(data), user)
    if not dry_run:
        apply_import(plan, user)
    return Outcome(dry_run, plan, plan.merge)
