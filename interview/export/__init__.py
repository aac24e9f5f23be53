"""Exports: a participant's record.json and coding PDF, and the admin's bulk export."""
