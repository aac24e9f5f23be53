"""The audio export an admin asks for explicitly: the files identify the participant by voice.

It is never part of the research export. The download is in the audit log, so an erasure lists it
among the copies outside the tool.
"""

from __future__ import annotations

import io
import json
import zipfile

from interview.audit import record_event
from interview.extensions import db
from interview.models import Participant, User
from interview.recording.assembly import segments_of
from interview.recording.markers import recording_summary, webvtt_chapters
from interview.register.recordings import segment_file

AUDIT_ACTION = "export_audio"


def audio_export(participant: Participant, user: User) -> bytes | None:
    """A zip with every segment's file, the chapters and the timeline (None without a recording)."""
    interview = participant.interview
    summary = recording_summary(interview) if interview is not None else None
    if summary is None:
        return None
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for segment in segments_of(interview):
            path = segment_file(participant.code, segment.client_id, segment.mime_type)
            if path.is_file():
                archive.write(path, f"{participant.code}-segment-{segment.number}{path.suffix}")
        archive.writestr(f"{participant.code}-chapters.vtt", webvtt_chapters(summary))
        archive.writestr(
            f"{participant.code}-recording.json", json.dumps(summary, indent=2, ensure_ascii=False)
        )
    record_event(AUDIT_ACTION, participant, user=user)
    db.session.commit()
    return buffer.getvalue()
