"""Scripts and style sheets go out without comments and indentation, meaning unchanged."""

from __future__ import annotations

import pytest

from interview import paths
from interview.assets import compact

JS = """// A comment line goes.
(function () {
  "use strict";  // so does a comment at the end of a line
  var url = "https://example.org/a";  // the URL keeps its //
  var n = 1;  // it's kept: after a quote, this could be inside a string
  var odd = "a  // b";
  /* a block comment in a script stays: it could be inside a string */

  return url + odd;
})();
"""


def test_scripts_lose_comments_and_indentation_only():
    assert compact(JS, ".js") == (
        "(function () {\n"
        '"use strict";\n'
        'var url = "https://example.org/a";\n'
        "var n = 1;  // it's kept: after a quote, this could be inside a string\n"
        'var odd = "a  // b";\n'
        "/* a block comment in a script stays: it could be inside a string */\n"
        "return url + odd;\n"
        "})();\n"
    )


def test_style_sheets_lose_comments_and_indentation_only():
    css = '/* The page. */\n.a {\n  color: red; /* why */\n}\n\n[x]::after { content: " · " attr(x); }\n'
    assert compact(css, ".css") == '.a {\ncolor: red; \n}\n[x]::after { content: " · " attr(x); }\n'


@pytest.mark.parametrize("name", ["js/autosave.js", "css/app.css", "css/interview.css"])
def test_served_compact_and_cacheable(client, name):
    source = (paths.static_dir() / name).read_text(encoding="utf-8")
    response = client.get(f"/static/{name}")
    assert response.status_code == 200
    assert response.mimetype == ("text/javascript" if name.endswith(".js") else "text/css")
    body = response.get_data(as_text=True)
    assert body == compact(source, name[name.rindex(".") :])
    assert len(body) < len(source)
    again = client.get(f"/static/{name}", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_other_static_files_are_sent_as_they_are(client):
    source = (paths.static_dir() / "pdf" / "coding.css").read_bytes()
    with client.get("/static/pdf/coding.css") as response:
        assert response.get_data() == source


@pytest.mark.parametrize("path", ["/static/js/../../interview/assets.py", "/static/js/none.js"])
def test_nothing_outside_the_static_folder_or_missing(client, path):
    assert client.get(path).status_code == 404
