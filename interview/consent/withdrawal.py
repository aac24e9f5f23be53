"""Withdrawal from the study: the erasure service deletes every research datum and every copy."""

from __future__ import annotations

from interview.erasure.services import erase_participant
from interview.models import KIND_WITHDRAWAL, Erasure, Participant, User


def withdraw_participant(participant: Participant, user: User) -> Erasure:
    """Delete the participant's research data and every exported copy; the consent stays, withdrawn."""
    return erase_participant(participant, user, KIND_WITHDRAWAL)
