"""The analysis's reads from the database: whose records count, who is left out, the audit trail.

Everything else in the analysis is plain functions over the records and a coding layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from interview.analysis.citations import AnalysisError
from interview.analysis.layers import RECONCILED, coding_layer, layer_names
from interview.analysis.results import Results, compute_results
from interview.audit import record_event
from interview.export.services import exportable_participants
from interview.extensions import db
from interview.models import CONSENT_DECLINED, CONSENT_WITHDRAWN, Consent, Participant, User
from interview.redaction import gate
from interview.redaction.records import research_records


def left_out_codes() -> dict[str, list[str]]:
    """The codes of participants who declined or withdrew (they have no research data)."""
    statement = (
        db.select(Consent.status, Participant.code)
        .join(Participant, Participant.id == Consent.participant_id)
        .where(Consent.status.in_((CONSENT_DECLINED, CONSENT_WITHDRAWN)))
        .order_by(Participant.number)
    )
    codes: dict[str, list[str]] = {"declined": [], "withdrawn": []}
    for status, code in db.session.execute(statement):
        codes["declined" if status == CONSENT_DECLINED else "withdrawn"].append(code)
    return codes


def check_layer(name: str) -> str:
    """The layer name if some source knows it; otherwise a message naming the known ones."""
    known = layer_names()
    if name not in known:
        raise AnalysisError(
            _(
                "There is no coding layer %(name)s. Layers: %(known)s.",
                name=name,
                known=", ".join(known),
            )
        )
    return name


@dataclass(frozen=True)
class AnalysisInputs:
    """The exportable participants' records, and who is left out without one (by reason)."""

    records: list[dict[str, Any]]
    left_out: dict[str, list[str]]


def analysis_inputs() -> AnalysisInputs:
    """Read the redacted records and the left-out codes once, for one page or file
    (UnreviewedSuggestions first when the review gate stops someone)."""
    participants = exportable_participants()
    gate.require_reviewed(participants)
    return AnalysisInputs(research_records(participants), left_out_codes())


def load_results(
    layer: str = RECONCILED,
    *,
    attributes: Sequence[str] | None = None,
    category: str | None = None,
    inputs: AnalysisInputs | None = None,
) -> Results:
    """The results over every exportable participant, for one coding layer."""
    check_layer(layer)
    inputs = inputs or analysis_inputs()
    return compute_results(
        inputs.records,
        inputs.left_out,
        coding_layer(layer),
        attributes=attributes,
        category=category,
    )


def record_results_event(action: str, detail: str, user: User | None = None) -> None:
    """Write to the audit log that results were viewed or downloaded (they quote participants)."""
    record_event(action, detail=detail, user=user)
    db.session.commit()
