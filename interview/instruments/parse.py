"""Parse one instrument file (or its stored text) into a frozen dataclass, validating it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from interview.catalogues import gettext as _
from interview.instruments.build import ROOT, build_consent, build_interview, build_questionnaire
from interview.instruments.errors import InstrumentError
from interview.instruments.model import (
    KIND_CONSENT,
    KIND_INTERVIEW,
    KIND_QUESTIONNAIRE,
    KINDS,
    ConsentInstrument,
    Instrument,
    InterviewProtocol,
    Questionnaire,
)
from interview.instruments.reader import LANGUAGE_PATTERN, Reader

BUILDERS = {
    KIND_CONSENT: (ConsentInstrument, build_consent),
    KIND_QUESTIONNAIRE: (Questionnaire, build_questionnaire),
    KIND_INTERVIEW: (InterviewProtocol, build_interview),
}


def _header(reader: Reader, data: dict) -> dict[str, str]:
    """Read id, kind, version and default language, which every kind shares."""
    header = {
        "id": reader.ident(data, ROOT, "id"),
        "kind": reader.string(data, ROOT, "kind"),
        "version": reader.string(data, ROOT, "version"),
    }
    if header["kind"] not in KINDS:
        problem = _(
            "unknown kind '%(kind)s' (expected one of %(kinds)s)",
            kind=header["kind"],
            kinds=", ".join(KINDS),
        )
        reader.fail(("kind",), problem)
    language = reader.string(data, ROOT, "language")
    if not LANGUAGE_PATTERN.match(language):
        problem = _("'%(code)s' is not a language code such as 'en' or 'sl'", code=language)
        reader.fail(("language",), problem)
    reader.set_default_language(language)
    return header


def parse_instrument(content: str, source: str, language: str | None = None) -> Instrument:
    """Parse and validate instrument YAML; texts resolve to `language` or the file's default."""
    reader = Reader(content, source, language)
    data = reader.mapping(reader.data, ROOT)
    header = _header(reader, data)
    cls, build = BUILDERS[header["kind"]]
    title = reader.text(data, ROOT, "title")
    fields = build(reader, data)
    return cls(
        **header,
        **fields,
        title=title,
        language=reader.resolved_language(),
        default_language=reader.default_language,
        languages=tuple(sorted(reader.languages_seen)),
        sha256=hashlib.sha256(content.encode("utf-8")).hexdigest(),
        source=source,
        content=content,
    )


def load_file(path: Path | str, language: str | None = None) -> Instrument:
    """Read and parse one instrument file; sha256 is taken over the file's exact bytes."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problem = _("cannot read the file (%(reason)s)", reason=exc.strerror)
        raise InstrumentError(f"{path}: {problem}") from exc
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = _("byte %(byte)d: the file is not UTF-8 text", byte=exc.start)
        raise InstrumentError(f"{path}: {problem}") from exc
    return parse_instrument(content, str(path), language)
