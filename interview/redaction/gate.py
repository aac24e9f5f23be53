"""The review gate: no research export while a participant has suggestions nobody reviewed
(accepted, dismissed, or waived by an admin)."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _

from interview.models import Participant
from interview.redaction.review import pending_counts


class UnreviewedSuggestions(ValueError):
    """Raised by an export while some participants have unreviewed suggestions; ``counts`` maps
    each such participant's code to how many."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = dict(counts)
        listed = ", ".join(f"{code} ({count})" for code, count in sorted(self.counts.items()))
        super().__init__(
            _(
                "Redaction suggestions are not reviewed yet for %(participants)s: review them "
                "before exporting.",
                participants=listed,
            )
        )


def unreviewed(participants: Sequence[Participant]) -> dict[str, int]:
    """Code → how many unreviewed suggestions, of those of these participants who have any."""
    return {code: count for code, count in pending_counts(participants).items() if count}


def require_reviewed(participants: Sequence[Participant]) -> None:
    """Raise UnreviewedSuggestions when any of these participants has unreviewed suggestions."""
    counts = unreviewed(participants)
    if counts:
        raise UnreviewedSuggestions(counts)
