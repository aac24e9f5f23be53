"""Erasure: one code path that removes a participant's data, every copy of it, and its traces."""
