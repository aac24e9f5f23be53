"""Instrument versions as captured: stored once per file hash, re-read to show old records faithfully."""

from __future__ import annotations

from functools import lru_cache

from flask import current_app

from interview.extensions import db
from interview.instruments.loading import InstrumentSet
from interview.instruments.model import Instrument
from interview.instruments.parse import parse_instrument
from interview.languages import page_language
from interview.models import InstrumentSnapshot


def current_instruments(language: str | None = None) -> InstrumentSet:
    """The instruments loaded at start-up (shipped files plus instance overrides), in `language`,
    else in the language of this request (the participant's during a hand-over)."""
    wanted = language or page_language()
    if wanted != current_app.config["LANGUAGE"]:
        by_language = current_app.extensions.get("instruments_by_language", {})
        if wanted in by_language:
            return by_language[wanted]
    return current_app.extensions["instruments"]


def remember(instrument: Instrument) -> None:
    """Store the instrument's exact text under its hash, once (the caller commits)."""
    if db.session.get(InstrumentSnapshot, instrument.sha256) is None:
        db.session.add(
            InstrumentSnapshot(
                sha256=instrument.sha256,
                instrument_id=instrument.id,
                kind=instrument.kind,
                version=instrument.version,
                content=instrument.content,
            )
        )


def instrument_for(sha256: str, language: str | None = None) -> Instrument:
    """The instrument a record was captured with: the loaded one if unchanged, else its stored copy."""
    for instrument in current_instruments(language):
        if instrument.sha256 == sha256 and (language is None or instrument.language == language):
            return instrument
    snapshot = db.session.get(InstrumentSnapshot, sha256)
    if snapshot is None:
        raise LookupError(f"no stored instrument with hash {sha256}")
    return _parse_cached(snapshot.content, snapshot.sha256, language)


@lru_cache(maxsize=64)
def _parse_cached(content: str, sha256: str, language: str | None) -> Instrument:
    # Keyed by hash: a stored file never changes, so parsing it once per process is enough.
    return parse_instrument(content, f"stored instrument {sha256[:12]}", language=language)
