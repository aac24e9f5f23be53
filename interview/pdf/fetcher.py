"""A WeasyPrint URL fetcher serving only our own files (participant text is in the HTML)."""

import base64
import mimetypes
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from interview.paths import static_dir

MAX_DATA_URL_BYTES = 100 * 1024


class RefusedURLError(ValueError):
    """Raised for any URL the PDF renderer may not fetch."""


def allowed_roots(instance_path: str | Path | None = None) -> tuple[Path, ...]:
    """Return the folders the renderer may read: static/ and, if given, ``<instance>/fonts``."""
    roots = [static_dir().resolve()]
    if instance_path is not None:
        roots.append((Path(instance_path) / "fonts").resolve())
    return tuple(roots)


def _data_url(url: str) -> URLFetcherResponse:
    """Decode a small ``data:`` URL without touching urllib's openers."""
    if len(url) > MAX_DATA_URL_BYTES * 2:  # percent-encoding at most triples; cheap early cut
        raise RefusedURLError("data: URL too large")
    header, sep, payload = url[5:].partition(",")
    if not sep:
        raise RefusedURLError("malformed data: URL")
    media_type, *params = header.split(";")
    if params and params[-1] == "base64":
        body = base64.b64decode(unquote(payload), validate=False)
    else:
        body = unquote_to_bytes(payload)
    if len(body) > MAX_DATA_URL_BYTES:
        raise RefusedURLError("data: URL too large")
    return URLFetcherResponse(url, body, {"Content-Type": media_type or "text/plain"})


def _file_url(url: str, roots: tuple[Path, ...]) -> URLFetcherResponse:
    """Read a ``file:`` URL, but only a regular file inside one of ``roots``."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise RefusedURLError("file: URL with a host")
    # resolve() follows symlinks and removes "..", so the containment check sees the real file.
    path = Path(unquote(parts.path)).resolve()
    if not any(path.is_relative_to(root) for root in roots) or not path.is_file():
        raise RefusedURLError(f"not one of the project's files: {url}")
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": media_type})


def safe_url_fetcher(
    url: str, headers: dict | None = None, *, instance_path: str | Path | None = None
) -> URLFetcherResponse:
    """Return a project file or small data: URL; refuse everything else without a request."""
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme == "data":
        return _data_url(url)
    if scheme == "file":
        return _file_url(url, allowed_roots(instance_path))
    raise RefusedURLError(f"URL scheme not allowed in PDFs: {scheme or url!r}")


class SafeURLFetcher(URLFetcher):
    """WeasyPrint 70 wants a URLFetcher instance; this one delegates to ``safe_url_fetcher``."""

    def __init__(self, instance_path: str | Path | None = None) -> None:
        super().__init__(allowed_protocols=("file", "data"))
        self._instance_path = instance_path

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        """Fetch ``url`` under the project's policy (never over the network)."""
        return safe_url_fetcher(url, headers, instance_path=self._instance_path)
