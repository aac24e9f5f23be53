"""Named counters that only grow; bumping one also locks its row until the transaction ends.

The lock is what makes them useful beyond counting: on PostgreSQL the UPDATE takes the row lock, on
SQLite the first write of a transaction takes the database's write lock. Two transactions that both
touch the same counter are therefore serialised (an erasure and an export publishing its files).
"""

from __future__ import annotations

from interview.extensions import db
from interview.models import Counter

PARTICIPANT_NUMBER = "participant_number"
ERASURE_GENERATION = "erasure_generation"

_COUNTERS = Counter.__table__


def bump(name: str, by: int = 1) -> int:
    """Add ``by`` to the counter (creating it at 0 if missing), lock it, and return the new value."""
    statement = (
        db.update(_COUNTERS).where(_COUNTERS.c.name == name).values(value=_COUNTERS.c.value + by)
    )
    if db.session.execute(statement).rowcount == 0:
        db.session.add(Counter(name=name, value=by))
        db.session.flush()
    return current(name)


def hold(name: str) -> int:
    """Lock the counter without changing it (until the transaction ends) and return its value."""
    return bump(name, by=0)


def current(name: str) -> int:
    """The counter's value now (0 if it was never bumped), without locking it."""
    return db.session.scalar(db.select(Counter.value).where(Counter.name == name)) or 0


def raise_to(name: str, value: int) -> int:
    """Set the counter to ``value`` if that is higher (the caller holds its lock); return it."""
    db.session.execute(
        db.update(_COUNTERS)
        .where(_COUNTERS.c.name == name, _COUNTERS.c.value < value)
        .values(value=value)
    )
    return current(name)
