"""PDF renderers (coding record, signed consent) as plain services: data in, bytes out."""

from interview.pdf.coding import render_coding_pdf
from interview.pdf.consent import render_consent_pdf
from interview.pdf.fetcher import RefusedURLError, SafeURLFetcher, safe_url_fetcher

__all__ = [
    "RefusedURLError",
    "SafeURLFetcher",
    "render_coding_pdf",
    "render_consent_pdf",
    "safe_url_fetcher",
]
