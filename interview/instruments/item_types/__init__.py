"""Questionnaire item types: one object per type, everything about it in one place (see `registry`)."""
