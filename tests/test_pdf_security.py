"""PDF security: participant text stays text, names stay out, and nothing is fetched from outside."""

import socket
import urllib.request
from pathlib import Path

import pytest
from pdf_helpers import add_answer, pdf_text

import interview.pdf.fetcher as fetcher_module
from interview.paths import static_dir
from interview.pdf import engine
from interview.pdf.coding import render_coding_pdf
from interview.pdf.fetcher import RefusedURLError, safe_url_fetcher
from interview.record.synthetic import make_record

HOSTILE = (
    '<script>alert("x")</script> <img src="http://example.invalid/track.png"> '
    '<link rel="stylesheet" href="https://example.invalid/x.css"> {{ 7*7 }} &amp; ☺'
)
SECRET_NAME = "Zofija Skrivnostna"


@pytest.fixture
def no_network(monkeypatch):
    """Make any socket connection or urllib open fail the test loudly, and record attempts."""
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)
    return attempts


@pytest.fixture
def fetched(monkeypatch) -> list[str]:
    """Record every URL the renderer asks its fetcher for."""
    urls: list[str] = []
    real = fetcher_module.safe_url_fetcher

    def spy(url, *args, **kwargs):
        urls.append(url)
        return real(url, *args, **kwargs)

    monkeypatch.setattr(fetcher_module, "safe_url_fetcher", spy)
    return urls


def test_markup_in_answers_is_shown_literally_and_fetches_nothing(no_network, fetched):
    record = add_answer(make_record(paragraphs_per_answer=1), HOSTILE)
    record["interview"]["sections"][0]["questions"][0]["text"] = "<b>bold?</b>"
    text = pdf_text(render_coding_pdf(record))
    # The URLs wrap after "/", where extraction adds a space: compare without spaces.
    assert HOSTILE.replace(" ", "") in text.replace(" ", "")
    assert "<b>bold?</b>" in text
    assert fetched == [] and no_network == []


def test_names_in_stray_keys_are_never_rendered():
    record = make_record(paragraphs_per_answer=1)
    record["participant"]["name"] = SECRET_NAME
    record["participant_name"] = SECRET_NAME
    record["consent"]["participant_name"] = SECRET_NAME
    record["interview"]["sections"][0]["questions"][0]["participant_name"] = SECRET_NAME
    pdf = render_coding_pdf(record)
    assert "Zofija" not in pdf_text(pdf)
    assert b"Zofija" not in pdf


@pytest.mark.parametrize(
    "url",
    [
        "http://example.invalid/x.png",
        "https://example.invalid/x.css",
        "ftp://example.invalid/x",
        "file:///etc/passwd",
        "file://otherhost/etc/passwd",
        "//example.invalid/x.png",
        "gopher://example.invalid/",
    ],
)
def test_fetcher_refuses_everything_outside_the_project(no_network, url):
    with pytest.raises(RefusedURLError):
        safe_url_fetcher(url)
    assert no_network == []


def test_fetcher_refuses_path_traversal_out_of_static(no_network):
    url = (static_dir() / "pdf" / ".." / ".." / "pyproject.toml").as_uri()
    with pytest.raises(RefusedURLError):
        safe_url_fetcher(url)


def test_fetcher_serves_a_static_file(no_network):
    path = static_dir() / "pdf" / "coding.css"
    response = safe_url_fetcher(path.as_uri())
    assert response.read() == path.read_bytes()
    assert response.content_type == "text/css"


def test_fetcher_serves_small_data_urls_only(no_network):
    assert safe_url_fetcher("data:text/plain;base64,aGVsbG8=").read() == b"hello"
    assert safe_url_fetcher("data:,caf%C3%A9").read() == "café".encode()
    with pytest.raises(RefusedURLError):
        safe_url_fetcher("data:text/plain," + "a" * (100 * 1024 + 1))


def test_fetcher_serves_instance_fonts_but_not_symlinks_out(tmp_path: Path, no_network):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / "Local.ttf").write_bytes(b"font")
    (fonts / "escape.ttf").symlink_to("/etc/hostname")
    url = (fonts / "Local.ttf").as_uri()
    assert safe_url_fetcher(url, instance_path=tmp_path).read() == b"font"
    with pytest.raises(RefusedURLError):
        safe_url_fetcher(url)  # without an instance path, only static/ is allowed
    with pytest.raises(RefusedURLError):
        safe_url_fetcher((fonts / "escape.ttf").as_uri(), instance_path=tmp_path)


def test_renderer_uses_the_safe_fetcher_for_raw_html(no_network, fetched):
    # Even markup that escaped our templates could not reach the network.
    html = (
        '<link rel="stylesheet" href="https://example.invalid/x.css">'
        '<img src="http://example.invalid/a.png"><img src="file:///etc/hostname"><p>ok</p>'
    )
    document = engine.layout(html, [engine.stylesheet("common.css")])
    assert len(document.pages) == 1
    assert set(fetched) >= {"https://example.invalid/x.css", "http://example.invalid/a.png"}
    assert no_network == []
