"""The exchange commands: export qdpx/qdc (registered as copies), import qdc, codebook list."""

from __future__ import annotations

import json

from exchange_helpers import (
    HAND_WRITTEN_QDC,
    assert_valid,
    codebook_schema,
    coded_study,
    members,
    project_schema,
)

from interview.cli import cli
from interview.extensions import db
from interview.models import COPY_CLI, Code
from interview.register.copies import copies_holding


def test_export_qdpx_writes_a_valid_project_and_registers_it_as_a_copy(app, runner, tmp_path):
    coded_study(app)
    out = tmp_path / "study.qdpx"
    result = runner.invoke(cli, ["export", "qdpx", "--out", str(out), "--layer", "maja"])
    assert result.exit_code == 0, result.output
    assert "3 participants and 4 codings (layer maja)" in result.output
    assert_valid(project_schema(), members(out.read_bytes())["project.qde"])
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    with app.app_context():
        copies = copies_holding("P02")
        assert [(c.kind, c.path) for c in copies] == [(COPY_CLI, str(out.resolve()))]


def test_export_qdpx_refuses_an_unknown_layer_and_writes_nothing(app, runner, tmp_path):
    out = tmp_path / "study.qdpx"
    result = runner.invoke(cli, ["export", "qdpx", "--out", str(out), "--layer", "nobody"])
    assert result.exit_code == 1 and "no coding layer nobody" in result.output
    assert not out.exists()


def test_export_qdc_writes_a_valid_codebook(runner, tmp_path):
    out = tmp_path / "codebook.qdc"
    result = runner.invoke(cli, ["export", "qdc", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert_valid(codebook_schema(), out.read_bytes())


def test_import_qdc_merges_by_guid_then_name_and_keeps_the_nesting(app, runner, tmp_path):
    path = tmp_path / "codes.qdc"
    path.write_bytes(HAND_WRITTEN_QDC)
    dry = runner.invoke(cli, ["import", "qdc", str(path), "--dry-run"])
    assert dry.exit_code == 0 and "Would add 3 codes" in dry.output
    with app.app_context():
        assert db.session.scalar(db.select(Code).filter_by(name="Taxes")) is None
    real = runner.invoke(cli, ["import", "qdc", str(path)])
    assert real.exit_code == 0 and "Added 3 codes" in real.output
    again = runner.invoke(cli, ["import", "qdc", str(path)])
    assert "Added 0 codes; 3 matched ours" in again.output and "(by GUID)" in again.output
    listing = runner.invoke(cli, ["codebook", "list"])
    assert "Topics" in listing.output and "\n  Economy" in listing.output
    assert "\n    Taxes" in listing.output
    tree = json.loads(runner.invoke(cli, ["codebook", "list", "--format", "json"]).output)
    topics = next(node for node in tree if node["name"] == "Topics")
    assert topics["children"][0]["children"][0]["name"] == "Taxes"
    assert topics["children"][0]["colour"] == "#ffff00"


def test_import_without_a_coder_names_the_one_in_the_file_or_asks(app, runner, tmp_path):
    coded_study(app)
    out = tmp_path / "study.qdpx"
    runner.invoke(cli, ["export", "qdpx", "--out", str(out), "--layer", "maja"])
    result = runner.invoke(cli, ["import", "qdpx", str(out), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "layer of maja" in result.output and "imported before" not in result.output
    none = tmp_path / "none.qdpx"
    runner.invoke(cli, ["export", "qdpx", "--out", str(none), "--layer", "none"])
    asked = runner.invoke(cli, ["import", "qdpx", str(none)])
    assert asked.exit_code == 1 and "--coder" in asked.output
    unknown = runner.invoke(cli, ["import", "qdpx", str(none), "--coder", "ghost"])
    assert unknown.exit_code == 1 and "no user ghost" in unknown.output
