"""The exchange exports as services: a .qdpx of the study, a .qdc of its codebook.

A .qdpx holds every exportable participant's words, so it is a copy like any other export: the
command line registers the file it writes (erasure then lists or deletes it), and a download from
the export page writes one audit event per participant (erasure lists those as copies outside the
tool). Nothing in it names a participant: sources and cases are named by participant code.
The default project is redacted (interview/redaction) and never carries audio. The recordings go
in only when an admin asks for them (`with_audio`): that project is the team's own unredacted
copy (the voice identifies the participant anyway), and the downloads that hold it are audited as
`export_qdpx_audio`, their detail saying "unredacted".
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TypeVar

from flask_babel import gettext as _

from interview.audit import record_event
from interview.coding.codebook import codebook_file
from interview.exchange.qde import codebook_xml, qdpx_bytes, write_qdpx
from interview.exchange.safety import ExchangeError
from interview.exchange.study import NO_LAYER, codebook_nodes, gather_study
from interview.extensions import db
from interview.models import COPY_CLI, LAYER_RECONCILED, User
from interview.register.copies import register_copy

AUDIT_QDPX = "export_qdpx"
AUDIT_QDPX_AUDIO = "export_qdpx_audio"
T = TypeVar("T")


@dataclass(frozen=True)
class ProjectFile:
    """An exported project: its bytes and the participants it holds."""

    data: bytes
    codes: tuple[str, ...]
    selections: int
    recordings: tuple[str, ...] = ()


def check_layer(layer: str) -> str:
    """The layer if it is `reconciled`, `none` or a user's name; ExchangeError otherwise."""
    if layer in (LAYER_RECONCILED, NO_LAYER):
        return layer
    if db.session.scalar(db.select(User.id).filter_by(username=layer)) is None:
        raise ExchangeError(
            _(
                "There is no coding layer %(name)s: give reconciled, none, or a coder's user name.",
                name=layer,
            )
        )
    return layer


def study_title() -> str:
    """The project's name in the other tool."""
    source = codebook_file()
    return source.title or source.id


def export_project(layer: str, exporter: str, stream: BinaryIO | None = None) -> ProjectFile:
    """The study as a .qdpx with the codings of `layer` (read only; nothing is committed).

    With a `stream` the project is written into it with every recording (the admin asked for the
    audio), and `data` is empty: a study's audio does not belong in memory.
    """
    study = gather_study(check_layer(layer), exporter, study_title(), with_audio=stream is not None)
    if stream is None:
        data = qdpx_bytes(study)
    else:
        write_qdpx(study, stream)
        data = b""
    selections = sum(len(source.selections) for source in study.sources)
    codes = tuple(code for code, _values in study.cases)
    return ProjectFile(data, codes, selections, tuple(audio.code for audio in study.audio))


def export_codebook() -> bytes:
    """The live codebook as a .qdc."""
    return codebook_xml(codebook_nodes())


def write_file(out: Path, data: bytes) -> Path:
    """Write `data` to `out` all at once (a partial file never stands under the final name)."""
    return write_stream(out, lambda stream: stream.write(data))[0]


def write_stream(out: Path, write: Callable[[BinaryIO], T]) -> tuple[Path, T]:
    """Write to `out` through `write` (the path and what `write` returned); a partial file never
    stands under the final name."""
    out = out.resolve()
    if out.is_dir():
        raise ExchangeError(_("%(path)s is a folder; give a file name.", path=str(out)))
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            result = write(stream)
        os.chmod(partial, 0o600)
        os.replace(partial, out)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return out, result


def write_project(
    out: Path, layer: str, created_by: str, *, with_audio: bool = False
) -> ProjectFile:
    """`interview export qdpx`: write the project and register the file as a copy (with audio, it
    holds voices: the same register, so an erasure finds it)."""
    if with_audio:
        path, project = write_stream(out, lambda stream: export_project(layer, created_by, stream))
    else:
        project = export_project(layer, created_by)
        path = write_file(out, project.data)
    register_copy(COPY_CLI, str(path), project.codes, created_by=created_by)
    audio = f", unredacted, audio of {len(project.recordings)}" if with_audio else ", redacted"
    action = AUDIT_QDPX_AUDIO if with_audio else AUDIT_QDPX
    record_event(action, detail=f"command line qdpx to {path.name}, layer {layer}{audio}")
    db.session.commit()
    return project


def download_project(layer: str, user: User) -> ProjectFile:
    """The redacted project for a browser download: one audit event per participant it holds."""
    project = export_project(layer, user.username)
    for code in project.codes:
        record_event(AUDIT_QDPX, code, detail=f"layer {layer}, redacted", user=user)
    db.session.commit()
    return project


def download_project_audio(layer: str, user: User) -> tuple[ProjectFile, BinaryIO]:
    """The project with the recordings for an admin's download, in a temporary file (rewound):
    the team's own unredacted copy.

    One audit event per participant: `export_qdpx_audio` for those whose voice it holds, so an
    erasure lists the recording among the copies outside the tool, `export_qdpx` for the others.
    """
    # Not a context manager: the open file goes to send_file, which closes it after the response.
    stream = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        project = export_project(layer, user.username, stream)
    except BaseException:
        stream.close()
        raise
    stream.seek(0)
    for code in project.codes:
        action = AUDIT_QDPX_AUDIO if code in project.recordings else AUDIT_QDPX
        record_event(action, code, detail=f"layer {layer}, unredacted", user=user)
    db.session.commit()
    return project, stream
