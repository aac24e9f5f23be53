"""The signed consent PDF: the participant's copy and the study's file (holds names)."""

from pathlib import Path
from typing import Any

from markupsafe import Markup

from interview.consent.signatures import signature_svg
from interview.languages import LANGUAGE_NAMES
from interview.pdf import engine
from interview.pdf.formatting import when


def _signature(signature: dict | None) -> Markup | None:
    """Return the signature as inline SVG markup, or None when there is none."""
    if not signature or not signature.get("strokes"):
        return None
    # signature_svg writes only numbers it has passed through int()/float(), so it is safe markup.
    return Markup(signature_svg(signature))


def _clauses(consent: dict) -> list[dict[str, Any]]:
    """Return the clauses with their answers, in the order given."""
    return [
        {"text": clause.get("text"), "required": bool(clause.get("required")),
         "accepted": bool(clause.get("accepted"))}
        for clause in consent.get("clauses") or []
    ]  # fmt: skip


def _context(consent: dict) -> dict[str, Any]:
    """Return the consent template context; only known keys are read."""
    instrument = consent.get("instrument") or {}
    language = instrument.get("language") or "en"
    return {
        "lang": language,
        "title": consent.get("title") or "",
        "code": consent.get("participant_code"),
        "instrument": {key: instrument.get(key) for key in ("id", "version", "sha256")},
        "language_name": LANGUAGE_NAMES.get(language, language),
        # The caller rendered this from the instrument's Markdown and sanitised it.
        "intro_html": Markup(consent.get("intro_html") or ""),
        "clauses": _clauses(consent),
        "participant": {"name": consent.get("participant_name"),
                        "signature": _signature(consent.get("participant_signature")),
                        "date": when(consent.get("participant_signed_at"), language)},
        "interviewer": {"name": consent.get("interviewer_name"),
                        "signature": _signature(consent.get("interviewer_signature")),
                        "date": when(consent.get("countersigned_at"), language)},
        "sha256": consent.get("sha256"),
        "user_agent": consent.get("user_agent"),
    }  # fmt: skip


def render_consent_pdf(consent: dict, *, instance_path: str | Path | None = None) -> bytes:
    """Render a signed consent (names, clause answers, vector signatures, hash) as a PDF."""
    styles = [engine.stylesheet("common.css"), engine.stylesheet("consent.css")]
    html = engine.render_template("consent.html", **_context(consent))
    with engine.RENDER_LOCK:
        return engine.write_pdf(engine.layout(html, styles, instance_path))
