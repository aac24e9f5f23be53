"""Shared WeasyPrint plumbing: Jinja environment, cached stylesheets and fonts, HTML to PDF."""

import threading
from functools import cache
from importlib.resources import files
from io import BytesIO
from pathlib import Path
from typing import Any

import jinja2
import weasyprint.pdf
from weasyprint import CSS, HTML, Attachment, Document
from weasyprint.css import ColorProfile
from weasyprint.text.fonts import FontConfiguration

from interview.languages import translations_for
from interview.paths import static_dir, templates_dir
from interview.pdf.fetcher import SafeURLFetcher

PAGE_SIZES = ("A4", "Letter")
ARCHIVAL_INTENT = "archival-srgb"

# The cached FontConfiguration (Pango/fontconfig state) is shared, and waitress serves requests
# from threads: one render at a time per process. Rendering holds the GIL anyway, so this costs
# no throughput; bulk exports get parallelism from worker processes instead.
RENDER_LOCK = threading.Lock()


@cache
def jinja_env(language: str = "en") -> jinja2.Environment:
    """Return the process-wide template environment of one language (autoescaping, with that
    language's catalogue: PDFs are rendered outside requests, in worker processes too)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
    )
    env.install_gettext_translations(translations_for(language), newstyle=True)
    return env


def base_url() -> str:
    """Return the base URL relative links resolve against: static/ as a file:// URL."""
    return static_dir().resolve().as_uri() + "/"


@cache
def font_config() -> FontConfiguration:
    """Return the process-wide font configuration (shared by every cached stylesheet)."""
    return FontConfiguration()


@cache
def stylesheet(name: str) -> CSS:
    """Return the parsed stylesheet static/pdf/``name``, parsed once per process."""
    path = static_dir() / "pdf" / name
    return CSS(
        string=path.read_text(encoding="utf-8"),
        base_url=path.resolve().as_uri(),
        url_fetcher=SafeURLFetcher(),
        font_config=font_config(),
    )


@cache
def page_size_stylesheet(page_size: str) -> CSS:
    """Return a one-rule stylesheet setting the page size (A4 or Letter)."""
    if page_size not in PAGE_SIZES:
        raise ValueError(f"page_size must be one of {PAGE_SIZES}, not {page_size!r}")
    return CSS(string=f"@page {{ size: {page_size}; }}", font_config=font_config())


def render_template(name: str, **context: Any) -> str:
    """Render templates/pdf/``name`` to an HTML string, in the document's language (``lang``)."""
    language = context.get("lang") or "en"
    return jinja_env(language).get_template(f"pdf/{name}").render(**context)


def layout(html: str, stylesheets: list[CSS], instance_path: str | Path | None = None) -> Document:
    """Lay out ``html`` with our stylesheets and the safe fetcher (no PDF written yet)."""
    fetcher = SafeURLFetcher(instance_path)
    document = HTML(string=html, base_url=base_url(), url_fetcher=fetcher)
    return document.render(
        font_config=font_config(), stylesheets=stylesheets, presentational_hints=False
    )


def write_pdf(document: Document, attachments: list[Attachment] | None = None, **options) -> bytes:
    """Serialise a laid-out document to PDF bytes."""
    return document.write_pdf(attachments=attachments, **options)


@cache
def _srgb_profile() -> ColorProfile:
    """Return WeasyPrint's own sRGB profile, read once with the file closed afterwards."""
    data = (files(weasyprint.pdf) / "sRGB2014.icc").read_bytes()
    return ColorProfile(
        BytesIO(data), "sRGB2014.icc", "relative-colorimetric", (["r"], ["g"], ["b"])
    )


def write_pdfa(document: Document, attachments: list[Attachment]) -> bytes:
    """Serialise a laid-out document as PDF/A-3u with embedded attachments."""
    # WeasyPrint 70 leaves its sRGB file open when output_intent is "srgb" (a ResourceWarning
    # per archival PDF); the same profile under our own name takes the leak-free path.
    document.color_profiles[ARCHIVAL_INTENT] = _srgb_profile()
    document.output_intent = ARCHIVAL_INTENT
    return document.write_pdf(
        attachments=attachments, pdf_variant="pdf/a-3u", output_intent=ARCHIVAL_INTENT
    )
