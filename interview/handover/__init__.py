"""Hand the tablet to the participant: the session is locked to their participant-facing pages."""
