"""Every format people bring is read to 100 % of its turns; every bad file gets its one message."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from transcript_helpers import read_fixture

from interview.transcripts.formats.base import FormatError
from interview.transcripts.formats.reader import read_transcript

EXPECTED = {
    "interview.vtt": ("vtt", [
        ("Interviewer", 12000, "Kako ste danes? Wie geht es Ihnen?"),
        ("Ana Novak", 15250, "Dobro, hvala. Čšž ćđ — und äöü ß 😀 Terapija mi je pomagala & "
                             "spremenila veliko."),
        ("Interviewer", 600000, "Kaj se je spremenilo?"),
        ("Ana Novak", 605000, "Lahko rečem ne. Ich kann nein sagen."),
        ("Interviewer", 3605000, "Še zadnje vprašanje."),
        ("Ana Novak", 3609125, "Nič več. Tschüß!"),
    ]),
    "noscribe.vtt": ("vtt", [
        ("S00", 3000, "Dober dan, začniva."),
        ("S01", 7000, "Prav, žal mi je, ker zamujam."),
        ("S00", 12000, "Kako gre terapija?"),
        ("S01", 21000, "Dobro gre. Größer als gedacht."),
    ]),
    "whisper.srt": ("srt", [
        ("I", 1000, "Hallo, wie geht's? Živjo!"),
        ("P", 5500, "Gut, danke. Gospa Šubić pravi, da je đuveč dober."),
        ("I", 4500000, "Danke für das Gespräch 🙏"),
    ]),
    "otranscribe.otr": ("otr", [
        ("I", 5000, "Stara oznaka?\nDruga vrstica."),
        ("I", 12500, "Kako ste?"),
        ("P", 16000, "Dobro. Čudovito, ja."),
        ("P", 3725750, "Še več: Straße."),
    ]),
    "noscribe.html": ("html", [
        ("S00", 2000, "Pozdravljeni, hvala za čas."),
        ("S01", 6500, "Ni problema. Übrigens: äöü. Še nekaj besed."),
        ("S00", 3601000, "Konec po eni uri 😀"),
    ]),
    "otter.txt": ("otter", [
        ("Speaker 1", 3000, "Dober dan. Kako ste?"),
        ("Ana Novak", 9000, "Dobro. Mir ist es gut gegangen, ßäöü.\nŠe ena vrstica."),
        ("Speaker 1", 3670000, "Hvala lepa."),
    ]),
    "typed.txt": ("txt", [
        (None, None, "Intervju P07, prepis"),
        ("I", 12000, "Kako ste?"),
        ("P", 15000, "Dobro. Čšž ćđ.\nNadaljujem v novi vrstici.\n\nNov odstavek istega govorca."),
        ("I", 300000, "Und dann?"),
        ("P", 310000, "Ja: dann wurde es besser 😀"),
        ("I", 3600500, "Hvala."),
    ]),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_turn_of_every_format_is_read(app, name):
    fmt, turns = EXPECTED[name]
    with app.test_request_context():
        read = read_fixture(name)
    assert read.format == fmt
    assert [(t.label, t.start_ms, t.text) for t in read.turns] == turns


def word_file(paragraphs: list[str]) -> bytes:
    """A .docx made by python-docx with one paragraph per line."""
    document = Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_transcript_with_markers_and_prefixes(app):
    data = word_file(["Prepis intervjuja", "[00:00:12] I: Kako ste?", "P: (00:00:15) Dobro, ž ć đ.",
                      "Še ena misel.", "I: [01:00:01] Danke, äöü ß 😀"])  # fmt: skip
    with app.test_request_context():
        read = read_transcript("prepis.docx", data)
    assert read.format == "docx"
    assert [(t.label, t.start_ms, t.text) for t in read.turns] == [
        (None, None, "Prepis intervjuja"),
        ("I", 12000, "Kako ste?"),
        ("P", 15000, "Dobro, ž ć đ.\nŠe ena misel."),
        ("I", 3601000, "Danke, äöü ß 😀"),
    ]


def test_the_format_can_be_forced(app):
    srt_text = b"1\n00:00:01,000 --> 00:00:02,000\nI: Hallo\n"
    with app.test_request_context():
        assert read_transcript("notes.txt", srt_text).format == "srt"  # found by its content
        forced = read_transcript("notes.txt", srt_text, "txt")
    assert forced.format == "txt"


def zip_bomb() -> bytes:
    """A zip whose one member unpacks from kilobytes to 50 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (50 * 1024 * 1024))
    return buffer.getvalue()


BAD = {
    "not UTF-8": ("a.txt", "I: Dober dan.\nP: Čudovito, žal mi je.\n".encode("cp1250"), "not UTF-8"),
    "UTF-16 without BOM": ("a.txt", "I: Dober dan ok\n".encode("utf-16-le"), "without a byte-order mark"),
    "times going back": ("a.vtt", b"WEBVTT\n\n00:00:10.000 --> 00:00:12.000\nI: a\n\n"
                                  b"00:00:05.000 --> 00:00:06.000\nP: b\n", "times go backwards at turn 2"),
    "one cue over most of the file": ("a.vtt", b"WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v S00>a\n\n"
                                               b"00:00:03.000 --> 01:00:00.000\n<v S01>b\n",
                                      "most of the file"),
    "empty": ("a.vtt", b"  \r\n", "The file is empty."),
    "no text": ("a.vtt", b"WEBVTT\n\n", "holds no transcript text"),
    "broken VTT": ("a.vtt", b"WEBVTT\n\n00:00:01.000 --> nonsense\nI: a\n", "not valid WebVTT"),
    "broken SRT": ("a.srt", b"1\n00:00:01,000 -> 00:00:02\nI: a\n", "not valid SRT"),
    "otr not JSON": ("a.otr", b"{not json", "not valid JSON"),
    "docx not a zip": ("a.docx", b"this is no zip at all", "not a valid zip archive"),
    "docx zip bomb": ("a.docx", zip_bomb(), "would unpack to far more"),
    "docx without a document": ("a.docx", b"", None),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD))
def test_every_bad_file_gets_its_message(app, case):
    name, data, message = BAD[case]
    if message is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "hi")
        data, message = buffer.getvalue(), "has no document part"
    with app.test_request_context(), pytest.raises(FormatError) as refused:
        read_transcript(name, data)
    assert message in str(refused.value)


def test_a_file_over_the_limit_is_refused(app):
    app.config["TRANSCRIPT_MAX_BYTES"] = 1000
    with app.test_request_context(), pytest.raises(FormatError, match="larger than 0 KB"):
        read_transcript("a.vtt", b"WEBVTT\n\n" + b"x" * 1000)
