"""What a research export answers when the review gate stops it: 409, the message, and where to
review each participant's suggestions (never a 500, nothing written)."""

from __future__ import annotations

from flask import Flask, render_template, url_for

from interview.errors import wants_json
from interview.redaction.gate import UnreviewedSuggestions


def unreviewed_page(error: UnreviewedSuggestions):
    """409: the export waits for a review; the page names each participant and links the review."""
    message = str(error)
    if wants_json():
        return {"error": "unreviewed", "message": message, "participants": error.counts}, 409
    pending = [
        {"code": code, "count": count, "url": url_for("redaction.review", code=code)}
        for code, count in sorted(error.counts.items())
    ]
    return render_template("redaction/unreviewed.html", message=message, pending=pending), 409


def init_refusals(app: Flask) -> None:
    """Install the handler on every blueprint's views."""
    app.register_error_handler(UnreviewedSuggestions, unreviewed_page)
