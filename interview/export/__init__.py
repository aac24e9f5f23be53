"""Exports: a participant's record.json and coding PDF, and the bulk research export."""
