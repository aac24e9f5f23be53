"""Importing: the preview saves nothing, speakers map to roles, the import keeps a history, and a
re-import carries codings over by a text diff or is refused with what would be lost."""

from __future__ import annotations

import json

import pytest
from coding_helpers import code_passage, participant
from transcript_helpers import read_fixture, timed_participant, user

from interview.coding.citations import open_document
from interview.coding.document import build_document
from interview.extensions import db
from interview.models import Citation, Transcript, TranscriptRevision
from interview.record.build import build_record
from interview.transcripts.formats.reader import read_transcript
from interview.transcripts.imports import ImportBlocked, import_transcript, preview_transcript
from interview.transcripts.store import transcript_of, turns_of

VTT = "WEBVTT\n\n00:00:12.000 --> 00:00:14.000\n<v Ana>{first}\n\n00:00:15.000 --> 00:00:19.000\n<v Bor>{second}\n"
FIRST = "Kako ste danes, po terapiji?"
SECOND = "Dobro. Lahko rečem ne. Moja mama to ve."


def vtt(first: str = FIRST, second: str = SECOND):
    """A small VTT file read as the import reads it."""
    return read_transcript("a.vtt", VTT.format(first=first, second=second).encode())


def test_the_preview_saves_nothing_and_guesses_the_speakers(app):
    with app.test_request_context():
        participant = timed_participant()
        preview = preview_transcript(participant, read_fixture("interview.vtt"))
        assert db.session.scalar(db.select(db.func.count(Transcript.id))) == 0
    assert [(c.label, c.turns, c.role) for c in preview.speakers] == [
        ("Interviewer", 3, "interviewer"),
        ("Ana Novak", 3, "participant"),
    ]
    assert [t.speaker for t in preview.turns] == ["I", "P"] * 3
    assert preview.turns[5].start == "1:00:09.1" and preview.placed == 6


def test_the_study_labels_and_the_chosen_mapping(app):
    with app.test_request_context():
        participant = timed_participant()
        srt = preview_transcript(participant, read_fixture("whisper.srt"))
        swapped = preview_transcript(
            participant,
            read_fixture("noscribe.vtt"),
            speakers={"S00": "participant", "S01": "interviewer"},
        )
    assert [c.role for c in srt.speakers] == ["interviewer", "participant"]  # I: and P:
    assert [t.speaker for t in swapped.turns] == ["P", "I", "P", "I"]


@pytest.mark.parametrize("name", ["interview.vtt", "noscribe.vtt", "whisper.srt",
                                  "otranscribe.otr", "noscribe.html", "otter.txt", "typed.txt"])  # fmt: skip
def test_every_fixture_imports_all_its_turns(app, name):
    with app.test_request_context():
        participant = timed_participant()
        read = read_fixture(name)
        import_transcript(participant, read, by=user())
        saved = turns_of(transcript_of(participant))
        source = transcript_of(participant).source_format
    assert [(t.start_ms, t.text) for t in saved] == [(t.start_ms, t.text) for t in read.turns]
    assert source == read.format


def test_a_reimport_keeps_the_earlier_turns(app):
    with app.test_request_context():
        participant = timed_participant()
        import_transcript(participant, vtt(), by=user())
        import_transcript(participant, vtt(second="Popravljeno."), by=user(), offset_ms=-2000)
        revision = db.session.scalar(db.select(TranscriptRevision))
        transcript = transcript_of(participant)
        assert (transcript.version, transcript.offset_ms) == (2, -2000)
    assert revision.reason == "reimported" and revision.turns[1]["text"] == SECOND


def coded(app) -> None:
    """P05's transcript imported and one passage coded on it by alice."""
    subject = timed_participant()
    import_transcript(subject, vtt(), by=user())
    code_passage("P05", "alice", "Lahko rečem ne.", "Safety and trust")


def test_a_corrected_transcript_carries_the_codings_over(app):
    with app.test_request_context():
        coded(app)
        subject = participant("P05")
        corrected = vtt(first="Kako ste danes, po vsej terapiji?", second="Dobro, res. " + SECOND)
        preview = preview_transcript(subject, corrected)
        import_transcript(subject, corrected, by=user())
        citation = db.session.scalar(db.select(Citation))
        document, changed = open_document(subject)
        assert not changed and document.sha256 == build_document(subject).sha256
        assert document.text[citation.start : citation.end] == "Lahko rečem ne."
    assert preview.carried == 1 and not preview.lost


def test_a_reimport_that_would_lose_a_coding_is_refused(app):
    with app.test_request_context():
        coded(app)
        subject = participant("P05")
        changed = vtt(second="Dobro. Lahko rečem morda. Moja mama to ve.")
        preview = preview_transcript(subject, changed)
        with pytest.raises(ImportBlocked) as blocked:
            import_transcript(subject, changed, by=user())
        db.session.expire_all()
        assert transcript_of(subject).version == 1
        assert turns_of(transcript_of(subject))[1].text == SECOND
    assert [(p.label, p.coder, p.quote) for p in blocked.value.lost] == [
        ("5:1", "alice", "Lahko rečem ne.")
    ]
    assert preview.lost == blocked.value.lost


def test_a_bad_offset_is_refused(app):
    with app.test_request_context():
        participant = timed_participant()
        with pytest.raises(ValueError, match="more than a day"):
            import_transcript(participant, vtt(), by=user(), offset_ms=25 * 3600 * 1000)
        assert transcript_of(participant) is None


def test_the_file_s_speaker_names_never_reach_the_record(app):
    with app.test_request_context():
        subject = timed_participant()
        import_transcript(subject, read_fixture("interview.vtt"), by=user())
        record = build_record(subject)
    text = json.dumps(record, ensure_ascii=False)
    assert "Ana Novak" not in text and "Interviewer" not in text.replace('"interviewer"', "")
    assert [t["label"] for t in record["transcript"]["turns"]] == ["I", "P"] * 3
    assert record["transcript"]["turns"][5]["question_id"] == "anything-else"


def test_the_coding_document_is_the_transcript_s_words(app):
    with app.test_request_context():
        subject = timed_participant()
        import_transcript(subject, read_fixture("interview.vtt"), by=user())
        document = build_document(subject)
    assert document.source == "transcript"
    assert document.text.startswith("Kako ste danes? Wie geht es Ihnen?\n\nDobro, hvala.")
    assert "Interviewer" not in document.text and "0:00:12" not in document.text
    turns = [h.text for h in document.headings if h.level == 3]
    assert turns[:2] == ["I 0:00:12.0", "P 0:00:15.3"]
    questions = [h.text for h in document.headings if h.level == 2]
    assert questions[0] == "Are you taking any medication at the moment?"
