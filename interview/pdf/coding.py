"""The coding PDF: a participant's research record laid out for hand coding (no names)."""

import json
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from weasyprint import Attachment

from interview.languages import translations_for
from interview.pdf import engine
from interview.pdf.formatting import when
from interview.pdf.lines import Lines, segment_lines
from interview.pdf.transcript import transcript_sections
from interview.record.language import record_language
from interview.record.timecodes import hms
from interview.record.timeline import clock

DEFAULT_SCALES = ("expectedness", "likelihood", "importance")
# Longer unbroken runs may not fit an answer line (11.7 cm at 10 pt holds 33 of DejaVu's widest
# glyphs); only those answers get `overflow-wrap`, which costs layout time on every line.
LONG_WORD = 30


def _instruments(record: dict) -> list[dict[str, Any]]:
    """Return the instrument rows for the cover (consent, questionnaire, interview)."""
    rows = []
    for role in ("consent", "questionnaire", "interview"):
        instrument = (record.get(role) or {}).get("instrument")
        if instrument:
            rows.append(
                {
                    "role": role,
                    "id": instrument.get("id"),
                    "version": instrument.get("version"),
                    "language": instrument.get("language"),
                }
            )
    return rows


def _consent(record: dict, language: str) -> dict[str, Any]:
    """Return the consent summary: status, version and date only (never a name or signature)."""
    consent = record.get("consent") or {}
    instrument = consent.get("instrument") or {}
    return {
        "status": consent.get("status") or "none",
        "version": instrument.get("version"),
        "date": when(consent.get("date"), language),
    }


def _questionnaire(record: dict) -> dict[str, Any] | None:
    """Return the demographic items, or None when there is no questionnaire yet."""
    questionnaire = record.get("questionnaire")
    if not questionnaire or questionnaire.get("status") == "not_started":
        return None
    items = [
        {"number": item.get("number"), "label": item.get("label"), "display": item.get("display")}
        for item in questionnaire.get("items") or []
    ]
    return {"status": questionnaire.get("status"), "items": items}


def display_text(text: str) -> str:
    """Return an answer with each line's whitespace runs collapsed (tabs included), newlines kept."""
    # The template shows answers with `white-space: pre-wrap` (for the id's tab): do here what
    # `pre-line` did, so participants' tabs and double spaces look as before.
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))


def has_long_word(text: str) -> bool:
    """Return whether ``text`` has an unbroken run that might not fit on one answer line."""
    return any(len(word) > LONG_WORD for word in text.split())


def _question(question: dict, lines: Lines | None) -> dict[str, Any]:
    """Return one question for the template, with its segments (and lines when numbering)."""
    segments = []
    for segment in question.get("segments") or []:
        text = segment.get("text", "")
        # A segment missing from the first pass falls back to plain text: never drop words.
        segment_lines_ = None if lines is None else lines.get(str(segment.get("number")))
        segments.append(
            {
                "id": segment.get("id"),
                "number": segment.get("number"),
                "text": display_text(text),
                "long_words": has_long_word(text),
                "lines": segment_lines_,
            }
        )
    return {
        "text": question.get("text"),
        "adhoc": question.get("kind") == "adhoc",
        "prompts": question.get("prompts") or [],
        "skipped": bool(question.get("skipped")),
        "timestamp": hms(question.get("opened_offset")),
        # Where the question was opened on the audio recording (only recorded interviews have it).
        "recording": clock(question.get("opened_recording_ms")),
        "segments": segments,
        "note": question.get("interviewer_note") or "",
    }


def _rating(rating: dict | None) -> dict[str, Any] | None:
    """Return a rating with a value, or None when the change was not rated."""
    if not rating or rating.get("value") is None:
        return None
    return {"value": rating["value"], "label": rating.get("label") or ""}


def _changes(interview: dict) -> tuple[list[str], list[dict[str, Any]]]:
    """Return the rating scale labels and the changes with their ratings in scale order."""
    scales = interview.get("scales") or [{"id": sid, "label": sid} for sid in DEFAULT_SCALES]
    changes = []
    for change in interview.get("changes") or []:
        ratings = change.get("ratings") or {}
        changes.append(
            {
                "number": change.get("number"),
                "description": change.get("description"),
                "kind_label": change.get("kind_label") or change.get("kind"),
                "ratings": [_rating(ratings.get(scale["id"])) for scale in scales],
            }
        )
    return [scale.get("label") or scale["id"] for scale in scales], changes


def _interview(record: dict, lines: Lines | None, language: str) -> dict[str, Any] | None:
    """Return the interview for the template, or None when it was never started."""
    interview = record.get("interview")
    if not interview or interview.get("status") == "not_started":
        return None
    sections = [
        {
            "number": section.get("number"),
            "title": section.get("title"),
            "questions": [_question(q, lines) for q in section.get("questions") or []],
        }
        for section in interview.get("sections") or []
    ]
    scale_labels, changes = _changes(interview)
    return {
        "status": interview.get("status"),
        "started": when(interview.get("started_at"), language),
        "finished": when(interview.get("finished_at"), language),
        "duration": hms(interview.get("duration_seconds")),
        "sections": sections,
        "changes": changes,
        "scale_labels": scale_labels,
    }


def _context(record: dict, rendered_at: datetime, lines: Lines | None) -> dict[str, Any]:
    """Return the whole template context; only known keys of the record are ever read."""
    participant = record.get("participant") or {}
    code = participant.get("code") or "?"
    language = record_language(record)
    catalogue = translations_for(language)
    return {
        "lang": language,
        "title": catalogue.gettext("%(code)s — coding record") % {"code": code},
        "p": {
            key: participant.get(key)
            for key in ("code", "therapist_code", "interviewer", "session_date")
        },
        "consent": _consent(record, language),
        "instruments": _instruments(record),
        "questionnaire": _questionnaire(record),
        "interview": _interview(record, lines, language),
        "transcript": transcript_sections(record),
        "rendered_at": when(rendered_at, language),
        "numbered": lines is not None,
    }


def canonical_json(record: dict) -> bytes:
    """Return the record as canonical UTF-8 JSON (the form the record hash is taken over)."""
    text = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


def _record_attachment(record: dict, rendered_at: datetime) -> Attachment:
    """Return the record as the ``record.json`` attachment of the archival PDF."""
    return Attachment(
        file_obj=BytesIO(canonical_json(record)),
        name="record.json",
        description="interview-record/3",
        created=rendered_at,
        modified=rendered_at,
        relationship="Source",
    )


def render_coding_pdf(
    record: dict,
    *,
    page_size: str = "A4",
    line_numbers: bool = False,
    pdfa: bool = False,
    rendered_at: datetime | None = None,
    instance_path: str | Path | None = None,
) -> bytes:
    """Render a participant record (format interview-record/3) as the coding PDF."""
    rendered_at = rendered_at or datetime.now(UTC)
    with engine.RENDER_LOCK:
        return _render(record, page_size, line_numbers, pdfa, rendered_at, instance_path)


def coding_html(record: dict, rendered_at: datetime, lines: Lines | None = None) -> str:
    """Return the coding PDF's HTML (bench/bench_pdf.py derives its bare-WeasyPrint floor from it)."""
    return engine.render_template("coding.html", **_context(record, rendered_at, lines))


def _render(record, page_size, line_numbers, pdfa, rendered_at, instance_path) -> bytes:
    """Lay out and write the coding PDF (caller holds the render lock)."""
    styles = [
        engine.stylesheet("common.css"),
        engine.stylesheet("coding.css"),
        engine.page_size_stylesheet(page_size),
    ]
    document = engine.layout(coding_html(record, rendered_at), styles, instance_path)
    if line_numbers:
        # Lines are only known after layout: lay out once, then again with one block per line.
        lines = segment_lines(document)
        document = engine.layout(coding_html(record, rendered_at, lines), styles, instance_path)
    if not pdfa:
        return engine.write_pdf(document)
    attachment = _record_attachment(record, rendered_at)
    return engine.write_pdfa(document, [attachment])
