"""Consent: the participant signs (or declines), the interviewer countersigns, the record is frozen."""
