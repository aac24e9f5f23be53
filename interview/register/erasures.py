"""The register of erased participants: which codes, since when (an erasure generation)."""

from __future__ import annotations

from interview.counters import ERASURE_GENERATION, current
from interview.extensions import db
from interview.inputs import text_problem
from interview.models import Erasure

# The participant_code column's length (models/erasure.py).
MAX_CODE_LENGTH = 32


def generation() -> int:
    """How many erasures there have been; a running export remembers it when it starts."""
    return current(ERASURE_GENERATION)


def erased_since(generation_seen: int) -> set[str]:
    """The codes erased after the erasure generation ``generation_seen``."""
    statement = db.select(Erasure.participant_code).where(Erasure.generation > generation_seen)
    return set(db.session.execute(statement).scalars())


def erased_codes() -> list[str]:
    """Every code ever erased, sorted (a tablet wipes its local copies of these)."""
    statement = db.select(Erasure.participant_code).distinct().order_by(Erasure.participant_code)
    return list(db.session.execute(statement).scalars())


def _could_be_code(code: str) -> bool:
    # An address may carry anything (a NUL, which PostgreSQL refuses in a query, or megabytes);
    # no such text was ever a participant's code, so it is not even looked up.
    return len(code) <= MAX_CODE_LENGTH and text_problem(code) is None


def is_erased(code: str) -> bool:
    """Whether the participant with this code was withdrawn or deleted."""
    if not _could_be_code(code):
        return False
    statement = db.select(Erasure.id).where(Erasure.participant_code == code.upper()).limit(1)
    return db.session.scalar(statement) is not None


def latest_erasure(code: str) -> Erasure | None:
    """The most recent erasure of this code, if any."""
    if not _could_be_code(code):
        return None
    statement = (
        db.select(Erasure)
        .where(Erasure.participant_code == code.upper())
        .order_by(Erasure.id.desc())
    )
    return db.session.execute(statement).scalars().first()
