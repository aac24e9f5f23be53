"""A tablet's local copies of an erased participant are wiped the next time it talks to the server:
every page lists the erased codes, and a refused request about one names it in a header."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from erasure_helpers import delete, marked_participant, withdraw
from helpers import csrf_token

from interview.paths import static_dir

ERASED_META = '<meta name="erased-codes" content="{}">'


@pytest.fixture
def erased(app, admin_client) -> tuple[str, str]:
    """P01 withdrew and P02 was deleted; P03 is still in the study."""
    with app.app_context():
        for number in (1, 2, 3):
            marked_participant(number, f"Marker{number}")
    withdraw(admin_client, "P01")
    delete(admin_client, "P02")
    return "P01", "P02"


def test_every_page_lists_the_erased_codes_for_the_script(app, admin_client, erased):
    html = admin_client.get("/participants/P03").get_data(as_text=True)
    assert ERASED_META.format("P01 P02") in html
    assert html.index("js/erased.js") < html.index("</head>")
    anonymous = app.test_client()
    assert "erased-codes" not in anonymous.get("/login").get_data(as_text=True)


@pytest.mark.parametrize("code", ["P01", "P02"])
def test_an_autosave_for_an_erased_participant_says_erased(admin_client, erased, code):
    token = csrf_token(admin_client, "/")
    response = admin_client.post(
        f"/participants/{code}/interview/autosave",
        json={"question_id": "causes", "text": "unsent words"},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 410 and response.get_json()["error"] == "erased"
    assert response.headers["X-Interview-Erased"] == code


def test_pages_about_an_erased_participant_name_them_in_a_header(admin_client, erased):
    assert admin_client.get("/participants/P02/interview").headers["X-Interview-Erased"] == "P02"
    assert admin_client.get("/participants/P02").status_code == 404
    assert "X-Interview-Erased" not in admin_client.get("/participants/P09").headers
    token = csrf_token(admin_client, "/")
    live = admin_client.post(
        "/participants/P03/interview/autosave",
        json={"question_id": "causes", "text": "x"},
        headers={"X-CSRFToken": token},
    )
    assert "X-Interview-Erased" not in live.headers


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run the page script")
def test_the_script_wipes_exactly_the_erased_codes_local_texts_and_audio():
    script = Path(static_dir()) / "js" / "erased.js"
    checker = Path(__file__).with_name("erased_js_check.js")
    result = subprocess.run(
        ["node", str(checker), str(script), "P01 P07", "P02"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    keys = json.loads(result.stdout)
    assert keys["afterLoad"] == ["autosave:P02:causes", "autosave:P010:causes", "other"]
    assert keys["afterFetch"] == ["autosave:P010:causes", "other"]
    # The recorder's unsent chunks of P01 (meta) and P02 (header) go; P010's and P03's stay.
    assert keys["audio"] == ["P010|1|b|0", "P03|1|d|0"]
