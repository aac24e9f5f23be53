"""The Results page: who may open it, what it shows, the PDF and the files, bad input."""

from __future__ import annotations

import json

import pytest
from analysis_helpers import PARAGRAPH, StaticSource, add_cohort, study_layer
from helpers import PASSWORD

from interview.analysis.layers import CodingLayer, register_layer_source
from interview.auth.users import create_user, find_user
from interview.consent.withdrawal import withdraw_participant
from interview.extensions import db
from interview.models import AuditEvent
from interview.participants.services import get_participant

RESULT_URLS = [
    "/results/",
    "/results/results.pdf",
    "/results/files/sample.json",
    "/results/files/sample.txt",
    "/results/files/table1.csv",
    "/results/files/citations.csv",
]


@pytest.fixture
def analyst(app):
    """An account with the analyst role."""
    with app.app_context():
        user = create_user("ana", PASSWORD)
        db.session.commit()
        user.role = "analyst"
        db.session.commit()
    return "ana"


@pytest.fixture
def cohort(app):
    """The cohort in the database (P20 withdrawn through the real service) and its layers."""
    with app.app_context():
        add_cohort()
        withdraw_participant(get_participant("P20"), find_user("admin"))
    register_layer_source(app, StaticSource(study_layer(), CodingLayer("anna")))
    return app


def test_access_by_role(client, auth, analyst):
    for url in RESULT_URLS:
        assert client.get(url).status_code == 302, url  # anonymous: to the login page
    for username, status in (("anna", 403), (analyst, 200), ("admin", 200)):
        auth.login(username)
        for url in RESULT_URLS:
            assert client.get(url).status_code == status, (username, url)
        auth.logout()


def test_the_menu_shows_results_to_analysts_and_admins_only(client, auth, analyst):
    auth.login("anna")
    assert 'href="/results/"' not in client.get("/").get_data(as_text=True)
    auth.logout()
    for username in (analyst, "admin"):
        auth.login(username)
        assert 'href="/results/"' in client.get("/").get_data(as_text=True)
        auth.logout()


def test_the_page_shows_the_paragraph_table_matrix_and_citations(cohort, client, auth):
    auth.login("admin")
    page = client.get("/results/").get_data(as_text=True)
    assert f'<p id="participants-paragraph" class="paragraph" lang="en">{PARAGRAPH}</p>' in page
    assert 'data-copy="participants-paragraph"' in page  # the copy button
    assert '<td>Empathic attunement</td><td class="num">9</td><td class="num">5</td>' in page
    assert 'class="matrix"' in page and '<th scope="col" class="num">P17</th>' in page
    assert "She noticed how I felt before I said it." in page
    # Withdrawn: named only among those left out, in no column and with no citation.
    # Named once, among those left out (the head's erased-codes list is for the tablet's script).
    body = page.split("</head>", 1)[1]
    assert body.count("P20") == 1 and '<span class="codes">(P20)</span>' in body
    assert "20:1" not in page
    assert "Ana Novak" not in page  # codes, never names


def test_viewing_is_audited(cohort, client, auth):
    auth.login("admin")
    client.get("/results/?layer=reconciled")
    client.get("/results/files/table1.csv")
    with cohort.app_context():
        actions = db.session.execute(db.select(AuditEvent.action, AuditEvent.detail)).all()
    assert ("results_view", "layer reconciled") in actions
    assert ("results_file", "table1.csv, layer reconciled") in actions


def test_another_layer_and_one_category_with_chosen_attributes(cohort, client, auth):
    auth.login("admin")
    empty = client.get("/results/?layer=anna").get_data(as_text=True)
    assert "The coding layer anna has no codes yet." in empty
    page = client.get("/results/?category=c6&attributes=employment").get_data(as_text=True)
    assert "12:3" in page and "5:39" not in page
    assert '<td class="attribute">Employed</td>' in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("layer=nobody", "Not a valid choice"),
        ("category=c99", "Not a valid choice"),
        ("attributes=shoe_size", "Choose only questionnaire items from the list."),
    ],
)
def test_bad_choices_show_a_message_and_the_default_results(cohort, client, auth, query, message):
    auth.login("admin")
    response = client.get(f"/results/?{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page
    assert '<td class="num">24</td>' in page  # the reconciled layer's total, as by default


def test_before_anyone_took_part(client, auth):
    auth.login("admin")
    page = client.get("/results/").get_data(as_text=True)
    assert "No participant has completed the questionnaire yet." in page
    assert "The coding layer reconciled has no codes yet." in page
    pdf = client.get("/results/results.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_unknown_file_is_a_404(client, auth):
    auth.login("admin")
    assert client.get("/results/files/secrets.txt").status_code == 404


def test_download_links_keep_only_the_choices(cohort, client, auth):
    auth.login("admin")
    page = client.get("/results/?layer=reconciled&name=x").get_data(as_text=True)
    assert 'href="/results/files/table1.csv?layer=reconciled"' in page


def test_files_follow_the_chosen_layer(cohort, client, auth):
    auth.login("admin")
    data = client.get("/results/files/sample.json").get_data()
    assert json.loads(data)["n"] == 16
    table = client.get("/results/files/table1.csv?layer=anna").get_data()
    assert table == b"category,subcategory,cc,ct\r\nTotal coded citations,,0,0\r\n"
