"""Recording pages: chunk upload and status for the recorder, the listening page, files, chapters."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, jsonify, render_template, request, send_file
from flask_login import current_user

from interview.auth.decorators import permission_required
from interview.inputs import parse_int
from interview.participants.services import get_participant
from interview.permissions import Permission
from interview.record.timeline import clock
from interview.recording.exports import audio_export
from interview.recording.intake import ChunkIn, RecordingRefused, accept_chunk
from interview.recording.listening import (
    ending_word,
    listening_context,
    recorder_for,
    recorder_status,
    recording_overview,
    segment_download,
)
from interview.recording.markers import marker_word, recording_summary, webvtt_chapters

bp = Blueprint("recording", __name__)

PREFIX = "/participants/<code>/recording"


@bp.app_context_processor
def recording_helpers() -> dict:
    """What the interview screen's recorder and the recording's pages need."""
    return {
        "recorder_for": recorder_for,
        "recording_overview": recording_overview,
        "marker_word": marker_word,
        "ending_word": ending_word,
        "clock": clock,
    }


@bp.errorhandler(RecordingRefused)
def refused(error: RecordingRefused):
    """A refused chunk, as JSON the recorder acts on (429 carries when to try again)."""
    body = {"error": error.error, "message": error.message, **error.extra}
    headers = (
        {"Retry-After": str(error.extra["retry_after"])} if "retry_after" in error.extra else {}
    )
    return body, error.code, headers


@bp.post(f"{PREFIX}/chunks")
@permission_required(Permission.INTERVIEW_CONDUCT)
def chunk(code: str):
    """Store one chunk of the recording (idempotent by segment and sequence) and acknowledge it."""
    participant = get_participant(code)
    args = request.args
    ack = accept_chunk(
        participant,
        ChunkIn(
            segment=args.get("segment", ""),
            sequence=parse_int(args.get("sequence"), maximum=1_000_000),
            sha256=args.get("sha256", ""),
            age_ms=parse_int(args.get("age"), maximum=24 * 3600 * 1000),
            mime_type=args.get("type", ""),
            final=args.get("final", ""),
            data=request.get_data(cache=False),
        ),
    )
    return jsonify(ok=True, segment=ack.segment, sequence=ack.sequence, duplicate=ack.duplicate)


@bp.get(f"{PREFIX}/status")
@permission_required(Permission.INTERVIEW_CONDUCT)
def status(code: str):
    """What the server holds: each segment's acknowledged chunks (the recorder resumes from it)."""
    return jsonify(recorder_status(get_participant(code)))


@bp.get(PREFIX)
@permission_required(Permission.RECORDING_LISTEN)
def listen(code: str):
    """The listening page: the recording with its question markers."""
    participant = get_participant(code)
    return render_template("recording/listen.html", **listening_context(participant))


@bp.get(f"{PREFIX}/segments/<id:number>")
@permission_required(Permission.RECORDING_LISTEN)
def segment(code: str, number: int):
    """One segment's assembled file, streamed with range requests (seeking asks for parts)."""
    found = segment_download(get_participant(code), number)
    if found is None:
        abort(404)
    path, mime_type = found
    return send_file(path, mimetype=mime_type, conditional=True, max_age=0)


@bp.get(f"{PREFIX}/chapters.vtt")
@permission_required(Permission.RECORDING_LISTEN)
def chapters(code: str):
    """The question markers as WebVTT chapters, for players and transcription tools."""
    participant = get_participant(code)
    summary = recording_summary(participant.interview) if participant.interview else None
    if summary is None:
        abort(404)
    return send_file(
        io_bytes(webvtt_chapters(summary)),
        mimetype="text/vtt",
        download_name=f"{participant.code}-chapters.vtt",
    )


@bp.get(f"{PREFIX}/export")
@permission_required(Permission.RECORDING_EXPORT)
def export(code: str):
    """A zip of the participant's audio files, chapters and timeline: only on an admin's request."""
    participant = get_participant(code)
    data = audio_export(participant, current_user)
    if data is None:
        abort(404)
    return send_file(
        io_bytes(data),
        mimetype="application/zip",
        as_attachment=True,
        download_name=f"{participant.code}-recording.zip",
    )


def io_bytes(data: str | bytes) -> BytesIO:
    """A file object over text or bytes, for send_file."""
    return BytesIO(data.encode() if isinstance(data, str) else data)
