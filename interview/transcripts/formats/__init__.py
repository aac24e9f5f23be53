"""Readers of the transcript files people bring: one module per kind, each returning plain turns."""
