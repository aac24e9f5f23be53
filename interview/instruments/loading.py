"""The effective set of instruments: the shipped files, replaced by any instance overrides."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from interview.catalogues import gettext as _
from interview.instruments.errors import InstrumentError
from interview.instruments.model import (
    KIND_CONSENT,
    KIND_INTERVIEW,
    KIND_QUESTIONNAIRE,
    ConsentInstrument,
    Instrument,
    InterviewProtocol,
    Questionnaire,
)
from interview.instruments.parse import load_file

DATA_DIR = Path(__file__).parent / "data"
# Shipped instrument id -> (file name, kind). Overrides must use one of these ids.
SHIPPED = {
    "consent": ("consent.yaml", KIND_CONSENT),
    "demographics": ("demographics.yaml", KIND_QUESTIONNAIRE),
    "change-interview": ("change-interview.yaml", KIND_INTERVIEW),
}
OVERRIDE_DIR = "instruments"


@dataclass(frozen=True)
class InstrumentSet:
    """The three instruments an installation uses."""

    consent: ConsentInstrument
    questionnaire: Questionnaire
    interview: InterviewProtocol

    def __iter__(self) -> Iterator[Instrument]:
        return iter((self.consent, self.questionnaire, self.interview))

    def get(self, instrument_id: str) -> Instrument | None:
        """The instrument with this id, or None."""
        return next((i for i in self if i.id == instrument_id), None)


def shipped_paths() -> list[Path]:
    """The instrument files that ship with the application."""
    return [DATA_DIR / name for name, _ in SHIPPED.values()]


def override_paths(instance_path: Path | str) -> list[Path]:
    """The override files in `<instance_path>/instruments/`, in name order."""
    folder = Path(instance_path) / OVERRIDE_DIR
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def _check_replaces_shipped(instrument: Instrument) -> None:
    """Fail unless the instrument's id and kind match a shipped instrument."""
    if instrument.id not in SHIPPED:
        known = ", ".join(SHIPPED)
        problem = _(
            "unknown instrument id '%(id)s' (expected one of %(known)s; a typo?)",
            id=instrument.id,
            known=known,
        )
        raise InstrumentError(f"{instrument.source}: id: {problem}")
    kind = SHIPPED[instrument.id][1]
    if instrument.kind != kind:
        problem = _(
            "kind '%(kind)s' does not match '%(id)s', which is a %(shipped)s",
            kind=instrument.kind,
            id=instrument.id,
            shipped=kind,
        )
        raise InstrumentError(f"{instrument.source}: kind: {problem}")


def check_file(path: Path | str, language: str | None = None) -> Instrument:
    """Parse one file and check it can replace a shipped instrument (same id and kind)."""
    instrument = load_file(path, language)
    _check_replaces_shipped(instrument)
    return instrument


def iter_checked(instance_path: Path | str, language: str | None = None) -> Iterator[Instrument]:
    """Yield every shipped instrument, then every override, raising on the first broken file."""
    yield from (check_file(path, language) for path in shipped_paths())
    overridden: dict[str, str] = {}
    for path in override_paths(instance_path):
        instrument = check_file(path, language)
        if instrument.id in overridden:
            other = overridden[instrument.id]
            problem = _(
                "'%(id)s' is already overridden by %(other)s", id=instrument.id, other=other
            )
            raise InstrumentError(f"{path}: id: {problem}")
        overridden[instrument.id] = str(path)
        yield instrument


def effective_instruments(instance_path: Path | str, language: str | None = None) -> list:
    """The instruments in effect: each shipped one, or the override that replaces it."""
    chosen: dict[str, Instrument] = {}
    for instrument in iter_checked(instance_path, language):
        chosen[instrument.id] = instrument  # overrides come later, so they win
    return list(chosen.values())


def is_shipped(instrument: Instrument) -> bool:
    """True if the instrument was loaded from the files shipped with the application."""
    return Path(instrument.source).parent == DATA_DIR


def load_instruments(instance_path: Path | str, language: str | None = None) -> InstrumentSet:
    """Load the shipped instruments, replaced by `<instance_path>/instruments/*.yaml` overrides."""
    by_kind = {i.kind: i for i in effective_instruments(instance_path, language)}
    return InstrumentSet(
        consent=by_kind[KIND_CONSENT],
        questionnaire=by_kind[KIND_QUESTIONNAIRE],
        interview=by_kind[KIND_INTERVIEW],
    )
