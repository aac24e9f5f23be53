"""The exchange page through HTTP: downloads, the upload form (login, role, CSRF, bad files)."""

from __future__ import annotations

import io

import pytest
from exchange_helpers import (
    HAND_WRITTEN_QDC,
    assert_valid,
    coded_study,
    members,
    other_tool,
    project_schema,
)
from helpers import post_form

from interview.exchange.exports import export_project
from interview.extensions import db
from interview.models import AuditEvent, Citation, Code

TINE = [("P01", "Zaupala sem ji", ("Safety and trust",))]


def upload(client, data: bytes, name="back.qdpx", dry_run=False, token_from="/exchange/"):
    fields = {"file": (io.BytesIO(data), name)}
    if dry_run:
        fields["dry_run"] = "y"
    return post_form(
        client,
        "/exchange/import",
        fields,
        token_from=token_from,
        content_type="multipart/form-data",
    )


def test_the_export_page_links_to_the_exchange_and_its_downloads_validate(app, analyst_client):
    coded_study(app)
    assert b"/exchange/" in analyst_client.get("/export/").data
    page = analyst_client.get("/exchange/")
    assert page.status_code == 200 and b"maja" in page.data
    response = analyst_client.get("/exchange/study.qdpx?layer=maja")
    assert response.status_code == 200
    assert_valid(project_schema(), members(response.data)["project.qde"])
    assert analyst_client.get("/exchange/codebook.qdc").data.startswith(b"<?xml")
    with app.app_context():
        logged = db.session.scalars(
            db.select(AuditEvent.participant_code).filter_by(action="export_qdpx")
        )
        assert sorted(logged) == ["P01", "P02", "P03"]


def test_an_unknown_layer_is_a_message_not_an_error(analyst_client):
    response = analyst_client.get("/exchange/study.qdpx?layer=nobody", follow_redirects=True)
    assert response.status_code == 200 and b"Choose a coding layer" in response.data


def test_an_analyst_uploads_a_project_dry_run_first_then_for_real(app, analyst_client):
    coded_study(app)
    with app.app_context():
        data = other_tool(export_project("none", "maja").data, TINE)
    dry = upload(analyst_client, data, dry_run=True)
    assert dry.status_code == 200, dry.data.decode()[-3000:]
    assert b"What the import would do" in dry.data
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Citation.id))) == 4
    real = upload(analyst_client, data)
    assert real.status_code == 200 and b"Imported" in real.data
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Citation.id))) == 5
        assert db.session.scalar(db.select(Code).filter_by(name="Being heard")) is not None


def test_an_analyst_uploads_a_codebook(app, analyst_client):
    response = upload(analyst_client, HAND_WRITTEN_QDC, name="codes.qdc")
    assert response.status_code == 200
    with app.app_context():
        taxes = db.session.scalar(db.select(Code).filter_by(name="Taxes"))
        assert db.session.get(Code, taxes.parent_id).name == "Economy"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"not a zip at all", b"not a REFI-QDA project"),
        (b'<!DOCTYPE x [<!ENTITY a "b">]><CodeBook/>', b"DTD or entities"),
        (b"", b"The file is empty"),
    ],
)
def test_a_bad_file_gives_a_clear_message_next_to_the_field(app, analyst_client, data, message):
    response = upload(analyst_client, data)
    assert response.status_code == 400
    assert message in response.data and b'class="error"' in response.data


def test_the_upload_needs_a_login_a_coder_and_the_token(app, client, auth, analyst_client):
    data = HAND_WRITTEN_QDC
    no_token = analyst_client.post(
        "/exchange/import",
        data={"file": (io.BytesIO(data), "c.qdc")},
        content_type="multipart/form-data",
    )
    assert no_token.status_code == 400
    auth.logout()
    assert auth.login("anna").status_code == 302
    assert upload(client, data, token_from="/").status_code == 403
    auth.logout()
    anonymous = upload(client, data, token_from="/login")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    with app.app_context():
        assert db.session.scalar(db.select(Code).filter_by(name="Taxes")) is None
