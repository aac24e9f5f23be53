"""Pseudonymising free text before it leaves: the redaction list, its matching and its outputs.

``matching`` finds every listed term in a text (inflected forms too) and replaces it with a
numbered label, mapping offsets through the replacements; ``suggestions`` proposes terms to add;
``terms`` reads a participant's list from the database. The engine modules are plain functions on
plain data, so the export workers and the tests call them without Flask.
"""
