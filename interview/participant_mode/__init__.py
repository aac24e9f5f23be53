"""Participant mode: while the tablet is handed over, only that participant's own pages answer."""
