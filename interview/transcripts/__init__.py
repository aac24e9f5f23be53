"""Transcripts: the word-by-word text of an interview as turns, typed in the tool or imported."""
