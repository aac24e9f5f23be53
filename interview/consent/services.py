"""Consent services: signing, declining, countersigning, freezing with a hash, and checking it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from markdown_it import MarkdownIt
from markupsafe import Markup

from interview.audit import record_event
from interview.consent.hashing import consent_sha256, verify_consent
from interview.extensions import db
from interview.instruments.model import ConsentInstrument
from interview.instruments.snapshots import current_instruments, remember
from interview.models import (
    CONSENT_DECLINED,
    CONSENT_PENDING,
    CONSENT_SIGNED,
    Consent,
    Participant,
    User,
)
from interview.models.base import now_seconds
from interview.permissions import Permission

RECORD_FORMAT = "consent-record/1"
# Raw HTML off and images off: the text comes from a file, but it is shown to participants and
# printed, so it may only use Markdown's own formatting (markdown-it already refuses javascript: links).
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).disable("image")


class ConsentClosed(Exception):
    """The consent cannot be changed in the way asked (already signed, declined or withdrawn)."""


def render_markdown(text: str | None) -> Markup:
    """Render instrument Markdown to safe HTML (no raw HTML, no images, no script links)."""
    return Markup(_MARKDOWN.render(text or ""))


def iso(moment: datetime | None) -> str | None:
    """An ISO 8601 UTC string with whole seconds (the form stored in frozen records)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def current_consent_instrument() -> ConsentInstrument:
    """The consent form participants are shown now."""
    return current_instruments().consent


def text_shown(instrument: ConsentInstrument) -> dict[str, Any]:
    """The exact wording shown on the tablet: title, intro, statement and clauses."""
    return {
        "title": instrument.title,
        "intro": instrument.intro or "",
        "statement": instrument.statement,
        "clauses": [
            {"id": clause.id, "text": clause.text, "required": clause.required}
            for clause in instrument.clauses
        ],
    }


def can_sign(participant: Participant) -> bool:
    """Whether the participant may sign now: no consent yet, or they declined and changed their mind."""
    return participant.consent is None or participant.consent.status == CONSENT_DECLINED


def sign(
    participant: Participant,
    answers: dict[str, bool],
    name: str,
    signature: dict[str, Any],
    user_agent: str,
    interviewer: User | None,
) -> Consent:
    """Store the participant's signed consent as pending (the interviewer countersigns next)."""
    if not can_sign(participant):
        raise ConsentClosed
    instrument = current_consent_instrument()
    remember(instrument)
    consent = _fresh_consent(participant)
    consent.status = CONSENT_PENDING
    consent.instrument_id, consent.instrument_version = instrument.id, instrument.version
    consent.instrument_sha256, consent.language = instrument.sha256, instrument.language
    consent.text_shown = text_shown(instrument)
    consent.clause_answers = {
        clause.id: bool(answers.get(clause.id)) for clause in instrument.clauses
    }
    consent.participant_name = name.strip()
    consent.participant_signature = signature
    consent.participant_signed_at = now_seconds()
    consent.user_agent = user_agent[:1000]
    consent.interviewer_user_id = interviewer.id if interviewer else None
    record_event("consent_signed", participant, detail=f"version {instrument.version}")
    db.session.commit()
    return consent


def decline(participant: Participant) -> Consent:
    """Record that the participant declined: the date and nothing else."""
    if not can_sign(participant):
        raise ConsentClosed
    consent = _fresh_consent(participant)
    consent.status = CONSENT_DECLINED
    consent.declined_at = now_seconds()
    record_event("consent_declined", participant)
    db.session.commit()
    return consent


def _fresh_consent(participant: Participant) -> Consent:
    """An empty consent row for the participant (a declined one is wiped and reused)."""
    consent = participant.consent
    if consent is None:
        consent = Consent(participant=participant)
        db.session.add(consent)
    for column in Consent.__table__.columns:
        if column.key not in ("id", "participant_id", "created_at", "status"):
            setattr(consent, column.key, None)
    return consent


def countersign(
    participant: Participant, name: str, signature: dict[str, Any], user: User
) -> Consent:
    """Add the interviewer's signature and freeze the record under its SHA-256."""
    consent = participant.consent
    if consent is None or consent.status != CONSENT_PENDING:
        raise ConsentClosed
    consent.interviewer_name = name.strip()
    consent.interviewer_signature = signature
    consent.interviewer_user_id = user.id
    consent.countersigned_at = now_seconds()
    consent.status = CONSENT_SIGNED
    consent.sha256 = consent_sha256(canonical_record(consent))
    record_event("consent_countersigned", participant, detail=consent.sha256)
    db.session.commit()
    return consent


def canonical_record(consent: Consent) -> dict[str, Any]:
    """The frozen record that is hashed: built here alone, for signing and for verifying."""
    shown = consent.text_shown or {}
    answers = consent.clause_answers or {}
    return {
        "format": RECORD_FORMAT,
        "participant_code": consent.participant.code,
        "instrument": {
            "id": consent.instrument_id,
            "version": consent.instrument_version,
            "language": consent.language,
            "sha256": consent.instrument_sha256,
        },
        "text": {key: shown.get(key) for key in ("title", "intro", "statement")},
        "clauses": [
            {
                "id": clause.get("id"),
                "text": clause.get("text"),
                "optional": not clause.get("required", True),
                "answer": answers.get(clause.get("id")),
            }
            for clause in shown.get("clauses") or []
        ],
        "participant": _signer(
            consent.participant_name, consent.participant_signature, consent.participant_signed_at
        ),
        "interviewer": _signer(
            consent.interviewer_name, consent.interviewer_signature, consent.countersigned_at
        ),
        "user_agent": consent.user_agent,
    }


def _signer(name: str | None, signature: Any, signed_at: datetime | None) -> dict[str, Any]:
    """One signer's part of the frozen record."""
    return {"name": name, "signature": signature, "signed_at": iso(signed_at)}


def consent_intact(consent: Consent) -> bool:
    """Whether a frozen consent still matches the hash stored when it was signed."""
    return bool(consent.sha256) and verify_consent(canonical_record(consent), consent.sha256)


def required_clauses_accepted(consent: Consent) -> bool:
    """Whether every clause marked required on the form that was shown was accepted."""
    clauses = (consent.text_shown or {}).get("clauses") or []
    answers = consent.clause_answers or {}
    return bool(clauses) and all(
        answers.get(clause.get("id")) is True for clause in clauses if clause.get("required", True)
    )


def consent_allows_research(participant: Participant) -> bool:
    """Whether questionnaire and interview may start: consent signed by both, all required clauses."""
    consent = participant.consent
    return (
        consent is not None
        and consent.status == CONSENT_SIGNED
        and required_clauses_accepted(consent)
    )


def may_read_consent(consent: Consent | None, user: User) -> bool:
    """Whoever may read every consent PDF; of those who take consent, only who took this one.

    Who took it is fixed by the consent itself (the interviewer who countersigned), not by who is
    the participant's interviewer now: that can change, and must not bring a name with it.
    """
    if consent is None:
        return False
    if user.can(Permission.CONSENT_PDF):
        return True
    return user.can(Permission.CONSENT_TAKE) and user.id == consent.interviewer_user_id


def pdf_data(consent: Consent) -> dict[str, Any]:
    """The plain data `render_consent_pdf` takes, from a frozen consent."""
    shown = consent.text_shown or {}
    answers = consent.clause_answers or {}
    intro = f"{shown.get('intro') or ''}\n\n{shown.get('statement') or ''}"
    return {
        "participant_code": consent.participant.code,
        "instrument": canonical_record(consent)["instrument"],
        "title": shown.get("title") or "",
        "intro_html": str(render_markdown(intro)),
        "clauses": [
            {**clause, "accepted": bool(answers.get(clause.get("id")))}
            for clause in shown.get("clauses") or []
        ],
        "participant_name": consent.participant_name,
        "participant_signature": consent.participant_signature,
        "participant_signed_at": iso(consent.participant_signed_at),
        "interviewer_name": consent.interviewer_name,
        "interviewer_signature": consent.interviewer_signature,
        "countersigned_at": iso(consent.countersigned_at),
        "sha256": consent.sha256,
        "user_agent": consent.user_agent,
    }


def consent_summary(participant: Participant, user: User) -> dict[str, Any]:
    """What the participant page shows about the consent, for this user."""
    consent = participant.consent
    frozen = consent is not None and bool(consent.sha256)
    return {
        "status": consent.status if consent else "none",
        "consent": consent,
        "frozen": frozen,
        "intact": frozen and consent_intact(consent),
        "may_read": may_read_consent(consent, user),
        "can_sign": can_sign(participant),
        "allows_research": consent_allows_research(participant),
    }
