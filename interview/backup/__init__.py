"""Backup and restore of one installation: the database, the secret key and the instance's own files."""
