"""Hostile files are refused with a clear message, and nothing is written."""

from __future__ import annotations

import io
import zipfile

import pytest
from coding_helpers import add_analyst
from exchange_helpers import zipped

from interview.cli import cli
from interview.exchange import safety
from interview.exchange.reader import read_project, read_qdc
from interview.exchange.safety import ExchangeError
from interview.extensions import db
from interview.models import AuditEvent, Citation, Code, CodebookEvent

PROJECT = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<Project xmlns="urn:QDA-XML:project:1.0" name="x">%s</Project>'
)
XXE = (
    b'<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    b'<Project xmlns="urn:QDA-XML:project:1.0" name="&xxe;"/>'
)
LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b']>\n<Project xmlns="urn:QDA-XML:project:1.0" name="&lol9;"/>'
)
UTF16_DTD = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE Project [<!ENTITY a "b">]><Project/>'


def bomb() -> bytes:
    """A zip whose one member unpacks to 100 MB of zeros (about 100 KB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", b"\0" * (100 * 1024 * 1024))
    return buffer.getvalue()


HOSTILE = {
    "xxe": (zipped({"project.qde": XXE}), "DTD or entities"),
    "billion-laughs": (zipped({"project.qde": LAUGHS}), "DTD or entities"),
    "utf16-dtd": (zipped({"project.qde": UTF16_DTD.encode("utf-16")}), "DTD or entities"),
    "zip-slip": (
        zipped({"project.qde": PROJECT % b"", "../../evil.txt": b"x"}),
        "path leaves its folder",
    ),
    "zip-slip-absolute": (
        zipped({"project.qde": PROJECT % b"", "/etc/evil": b"x"}),
        "path leaves its folder",
    ),
    "zip-bomb": (bomb(), "zip bomb"),
    "not-a-zip": (b"%PDF-1.7 this is no zip", "not a REFI-QDA project"),
    "not-xml": (zipped({"project.qde": b"<Project"}), "not well-formed XML"),
    "no-project": (zipped({"readme.txt": b"hello"}), "no project.qde"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_each_hostile_project_is_refused_with_a_clear_message(name):
    data, message = HOSTILE[name]
    with pytest.raises(ExchangeError, match=message):
        read_project(data)


def test_an_oversized_member_is_refused_even_when_its_header_lies(monkeypatch):
    monkeypatch.setattr(safety, "MAX_MEMBER", 1000)
    with pytest.raises(ExchangeError, match="too large"):
        read_project(zipped({"project.qde": PROJECT % (b" " * 5000)}))
    archive = safety.open_zip(zipped({"small.txt": b"x" * 10}))
    with pytest.raises(ExchangeError, match="too large"):
        archive.read("small.txt", limit=5)


def test_a_hostile_codebook_is_refused():
    with pytest.raises(ExchangeError, match="DTD or entities"):
        read_qdc(XXE.replace(b"Project", b"CodeBook"))
    with pytest.raises(ExchangeError, match="not a REFI-QDA codebook"):
        read_qdc(PROJECT % b"")


def counts() -> tuple[int, ...]:
    return tuple(
        db.session.scalar(db.select(db.func.count(model.id)))
        for model in (Citation, Code, CodebookEvent, AuditEvent)
    )


@pytest.mark.parametrize("name", list(HOSTILE))
def test_the_import_command_refuses_each_and_writes_nothing(app, runner, tmp_path, name):
    add_analyst(app, "tine")
    with app.app_context():
        before = counts()
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "hostile.qdpx"
    path.write_bytes(HOSTILE[name][0])
    result = runner.invoke(cli, ["import", "qdpx", str(path), "--coder", "tine"])
    assert result.exit_code == 1
    assert HOSTILE[name][1] in result.output and "Traceback" not in result.output
    with app.app_context():
        assert counts() == before
    assert sorted(p.name for p in folder.iterdir()) == ["hostile.qdpx"]
    assert not list(tmp_path.rglob("evil*"))
