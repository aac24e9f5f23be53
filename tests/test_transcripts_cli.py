"""`interview transcript import|export` on the command line."""

from __future__ import annotations

from transcript_helpers import FIXTURES, timed_participant

from interview.cli import cli
from interview.erasure.outside import copies_outside
from interview.extensions import db
from interview.models import COPY_CLI, ExportCopy, Transcript
from interview.transcripts.formats.reader import read_transcript


def test_a_dry_run_prints_the_preview_and_saves_nothing(app, runner):
    with app.app_context():
        timed_participant()
    result = runner.invoke(cli, ["transcript", "import", "P05", str(FIXTURES / "interview.vtt"),
                                 "--dry-run"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "speaker Interviewer: 3 turns -> interviewer" in result.output
    assert "1:00:09.1 P [anything-else] Nič več. Tschüß!" in result.output
    assert "Dry run: nothing saved." in result.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Transcript.id))) == 0


def test_an_import_with_speakers_and_offset(app, runner):
    with app.app_context():
        timed_participant()
    args = ["transcript", "import", "P05", str(FIXTURES / "noscribe.vtt"), "--offset", "62.5",
            "--speaker", "S00=participant", "--speaker", "S01=interviewer"]  # fmt: skip
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "Saved P05's transcript, version 1." in result.output
    with app.app_context():
        transcript = db.session.scalar(db.select(Transcript))
        assert transcript.offset_ms == 62_500
        assert [t.speaker for t in transcript.turns][:2] == ["participant", "interviewer"]
        # 3 s + 62.5 s = 1:05.5, just after how-therapy-felt was opened (1:05).
        assert transcript.turns[0].question_id == "how-therapy-felt"


def test_a_bad_file_or_speaker_is_one_line(app, runner, tmp_path):
    with app.app_context():
        timed_participant()
    bad = tmp_path / "bad.txt"
    bad.write_bytes("I: Čudovito, žal.\n".encode("cp1250"))
    result = runner.invoke(cli, ["transcript", "import", "P05", str(bad)])
    assert result.exit_code == 1 and "not UTF-8" in result.output
    wrong = runner.invoke(cli, ["transcript", "import", "P05", str(bad), "--speaker", "I=boss"])
    assert wrong.exit_code == 2 and "LABEL=interviewer" in wrong.output
    missing = runner.invoke(cli, ["transcript", "import", "P99", str(bad)])
    assert "There is no participant P99." in missing.output


def test_export_round_trips_and_is_registered(app, runner, tmp_path):
    with app.app_context():
        timed_participant()
    runner.invoke(cli, ["transcript", "import", "P05", str(FIXTURES / "interview.vtt")])
    for fmt in ("vtt", "txt"):
        out = tmp_path / f"P05.{fmt}"
        result = runner.invoke(
            cli, ["transcript", "export", "P05", "--format", fmt, "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
        with app.test_request_context():
            again = read_transcript(out.name, out.read_bytes())
            saved = db.session.scalar(db.select(Transcript)).turns
            assert [(t.start_ms, t.text) for t in again.turns] == [
                (t.start_ms, t.text) for t in saved
            ]
            assert [t.label for t in again.turns] == ["I", "P"] * 3
    with app.app_context():
        copies = db.session.scalars(db.select(ExportCopy).filter_by(kind=COPY_CLI)).all()
        assert sorted(c.path for c in copies) == sorted(
            str(tmp_path / f"P05.{f}") for f in ("txt", "vtt")
        )
        assert all([p.participant_code for p in c.participants] == ["P05"] for c in copies)


def test_export_without_a_transcript(app, runner, tmp_path):
    with app.app_context():
        timed_participant()
    result = runner.invoke(
        cli, ["transcript", "export", "P05", "--format", "txt", "--out", str(tmp_path / "x")]
    )
    assert result.exit_code == 1 and "P05 has no transcript." in result.output


def test_an_erasure_lists_the_exported_file(app, runner, tmp_path):
    with app.app_context():
        timed_participant()
    runner.invoke(cli, ["transcript", "import", "P05", str(FIXTURES / "typed.txt")])
    out = tmp_path / "P05.txt"
    runner.invoke(cli, ["transcript", "export", "P05", "--format", "txt", "--out", str(out)])
    with app.test_request_context():
        listed = [copy.where for copy in copies_outside("P05")]
    assert str(out) in listed
