"""Bulk exports: rendering many PDFs in worker processes, their cache, writers, background jobs."""
